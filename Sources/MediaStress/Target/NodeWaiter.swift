import Glibc
public import MediaController

/// Waits, with a timeout, until device nodes disappear or appear. Polls the paths
/// (and sysfs) every millisecond or so: a bare VM guest has no udevd to send events.
public struct NodeWaiter: Sendable {
    public var timeout: Double

    public init(timeout: Double) { self.timeout = timeout }

    /// The mechanism, for reports.
    public var mechanism: String { "sysfs polling" }

    /// Waits until none of `paths` exists. Returns the seconds it took.
    public func waitGone(_ paths: [String]) throws(MediaError) -> Double {
        try wait(for: "disappear", paths) { paths in paths.allSatisfy { access($0, F_OK) != 0 } }
    }

    /// Waits until every one of `paths` exists and `ready` says so. Returns the seconds it took.
    public func waitPresent(_ paths: [String], ready: () -> Bool = { true }) throws(MediaError) -> Double {
        try wait(for: "appear", paths) { paths in paths.allSatisfy { access($0, F_OK) == 0 } && ready() }
    }

    func wait(for what: String, _ paths: [String], _ done: ([String]) -> Bool) throws(MediaError) -> Double {
        let start = MonotonicClock.now
        var pause: UInt32 = 200
        while !done(paths) {
            if MonotonicClock.now - start > timeout {
                throw MediaError(
                    code: .timedOut, path: paths.joined(separator: " "), operation: "wait for nodes to \(what)",
                    detail: "still not done after \(timeout) s")
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        return MonotonicClock.now - start
    }
}

/// Seconds on the monotonic clock.
public enum MonotonicClock {
    public static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
