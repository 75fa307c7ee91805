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

    /// Reads DEVICE_INFO and G_TOPOLOGY of a node; failures are recorded, not thrown,
    /// so one broken device does not hide the others (as libcamera does).
    public static func read(_ node: MediaNode, devnodes: any DevnodeResolving) -> MediaDeviceSummary {
        do throws(MediaError) {
            let device = try MediaDevice(path: node.devnode)
            let info = try device.deviceInfo()
            let topology = Topology(try device.rawTopology(), mediaVersion: info.mediaVersion)
            return MediaDeviceSummary(
                node: node, info: info, entityCount: topology.entities.count, linkCount: topology.dataLinks.count,
                topologyVersion: topology.version,
                interfaceNodes: topology.interfaces.map {
                    devnodes.devnode(major: $0.major, minor: $0.minor) ?? "\($0.major):\($0.minor)"
                },
                error: nil)
        } catch {
            return MediaDeviceSummary(
                node: node, info: nil, entityCount: nil, linkCount: nil, topologyVersion: nil, interfaceNodes: [],
                error: error.description)
        }
    }
}
