import CLinuxMedia
import Glibc
import MediaController
import Synchronization

/// Runs a system call that may oops on a thread of its own: an oops kills the calling
/// thread, and the run (its main thread, which binds the device again) must survive it.
enum OwnThread {
    /// `body`'s result, or `killed` when its thread vanished without returning, or `stuck`
    /// after `timeout` seconds.
    static func run(timeout: Double = 10, _ body: @escaping @Sendable () -> String) -> String {
        let result = Mutex<String?>(nil)
        let thread = Atomic<Int32>(0)
        let started = startThread {
            thread.store(CLinuxMedia_gettid(), ordering: .sequentiallyConsistent)
            let value = body()
            result.withLock { $0 = value }
        }
        guard started else { return "pthread_create failed" }
        let ended = MonotonicClock.wait(within: timeout) {
            if result.withLock({ $0 }) != nil { return true }
            // Gone from /proc without a result (looked at again below: it may have just finished).
            let tid = thread.load(ordering: .sequentiallyConsistent)
            return tid != 0 && access("/proc/self/task/\(tid)", F_OK) != 0
        }
        guard ended else { return "stuck" }
        return result.withLock { $0 } ?? "killed"
    }
}
