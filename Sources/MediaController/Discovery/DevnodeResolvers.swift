import CUdev
import Synchronization

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
        guard let uevent = TextFile.readSmall("\(sysfsRoot)/dev/char/\(major):\(minor)/uevent"),
            let name = ueventField("DEVNAME", in: uevent)
        else { return nil }
        return "/dev/" + name
    }
}

/// The resolver to use on this machine: sysfs first, then libudev for numbers sysfs does
/// not know. `udev_device_new_from_devnum` reads the same `DEVNAME` from the same uevent
/// file (the node name is the kernel's; udev only adds symlinks), but through about ten
/// times the system calls: a topology has a dozen nodes, `list` with 64 devices hundreds.
public func defaultDevnodeResolver() -> any DevnodeResolving {
    SysfsThenUdevDevnodeResolver()
}

/// `SysfsDevnodeResolver`, and libudev (created on first need) where it finds nothing.
public final class SysfsThenUdevDevnodeResolver: DevnodeResolving, @unchecked Sendable {
    private let sysfs = SysfsDevnodeResolver()
    /// Whether libudev was tried yet, and its resolver when it has a context.
    private let udev = Mutex<(tried: Bool, resolver: UdevDevnodeResolver?)>((false, nil))

    public init() {}

    public func devnode(major: UInt32, minor: UInt32) -> String? {
        if let path = sysfs.devnode(major: major, minor: minor) { return path }
        return udev.withLock { udev in
            if !udev.tried { udev = (true, UdevDevnodeResolver()) }
            return udev.resolver?.devnode(major: major, minor: minor)
        }
    }
}
