import Glibc
import MediaController
import Synchronization
import SystemPackage

/// A thread in poll(2) for POLLPRI on a request descriptor (`--file-op request-poll`).
final class RequestPoll: Sendable {
    private let finished = Atomic<Bool>(false)
    private let events = Atomic<Int32>(0)

    /// Starts the poll, with `timeout` seconds of its own so that the thread always ends.
    init(_ request: FileDescriptor, timeout: Double = 30) throws(MediaError) {
        let started = startThread { [self] in
            var entry = pollfd(fd: request.rawValue, events: Int16(POLLPRI), revents: 0)
            let ready = poll(&entry, 1, Int32(timeout * 1000))
            events.store(ready == 1 ? Int32(entry.revents) : ready == 0 ? 0 : -1, ordering: .sequentiallyConsistent)
            finished.store(true, ordering: .sequentiallyConsistent)
        }
        guard started else { throw MediaError(code: .ioctlFailed, operation: "pthread_create") }
    }

    /// Whether it returned already.
    var hasReturned: Bool { finished.load(ordering: .sequentiallyConsistent) }

    /// What it returned within `timeout` seconds: `POLLPRI`, `revents 0x...`, `timeout`,
    /// `error` or `still blocked`.
    func outcome(within timeout: Double) -> String {
        guard MonotonicClock.wait(within: timeout, until: { hasReturned }) else { return "still blocked" }
        let revents = events.load(ordering: .sequentiallyConsistent)
        switch revents {
        case -1: return "error"
        case 0: return "timeout"
        case Int32(POLLPRI): return "POLLPRI"
        default: return "revents 0x\(String(revents, radix: 16))"
        }
    }
}
