import CUdev
import Glibc

/// The state of udevd's event queue. Tools that open new device nodes on "add" events
/// (udev's `v4l_id` for video4linux) run from that queue; waiting until it is empty
/// keeps them from racing the next unbind.
public enum UdevQueue {
    /// Whether udevd runs on this machine (its control socket exists).
    public static var isDaemonRunning: Bool { access("/run/udev/control", F_OK) == 0 }

    /// Whether udevd has no event queued or in flight; true when there is no udevd.
    public static var isEmpty: Bool {
        guard isDaemonRunning, let udev = udev_new() else { return true }
        defer { udev_unref(udev) }
        guard let queue = udev_queue_new(udev) else { return true }
        defer { udev_queue_unref(queue) }
        return udev_queue_get_queue_is_empty(queue) != 0
    }
}
