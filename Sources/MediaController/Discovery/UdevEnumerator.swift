import CUdev

/// Enumerates media devices with libudev (subsystem `media`).
public struct UdevEnumerator: MediaNodeEnumerating {
    public init() {}

    public var mechanism: String { "udev" }

    public func mediaNodes() throws(MediaError) -> [MediaNode] {
        guard let udev = udev_new() else {
            throw MediaError(code: .enumerationFailed, operation: "udev_new", detail: "libudev has no context")
        }
        defer { udev_unref(udev) }
        guard let enumerate = udev_enumerate_new(udev) else {
            throw MediaError(code: .enumerationFailed, operation: "udev_enumerate_new")
        }
        defer { udev_enumerate_unref(enumerate) }
        guard udev_enumerate_add_match_subsystem(enumerate, "media") >= 0,
            udev_enumerate_scan_devices(enumerate) >= 0
        else {
            throw MediaError(code: .enumerationFailed, operation: "udev_enumerate_scan_devices")
        }
        var nodes: [MediaNode] = []
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            defer { entry = udev_list_entry_get_next(current) }
            guard let name = udev_list_entry_get_name(current),
                let device = udev_device_new_from_syspath(udev, name)
            else { continue }
            defer { udev_device_unref(device) }
            if let node = MediaNode(udevDevice: device) { nodes.append(node) }
        }
        return nodes.sorted { $0.minor < $1.minor }
    }
}

extension MediaNode {
    /// Reads a media node from a udev device; nil when it has no device node.
    init?(udevDevice device: OpaquePointer) {
        guard let devnode = udev_device_get_devnode(device), let sysPath = udev_device_get_syspath(device) else {
            return nil
        }
        func property(_ key: String) -> UInt32? {
            udev_device_get_property_value(device, key).flatMap { UInt32(String(cString: $0)) }
        }
        // The parent udev device is owned by the child: not unref'd here.
        let parent = udev_device_get_parent(device)
        self.init(
            devnode: String(cString: devnode), sysPath: String(cString: sysPath),
            major: property("MAJOR") ?? 0, minor: property("MINOR") ?? 0,
            parentName: parent.flatMap { udev_device_get_sysname($0) }.map { String(cString: $0) },
            parentSysPath: parent.flatMap { udev_device_get_syspath($0) }.map { String(cString: $0) },
            parentDriver: parent.flatMap { udev_device_get_driver($0) }.map { String(cString: $0) },
            parentSubsystem: parent.flatMap { udev_device_get_subsystem($0) }.map { String(cString: $0) })
    }
}

/// The enumerator to use on this machine: libudev, or sysfs when libudev has no context.
public func defaultEnumerator() -> any MediaNodeEnumerating {
    guard let udev = udev_new() else { return SysfsEnumerator() }
    udev_unref(udev)
    return UdevEnumerator()
}
