/// The default human view: media-ctl's layout, built from `MEDIA_IOC_G_TOPOLOGY`, plus
/// what media-ctl cannot show: entity functions by their kernel names, full names,
/// interfaces with their device nodes, pad flags such as MUST_CONNECT, ancillary links,
/// media bus codes by their kernel names (`META_8`, which media-ctl 1.22 prints as `unknown`).
public struct TextRenderer {
    public init() {}

    /// With `only`, the header and that entity's block alone (as `media-ctl -p -e`).
    public func render(_ snapshot: MediaSnapshot, only entityID: UInt32? = nil) -> String {
        let topology = snapshot.topology
        var out = MediaCtlRenderer().header(snapshot.info)
        out.removeLast()  // keep one blank line before our extra lines
        out += "device node     \(snapshot.devnode)\n"
        out += "topology        version \(topology.version): \(topology.entities.count) entities, "
        out += "\(topology.interfaces.count) interfaces, \(topology.pads.count) pads, "
        out += "\(topology.dataLinks.count) data links, \(topology.ancillaryLinks.count) ancillary links\n\n"
        if let entityID {
            return out + (topology.entity(id: entityID).map { render($0, in: snapshot) } ?? "")
        }
        out += "Device topology\n"
        for entity in topology.entities.sorted(by: { $0.id < $1.id }) {
            out += render(entity, in: snapshot)
        }
        let linked = Set(topology.interfaceLinks.map(\.sourceID))
        for interface in topology.interfaces where !linked.contains(interface.id) {
            out += "- interface \(interface.id): \(interface.type.name) \(interface.devnode ?? "(no node)") "
            out += "(\(interface.major):\(interface.minor)), linked to no entity\n"
        }
        return out
    }

    func render(_ entity: Entity, in snapshot: MediaSnapshot) -> String {
        let topology = snapshot.topology
        let pads = topology.pads(of: entity.id)
        let padIDs = Set(pads.map(\.id))
        let links = topology.dataLinks.filter { padIDs.contains($0.sourceID) || padIDs.contains($0.sinkID) }
        let lead = "- entity \(entity.id): "
        let padding = String(repeating: " ", count: lead.count)
        var out = lead + "\(entity.name) (\(count(pads.count, "pad")), \(count(links.count, "link")))\n"
        let flags = entity.flags.names
        out += padding + "function \(entity.function.name)" + (flags.isEmpty ? "" : ", flags \(flags.joined(separator: ","))") + "\n"
        for interface in topology.interfaces(of: entity.id) {
            out += padding + "interface \(interface.type.name) \(interface.devnode ?? "(no node)") "
            out += "(\(interface.major):\(interface.minor))\n"
        }
        let states = snapshot.subdevPads(of: entity.id)
        for (position, pad) in pads.enumerated() {
            let index = pad.index ?? UInt32(position)
            out += "\tpad\(index): \(pad.flags.names.joined(separator: ","))\n"
            if let state = states?.first(where: { $0.pad == index }) {
                out += MediaCtlRenderer.formatBlock(state, dialect: MediaCtlDialect(.v1_22), codeName: FormatNames.kernelMbusCodeText)
            }
            for link in links {
                let arrow: String
                let remotePadID: UInt32
                if link.sourceID == pad.id {
                    (arrow, remotePadID) = ("->", link.sinkID)
                } else if link.sinkID == pad.id {
                    (arrow, remotePadID) = ("<-", link.sourceID)
                } else {
                    continue
                }
                let remotePad = topology.pad(id: remotePadID)
                let remote = remotePad.flatMap { topology.entity(id: $0.entityID) }
                out += "\t\t\(arrow) \"\(remote?.name ?? "?")\":\(remotePad?.index ?? 0) [\(link.flags.stateNames.joined(separator: ","))]\n"
            }
        }
        for link in topology.ancillaryLinks where link.sourceID == entity.id || link.sinkID == entity.id {
            let outgoing = link.sourceID == entity.id
            let remote = topology.entity(id: outgoing ? link.sinkID : link.sourceID)
            out += "\tancillary \(outgoing ? "->" : "<-") \"\(remote?.name ?? "?")\" [\(link.flags.stateNames.joined(separator: ","))]\n"
        }
        return out + "\n"
    }

    func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
