import Glibc
import Synchronization
import SystemPackage

/// The write end of the pipe the signal handler writes to; -1 when none is installed.
private let stopSignalPipe = Atomic<Int32>(-1)

/// SIGINT and SIGTERM turned into a readable descriptor (the self-pipe trick), so that
/// a loop waiting in `poll` for other descriptors also wakes up for them. One per
/// process: a second instance takes the signals over from the first. Unblocks both
/// signals in the calling thread.
public final class StopSignals: Sendable {
    /// Becomes readable once SIGINT or SIGTERM arrived.
    public let fileDescriptor: Int32
    private let writeEnd: Int32
    private let seen = Atomic<Bool>(false)

    /// Creates the pipe and installs the handlers. The corresponding C functions are
    /// `pipe` and `signal`.
    public init() throws(MediaError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw MediaError(code: .monitorFailed, errno: Errno(rawValue: errno), operation: "pipe")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        fileDescriptor = ends[0]
        writeEnd = ends[1]
        stopSignalPipe.store(writeEnd, ordering: .sequentiallyConsistent)
        // A parent may have left them blocked (posix_spawn from a thread that blocks
        // everything): unblock them, or they would stay pending and never wake anyone.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        for signalNumber in [SIGINT, SIGTERM] {
            _ = signal(signalNumber) { _ in
                // Only async-signal-safe calls here: an atomic load and write(2).
                var byte: UInt8 = 1
                let savedErrno = errno
                _ = write(stopSignalPipe.load(ordering: .sequentiallyConsistent), &byte, 1)
                errno = savedErrno
            }
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    deinit {
        _ = stopSignalPipe.compareExchange(
            expected: writeEnd, desired: -1, ordering: .sequentiallyConsistent)
        for signalNumber in [SIGINT, SIGTERM] { _ = signal(signalNumber, SIG_DFL) }
        close(fileDescriptor)
        close(writeEnd)
    }

    /// Whether a signal arrived (reads the pipe without blocking; stays true).
    public var received: Bool {
        if seen.load(ordering: .sequentiallyConsistent) { return true }
        var byte: UInt8 = 0
        guard read(fileDescriptor, &byte, 1) == 1 else { return false }
        seen.store(true, ordering: .sequentiallyConsistent)
        return true
    }
}
