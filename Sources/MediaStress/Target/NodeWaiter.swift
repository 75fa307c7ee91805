import Glibc
public import MediaController

/// Waits, with a timeout, until device nodes disappear or appear (polling the paths
/// with a growing pause: a bare VM guest has no udevd to send events), and, where udevd
/// runs, until its event queue is empty.
public struct NodeWaiter: Sendable {
    public var timeout: Double
    /// Wait for udevd's queue to drain after nodes appear.
    public var settleUdev: Bool

    public init(timeout: Double, settleUdev: Bool = true) {
        self.timeout = timeout
        self.settleUdev = settleUdev
    }

    /// The mechanism, for reports.
    public var mechanism: String {
        guard UdevQueue.isDaemonRunning else { return "sysfs polling (no udevd)" }
        return settleUdev ? "sysfs polling, then udev queue settle" : "sysfs polling (udev queue not awaited)"
    }

    /// Waits until udevd has handled every queued event. Returns the seconds it took
    /// (0 when there is no udevd or settling is off).
    public func waitUdevSettled() throws(MediaError) -> Double {
        guard settleUdev, UdevQueue.isDaemonRunning else { return 0 }
        return try wait(for: "be handled by udev", ["/run/udev/queue"]) { _ in UdevQueue.isEmpty }
    }

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
