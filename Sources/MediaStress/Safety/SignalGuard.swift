import Glibc
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the engine checks between steps, so an
/// interrupted run still binds the device again and writes its report. A second
/// signal runs `emergency` (bind) and exits with 130.
public final class SignalGuard: Sendable {
    private let signalCount = Atomic<Int>(0)

    /// Blocks the signals in this thread (threads started later inherit the mask) and
    /// starts a thread that waits for them. Call before starting other threads.
    public init(emergency: @escaping @Sendable () -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let waitSet = set
        _ = startThread { [self] in
            var signals = waitSet
            while true {
                var received: Int32 = 0
                guard sigwait(&signals, &received) == 0 else { continue }
                if signalCount.add(1, ordering: .sequentiallyConsistent).newValue >= 2 {
                    emergency()
                    _exit(130)
                }
            }
        }
    }

    /// Whether SIGINT or SIGTERM arrived.
    public var interrupted: Bool { signalCount.load(ordering: .sequentiallyConsistent) > 0 }
}
