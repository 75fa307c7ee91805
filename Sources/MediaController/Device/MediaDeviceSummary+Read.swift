extension MediaDeviceSummary {
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
