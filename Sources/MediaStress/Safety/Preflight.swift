import Glibc
package import MediaController

/// Checks before a stress run touches a device: root, an allowed driver, no
/// `kernel.panic_on_oops` (a found bug would take the whole machine down), a `--pin` and
/// `--stream` the device can serve, and no other program holding the device by libcamera's
/// convention (a lock on the media node). Everything here runs before the first unbind.
package enum Preflight {
    /// Drivers the stress command may unbind without `--allow-driver`: the kernel's virtual
    /// test drivers (drivers/media/test-drivers), which drive no hardware. Each name is the
    /// platform driver's as sysfs shows it (`/sys/bus/platform/drivers/NAME`), seen bound to
    /// a media device in a boot of the project's kernels (Scripts/kernel/kasan-vimc.config):
    /// vimc (a pipeline of subdevs), vivid (every V4L2 node kind, requests), the mem2mem
    /// drivers vim2m, vicodec and visl, and vidtv (DVB, with CONFIG_MEDIA_CONTROLLER_DVB).
    package static let safeDrivers = ["vimc", "vivid", "vim2m", "vicodec", "visl", "vidtv"]

    /// Returns the program that holds the media node's lock when `force` let the run go on
    /// anyway (the report records it), nil when nobody holds it. `mediaNodes`: every media
    /// node under the target's bound device (the target's own is always checked), since
    /// unbinding removes them all.
    @discardableResult
    package static func check(target: StressTarget, configuration: StressConfiguration, access: StressAccess, mediaNodes: [String] = [])
        throws(MediaError) -> MediaNodeLock.Holder?
    {
        guard geteuid() == 0 else {
            throw MediaError(
                code: .invalidArgument, operation: "stress unbind",
                detail: "must run as root: it writes to \(target.driverSysPath)/unbind")
        }
        try checkDriver(target.driver, of: target.mediaNode, allowedDrivers: access.allowedDrivers)
        if panicOnOops, !access.force {
            throw MediaError(
                code: .invalidArgument, path: "/proc/sys/kernel/panic_on_oops", operation: "stress unbind",
                detail: "kernel.panic_on_oops is 1: a bug found would panic the machine; pass --force to run anyway")
        }
        if let pin = configuration.pin {
            guard configuration.hold.contains(pin.nodeKind) else {
                throw MediaError(
                    code: .invalidArgument, operation: "--pin \(pin.rawValue)",
                    detail: "it parks on a \(pin.nodeKind.rawValue) node: add \(pin.nodeKind.rawValue) to --hold")
            }
            guard !target.nodes(of: pin.nodeKind).isEmpty else {
                throw MediaError(
                    code: .invalidArgument, path: target.mediaNode, operation: "--pin \(pin.rawValue)",
                    detail: "\(target.deviceName) has no \(pin.nodeKind.rawValue) node to park it on")
            }
        }
        if configuration.stream, !CaptureStream.canStream(target) {
            throw MediaError(
                code: .invalidArgument, path: target.mediaNode, operation: "--stream",
                detail: "it needs vimc's Sensor A and Raw Capture 0 nodes, which \(target.deviceName) does not have")
        }
        var held: (node: String, holder: MediaNodeLock.Holder)?
        for node in [target.mediaNode] + mediaNodes.filter({ $0 != target.mediaNode }) where held == nil {
            if let holder = try MediaNodeLock.holder(of: node) { held = (node, holder) }
        }
        guard let (node, holder) = held else { return nil }
        guard access.force else {
            throw MediaError(
                code: .deviceBusy, path: node, operation: "stress unbind",
                detail: "\(holder) holds the media node's lock (libcamera's convention): unbinding would pull the "
                    + "device from under it; pass --force to unbind anyway")
        }
        return holder
    }

    /// Refuses a driver that is neither one of `safeDrivers` nor named
    /// by `--allow-driver`: unbinding real hardware's driver takes the hardware away.
    package static func checkDriver(_ driver: String, of mediaNode: String, allowedDrivers: [String])
        throws(MediaError)
    {
        guard !(safeDrivers + allowedDrivers).contains(driver) else { return }
        throw MediaError(
            code: .invalidArgument, path: mediaNode, operation: "stress unbind",
            detail: "driver '\(driver)' is not a test driver; pass --allow-driver \(driver) to unbind it anyway")
    }

    /// Whether `kernel.panic_on_oops` is set.
    package static var panicOnOops: Bool {
        readText("/proc/sys/kernel/panic_on_oops")?.hasPrefix("1") ?? false
    }

    /// The environment facts a report records.
    package static func environment(enumerator: String, waiting: String, detectors: KernelDetectors? = nil) -> StressEnvironment {
        StressEnvironment(
            kernelRelease: kernelRelease, kernelCommandLine: kernelCommandLine, panicOnOops: panicOnOops,
            enumerator: enumerator, waiting: waiting, detectors: detectors)
    }

    /// The running kernel's release (`uname -r`).
    package static var kernelRelease: String {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: name.release) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    }

    /// The running kernel's command line.
    package static var kernelCommandLine: String { (readText("/proc/cmdline") ?? "").trimmingTrailing("\n") }

    /// The first line of a small file (a /proc value), without its newline; nil when the
    /// file cannot be read or is empty.
    static func readText(_ path: String) -> String? {
        guard let text = TextFile.readSmall(path), !text.isEmpty else { return nil }
        return String(text.prefix(while: { $0 != "\n" }))
    }
}
