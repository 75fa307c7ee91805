/// What `MEDIA_IOC_DEVICE_INFO` says about a media device.
public struct DeviceInfo: Sendable, Codable, Equatable {
    public var driver: String
    public var model: String
    public var serial: String
    public var busInfo: String
    /// The media API version, `KERNEL_VERSION(maj, min, rev)` encoded.
    public var mediaVersion: UInt32
    public var hardwareRevision: UInt32
    public var driverVersion: UInt32

    public init(
        driver: String, model: String, serial: String, busInfo: String,
        mediaVersion: UInt32, hardwareRevision: UInt32, driverVersion: UInt32
    ) {
        self.driver = driver
        self.model = model
        self.serial = serial
        self.busInfo = busInfo
        self.mediaVersion = mediaVersion
        self.hardwareRevision = hardwareRevision
        self.driverVersion = driverVersion
    }
}

/// Formats a `KERNEL_VERSION`-encoded number as `maj.min.rev`.
public func kernelVersionString(_ version: UInt32) -> String {
    "\((version >> 16) & 0xff).\((version >> 8) & 0xff).\(version & 0xff)"
}
