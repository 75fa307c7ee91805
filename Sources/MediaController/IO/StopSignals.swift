import Glibc
import Synchronization
import SystemPackage

/// The write end of the pipe the signal handler writes to; -1 when none is installed.
private let stopSignalPipe = Atomic<Int32>(-1)
/// How many times SIGINT or SIGTERM arrived since the last `StopSignals` was made.
private let stopSignalCount = Atomic<Int>(0)

/// SIGINT and SIGTERM, counted and turned into a readable descriptor (the self-pipe
/// trick), so that a loop waiting in `poll` for other descriptors also wakes up for them,
/// and a loop that works between checks can ask `received`. One per process: a second
/// instance takes the signals over from the first.
///
/// `watch` polls `fileDescriptor` and stops. `stress` makes it with `onSecondSignal`
/// (binding the device again), checks `received` between steps, and keeps the signals
/// away from its ioctl threads.
public final class StopSignals: Sendable {
    /// Becomes readable once SIGINT or SIGTERM arrived, and stays so.
    public var fileDescriptor: Int32 { readEnd.fd.rawValue }
    private let readEnd: OwnedDescriptor
    private let writeEnd: OwnedDescriptor

    /// Creates the pipe and installs the handlers; unblocks both signals in the calling
    /// thread. The corresponding C functions are `pipe` and `signal`.
    public convenience init() throws(MediaError) {
        try self.init(handledIn: .callingThread)
    }

    /// Also blocks both signals in the calling thread, so that the threads it starts
    /// later (which inherit its mask) are never interrupted: a thread of their own takes
    /// them. The second signal runs `onSecondSignal` in that thread, then exits with
    /// 130. That thread keeps the instance for the life of the process. Make it before
    /// starting other threads.
    public convenience init(onSecondSignal: @escaping @Sendable () -> Void) throws(MediaError) {
        try self.init(handledIn: .ownThread(onSecondSignal))
    }

    private enum Handling {
        case callingThread
        case ownThread(@Sendable () -> Void)
    }

    private init(handledIn handling: Handling) throws(MediaError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw MediaError(code: .monitorFailed, errno: Errno(rawValue: errno), operation: "pipe")
        }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readEnd = OwnedDescriptor(adopting: FileDescriptor(rawValue: ends[0]))
        writeEnd = OwnedDescriptor(adopting: FileDescriptor(rawValue: ends[1]))
        var set = Self.signalSet
        if case .ownThread = handling { pthread_sigmask(SIG_BLOCK, &set, nil) }
        stopSignalCount.store(0, ordering: .sequentiallyConsistent)
        stopSignalPipe.store(ends[1], ordering: .sequentiallyConsistent)
        for signalNumber in [SIGINT, SIGTERM] {
            _ = signal(signalNumber) { _ in
                // Only async-signal-safe calls here: lock-free atomics and write(2).
                var byte: UInt8 = 1
                let savedErrno = errno
                stopSignalCount.add(1, ordering: .sequentiallyConsistent)
                _ = write(stopSignalPipe.load(ordering: .sequentiallyConsistent), &byte, 1)
                errno = savedErrno
            }
        }
        switch handling {
        case .callingThread:
            // A parent may have left them blocked (posix_spawn from a thread that blocks
            // everything): unblock them, or they would stay pending and never wake anyone.
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        case .ownThread(let onSecondSignal):
            let started = startThread { [self] in
                var set = Self.signalSet
                pthread_sigmask(SIG_UNBLOCK, &set, nil)
                // The handler runs in this thread, the only one that takes the signals,
                // and ends the sleep early; the timeout covers a signal taken elsewhere.
                while count < 2 { usleep(100_000) }
                onSecondSignal()
                _exit(130)
            }
            guard started else {
                throw MediaError(code: .monitorFailed, operation: "pthread_create", detail: "no thread for SIGINT and SIGTERM")
            }
        }
    }

    deinit {
        _ = stopSignalPipe.compareExchange(
            expected: writeEnd.fd.rawValue, desired: -1, ordering: .sequentiallyConsistent)
        for signalNumber in [SIGINT, SIGTERM] { _ = signal(signalNumber, SIG_DFL) }
        // The pipe's two ends close after this, when their owners go.
    }

    /// How many times a signal arrived.
    public var count: Int { stopSignalCount.load(ordering: .sequentiallyConsistent) }

    /// Whether a signal arrived (stays true).
    public var received: Bool { count > 0 }

    private static var signalSet: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
