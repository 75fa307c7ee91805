/// Text for `mediactl list` and `mediactl info`.
public struct ListRenderer {
    public init() {}

    /// One block per device: node, identity, counts, interface nodes.
    public func render(_ summaries: [MediaDeviceSummary]) -> String {
        guard !summaries.isEmpty else { return "no media devices\n" }
        var out = ""
        for summary in summaries {
            let node = summary.node
            out += "\(node.devnode)"
            if let parent = node.parentName { out += "  \(parent)" }
            if let driver = node.parentDriver { out += " (driver \(driver))" }
            out += "\n"
            if let error = summary.error {
                out += "  error: \(error)\n"
                continue
            }
            guard let info = summary.info else { continue }
            out += "  driver \(info.driver), model \"\(info.model)\", serial \"\(info.serial)\", bus info \(info.busInfo)\n"
            out += "  media API \(kernelVersionString(info.mediaVersion)), driver version \(kernelVersionString(info.driverVersion)), "
            out += "hw revision 0x\(String(info.hardwareRevision, radix: 16))\n"
            out += "  \(summary.entityCount ?? 0) entities, \(summary.linkCount ?? 0) data links, topology version \(summary.topologyVersion ?? 0)\n"
            if !summary.interfaceNodes.isEmpty {
                out += "  nodes: \(summary.interfaceNodes.joined(separator: " "))\n"
            }
        }
        return out
    }

    /// The device information block, media-ctl's labels.
    public func render(_ info: DeviceInfo, devnode: String) -> String {
        "device node     \(devnode)\n" + DeviceInfoRenderer.lines(info)
            + "media API       \(kernelVersionString(info.mediaVersion))\n"
    }
}
