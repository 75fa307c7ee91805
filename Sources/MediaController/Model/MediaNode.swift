/// A media device node as udev or sysfs knows it, before it is opened.
public struct MediaNode: Sendable, Codable, Equatable {
    /// `/dev/mediaN`.
    public var devnode: String
    /// The media device's sysfs path, e.g. `/sys/devices/platform/vimc.0/media0`.
    public var sysPath: String
    public var major: UInt32
    public var minor: UInt32
    /// The bound device the media device belongs to, e.g. `vimc.0`.
    public var parentName: String?
    /// The sysfs path of that device.
    public var parentSysPath: String?
    /// The driver bound to that device, e.g. `vimc`.
    public var parentDriver: String?
    /// The parent's bus (subsystem), e.g. `platform`.
    public var parentSubsystem: String?

    public init(
        devnode: String, sysPath: String, major: UInt32, minor: UInt32, parentName: String? = nil,
        parentSysPath: String? = nil, parentDriver: String? = nil, parentSubsystem: String? = nil
    ) {
        self.devnode = devnode
        self.sysPath = sysPath
        self.major = major
        self.minor = minor
        self.parentName = parentName
        self.parentSysPath = parentSysPath
        self.parentDriver = parentDriver
        self.parentSubsystem = parentSubsystem
    }
}
