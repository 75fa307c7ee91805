import CUdev

/// Resolves device numbers through libudev (`udev_device_new_from_devnum`), which
/// reads the udev database where udevd runs and the sysfs uevent file otherwise.
public final class UdevDevnodeResolver: DevnodeResolving, @unchecked Sendable {
    private let udev: OpaquePointer

    /// Fails when libudev cannot create a context.
    public init?() {
        guard let udev = udev_new() else { return nil }
        self.udev = udev
    }

    deinit { udev_unref(udev) }

    public func devnode(major: UInt32, minor: UInt32) -> String? {
        guard let device = udev_device_new_from_devnum(udev, Int8(UInt8(ascii: "c")), CUdev_makedev(major, minor)) else {
            return nil
        }
        defer { udev_device_unref(device) }
        return udev_device_get_devnode(device).map { String(cString: $0) }
    }
}

/// Resolves device numbers through `/sys/dev/char/M:m/uevent` (`DEVNAME=`).
public struct SysfsDevnodeResolver: DevnodeResolving {
    let sysfsRoot: String

    public init(sysfsRoot: String = "/sys") { self.sysfsRoot = sysfsRoot }

    public func devnode(major: UInt32, minor: UInt32) -> String? {
        guard let uevent = readSmallFile("\(sysfsRoot)/dev/char/\(major):\(minor)/uevent"),
            let name = ueventFields(uevent)["DEVNAME"]
        else { return nil }
        return "/dev/" + name
    }
}

/// The resolver to use on this machine: libudev, or sysfs when libudev is unusable.
public func defaultDevnodeResolver() -> any DevnodeResolving {
    UdevDevnodeResolver() ?? SysfsDevnodeResolver()
}
