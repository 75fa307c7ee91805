import CLinuxMedia
import Glibc
package import MediaController

/// Waits, with a timeout, until device nodes disappear or appear, and, where udevd runs,
/// until its event queue is empty. Where udevd runs the waits follow device events through
/// a libudev monitor (the one `mediactl watch` uses) on the kernel's uevents: the kernel
/// creates and deletes a devtmpfs node before it sends the add or remove event, while the
/// event udevd re-sends comes only after its rules ran (the queue settle waits for those).
/// A bare VM guest has no udevd, so there the paths are polled with a growing pause.
package struct NodeWaiter: Sendable {
    package var timeout: Double
    /// Wait for udevd's queue to drain after nodes appear.
    package var settleUdev: Bool
    /// Follow device events (udevd runs) rather than poll the paths.
    package var followsUdevEvents: Bool

    package init(timeout: Double, settleUdev: Bool = true, udevdRunning: Bool = UdevQueue.isDaemonRunning) {
        self.timeout = timeout
        self.settleUdev = settleUdev
        self.followsUdevEvents = udevdRunning
    }

    /// The mechanism, for reports.
    package var mechanism: String {
        guard followsUdevEvents else { return "sysfs polling with a timeout (no udevd)" }
        return settleUdev
            ? "udev monitor (kernel uevents) with a timeout, then udev queue settle"
            : "udev monitor (kernel uevents) with a timeout (udev queue not awaited)"
    }

    /// Waits until udevd has handled every queued event. Returns the seconds it took
    /// (0 when there is no udevd or settling is off).
    package func waitUdevSettled() throws(MediaError) -> Double {
        guard settleUdev, UdevQueue.isDaemonRunning else { return 0 }
        return try wait(for: "be handled by udev", ["/run/udev/queue"]) { _ in UdevQueue.isEmpty }
    }

    /// Waits until none of `paths` exists. Returns the seconds it took.
    package func waitGone(_ paths: [String]) throws(MediaError) -> Double {
        try wait(for: "disappear", paths) { paths in paths.allSatisfy { access($0, F_OK) != 0 } }
    }

    /// Waits until every one of `paths` exists and `ready` says so. Returns the seconds it took.
    package func waitPresent(_ paths: [String], ready: () -> Bool = { true }) throws(MediaError) -> Double {
        try wait(for: "appear", paths) { paths in paths.allSatisfy { access($0, F_OK) == 0 } && ready() }
    }

    func wait(for what: String, _ paths: [String], _ done: ([String]) -> Bool) throws(MediaError) -> Double {
        let start = MonotonicClock.now
        func timedOut() -> MediaError {
            MediaError(
                code: .timedOut, path: paths.joined(separator: " "), operation: "wait for nodes to \(what)",
                detail: "still not done after \(timeout) s (\(mechanism))")
        }
        // Where udevd runs: subscribed before the first look, so an event between a look and
        // the wait is not lost. The paths are looked at again on each event, and after a
        // pause growing to 50 ms at most: `ready` (the device registered in full) changes
        // without an event. Elsewhere: a pause from 0.2 ms growing to 10 ms.
        let monitor = followsUdevEvents
            ? try? UdevMonitor(source: .kernel, subsystems: ["media", "video4linux"], rememberingDrivers: false) : nil
        var pause = monitor == nil ? 0.0002 : 0.001
        let longestPause = monitor == nil ? 0.01 : 0.05
        while !done(paths) {
            let left = timeout - (MonotonicClock.now - start)
            guard left > 0 else { throw timedOut() }
            if let monitor {
                _ = try monitor.waitForAnyEvent(timeout: min(left, pause))
            } else {
                usleep(UInt32(pause * 1_000_000))
            }
            pause = min(pause * 2, longestPause)
        }
        return MonotonicClock.now - start
    }
}

/// Seconds on the monotonic clock.
package enum MonotonicClock {
    package static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Looks at `condition` every `pause` microseconds until it holds or `seconds` passed;
    /// whether it held. The engine's one wait for another thread's flag (a blocked DQBUF, a
    /// poll, an unbind beside a parked ioctl).
    package static func wait(within seconds: Double, pause: UInt32 = 2_000, until condition: () -> Bool) -> Bool {
        let start = now
        while !condition() {
            if now - start > seconds { return false }
            usleep(pause)
        }
        return true
    }
}
