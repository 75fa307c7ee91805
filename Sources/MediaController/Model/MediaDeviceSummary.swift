/// One line of `mediactl list`: a media device, what it says about itself, and the
/// device nodes of its interfaces. Devices that cannot be read carry the error.
public struct MediaDeviceSummary: Sendable, Codable, Equatable {
    public var node: MediaNode
    public var info: DeviceInfo?
    public var entityCount: Int?
    public var linkCount: Int?
    public var topologyVersion: UInt64?
    /// Device nodes of the interfaces (video, subdev ...), in interface order.
    public var interfaceNodes: [String]
    /// Why the device could not be read, when it could not.
    public var error: String?

    public init(
        node: MediaNode, info: DeviceInfo?, entityCount: Int?, linkCount: Int?, topologyVersion: UInt64?,
        interfaceNodes: [String], error: String?
    ) {
        self.node = node
        self.info = info
        self.entityCount = entityCount
        self.linkCount = linkCount
        self.topologyVersion = topologyVersion
        self.interfaceNodes = interfaceNodes
        self.error = error
    }
}
