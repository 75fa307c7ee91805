/// Graphviz output with media-ctl `--print-dot` conventions (device nodes as yellow
/// boxes, subdevs as green records with sink ports left and source ports right, bold
/// immutable links, dashed disabled links), plus ancillary links as dotted edges.
public struct DotRenderer {
    public init() {}

    /// With `only`, that entity and its links in both directions; the entities at their
    /// other ends are dashed boxes with their names, and edges meet them without ports.
    public func render(_ snapshot: MediaSnapshot, only entityID: UInt32? = nil) -> String {
        let topology = snapshot.topology
        var out = "digraph board {\n\trankdir=TB\n"
        var peers: [UInt32] = []
        for entity in topology.entities.sorted(by: { $0.id < $1.id }) where entityID == nil || entity.id == entityID {
            let pads = topology.pads(of: entity.id)
            let devnode = topology.interfaces(of: entity.id).first?.devnode
            let node = Self.nodeName(entity.id)
            let name = escape(entity.name)
            if isSubdev(entity.id, in: snapshot) {
                let sinks = pads.filter { $0.flags.contains(.sink) }.map(port).joined(separator: " | ")
                let sources = pads.filter { $0.flags.contains(.source) }.map(port).joined(separator: " | ")
                out += "\t\(node) [label=\"{{\(sinks)} | \(name)\\n\(devnode ?? "") | {\(sources)}}\", "
                out += "shape=Mrecord, style=filled, fillcolor=green]\n"
            } else {
                out += "\t\(node) [label=\"\(name)\(devnode.map { "\\n" + $0 } ?? "")\", shape=box, style=filled, fillcolor=yellow]\n"
            }
            for link in topology.dataLinks {
                guard let source = topology.pad(id: link.sourceID), let sink = topology.pad(id: link.sinkID) else { continue }
                if source.entityID == entity.id {
                    if entityID != nil, sink.entityID != entity.id { peers.append(sink.entityID) }
                    out += edge(link, from: source, to: sink, in: snapshot, focus: entityID)
                } else if entityID != nil, sink.entityID == entity.id {
                    peers.append(source.entityID)
                    out += edge(link, from: source, to: sink, in: snapshot, focus: entityID)
                }
            }
            for link in topology.ancillaryLinks where link.sourceID == entity.id || (entityID != nil && link.sinkID == entity.id) {
                if entityID != nil { peers.append(link.sourceID == entity.id ? link.sinkID : link.sourceID) }
                out += "\t\(Self.nodeName(link.sourceID)) -> \(Self.nodeName(link.sinkID)) [style=dotted, arrowhead=none]\n"
            }
        }
        var declared: Set<UInt32> = []
        for peer in peers where declared.insert(peer).inserted {
            out += "\t\(Self.nodeName(peer)) [label=\"\(escape(topology.entity(id: peer)?.name ?? ""))\", shape=box, style=dashed]\n"
        }
        return out + "}\n"
    }

    /// A data link's edge: ports on subdev ends, except at an entity outside `focus`.
    func edge(_ link: Link, from source: Pad, to sink: Pad, in snapshot: MediaSnapshot, focus: UInt32?) -> String {
        func end(_ pad: Pad) -> String {
            let hasPorts = (focus == nil || focus == pad.entityID) && isSubdev(pad.entityID, in: snapshot)
            return Self.nodeName(pad.entityID) + (hasPorts ? ":port\(pad.index ?? 0)" : "")
        }
        var edge = "\t\(end(source)) -> \(end(sink))"
        if link.flags.contains(.immutable) {
            edge += " [style=bold]"
        } else if !link.flags.contains(.enabled) {
            edge += " [style=dashed]"
        }
        return edge + "\n"
    }

    func isSubdev(_ entityID: UInt32, in snapshot: MediaSnapshot) -> Bool {
        snapshot.legacy?.entity(id: entityID)?.isSubdev
            ?? snapshot.topology.interfaces(of: entityID).contains { $0.type == .v4lSubdev }
    }

    static func nodeName(_ id: UInt32) -> String {
        let hex = String(id, radix: 16)
        return "n" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    func port(_ pad: Pad) -> String {
        "<port\(pad.index ?? 0)> \(pad.index ?? 0)"
    }

    func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\"{}|<>\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
