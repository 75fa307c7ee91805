/// One uevent for a device: what `mediactl watch` prints. Decoded from the event's
/// properties (the `KEY=value` pairs of a kernel uevent, as udev passes them on), so it
/// is the same whether it came through udevd or straight from the kernel.
public struct DeviceEvent: Sendable, Codable, Equatable {
    /// `add`, `remove`, `change`, `bind`, `unbind`, `move`, `online` or `offline`.
    public var action: String
    /// The device's subsystem, e.g. `media`, `video4linux`, `platform`.
    public var subsystem: String
    /// `/dev/...`; nil for devices without a node (a platform device).
    public var devnode: String?
    public var major: UInt32?
    public var minor: UInt32?
    /// The device's sysfs path, e.g. `/sys/devices/platform/vimc.0/media0`.
    public var sysPath: String
    /// The driver bound to the device's parent (`vimc` for `media0`), or the device's
    /// own driver for `bind` and `unbind` events; remembered from earlier events and
    /// from the devices present at start, because it is gone by the time a removal is seen.
    public var driver: String?
    /// The media device's bus info (`platform:vimc`), read with `MEDIA_IOC_DEVICE_INFO`
    /// while the node is still there: only for media devices, never for removals.
    public var busInfo: String?
    /// The kernel's uevent sequence number (`SEQNUM`).
    public var sequence: UInt64

    public init(
        action: String, subsystem: String, devnode: String? = nil, major: UInt32? = nil, minor: UInt32? = nil,
        sysPath: String, driver: String? = nil, busInfo: String? = nil, sequence: UInt64
    ) {
        self.action = action
        self.subsystem = subsystem
        self.devnode = devnode
        self.major = major
        self.minor = minor
        self.sysPath = sysPath
        self.driver = driver
        self.busInfo = busInfo
        self.sequence = sequence
    }

    /// Decodes an event from its properties (`ACTION`, `SUBSYSTEM`, `DEVPATH`, `DEVNAME`,
    /// `MAJOR`, `MINOR`, `SEQNUM`, `DRIVER`); nil without an action or a device path.
    /// `DRIVER` is the device's own driver (set on `bind`); `parentDriver` is used otherwise.
    public init?(properties: [String: String], sysfsRoot: String = "/sys", parentDriver: String? = nil, busInfo: String? = nil) {
        guard let action = properties["ACTION"], !action.isEmpty, let devpath = properties["DEVPATH"], !devpath.isEmpty
        else { return nil }
        let devnode = properties["DEVNAME"].flatMap { name -> String? in
            name.isEmpty ? nil : (name.hasPrefix("/") ? name : "/dev/" + name)
        }
        self.init(
            action: action, subsystem: properties["SUBSYSTEM"] ?? "", devnode: devnode,
            major: properties["MAJOR"].flatMap { UInt32($0) }, minor: properties["MINOR"].flatMap { UInt32($0) },
            sysPath: sysfsRoot + devpath, driver: properties["DRIVER"] ?? parentDriver, busInfo: busInfo,
            sequence: properties["SEQNUM"].flatMap { UInt64($0) } ?? 0)
    }

    /// `238:0`, when the device has a number.
    public var deviceNumber: String? {
        guard let major, let minor else { return nil }
        return "\(major):\(minor)"
    }
}

