/// Graphviz output with media-ctl `--print-dot` conventions (device nodes as yellow
/// boxes, subdevs as green records with sink ports left and source ports right, bold
/// immutable links, dashed disabled links), plus ancillary links as dotted edges.
public struct DotRenderer {
    public init() {}

    public func render(_ snapshot: MediaSnapshot) -> String {
        let topology = snapshot.topology
        let legacy = snapshot.legacy
        var out = "digraph board {\n\trankdir=TB\n"
        for entity in topology.entities.sorted(by: { $0.id < $1.id }) {
            let pads = topology.pads(of: entity.id)
            let devnode = topology.interfaces(of: entity.id).first?.devnode
            let isSubdev =
                legacy?.entity(id: entity.id)?.isSubdev
                ?? topology.interfaces(of: entity.id).contains { $0.type == .v4lSubdev }
            let node = Self.nodeName(entity.id)
            let name = escape(entity.name)
            if isSubdev {
                let sinks = pads.filter { $0.flags.contains(.sink) }.map(port).joined(separator: " | ")
                let sources = pads.filter { $0.flags.contains(.source) }.map(port).joined(separator: " | ")
                out += "\t\(node) [label=\"{{\(sinks)} | \(name)\\n\(devnode ?? "") | {\(sources)}}\", "
                out += "shape=Mrecord, style=filled, fillcolor=green]\n"
            } else {
                out += "\t\(node) [label=\"\(name)\(devnode.map { "\\n" + $0 } ?? "")\", shape=box, style=filled, fillcolor=yellow]\n"
            }
            for link in topology.dataLinks {
                guard let source = topology.pad(id: link.sourceID), source.entityID == entity.id,
                    let sink = topology.pad(id: link.sinkID)
                else { continue }
                let sinkIsSubdev =
                    legacy?.entity(id: sink.entityID)?.isSubdev
                    ?? topology.interfaces(of: sink.entityID).contains { $0.type == .v4lSubdev }
                var edge = "\t\(node)" + (isSubdev ? ":port\(source.index ?? 0)" : "")
                edge += " -> \(Self.nodeName(sink.entityID))" + (sinkIsSubdev ? ":port\(sink.index ?? 0)" : "")
                if link.flags.contains(.immutable) {
                    edge += " [style=bold]"
                } else if !link.flags.contains(.enabled) {
                    edge += " [style=dashed]"
                }
                out += edge + "\n"
            }
            for link in topology.ancillaryLinks where link.sourceID == entity.id {
                out += "\t\(node) -> \(Self.nodeName(link.sinkID)) [style=dotted, arrowhead=none]\n"
            }
        }
        return out + "}\n"
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
