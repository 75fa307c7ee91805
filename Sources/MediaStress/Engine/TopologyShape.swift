package import MediaController

/// The parts of a topology that must survive an unbind/bind cycle: names, functions,
/// pads and links by name, interface types. Ids and versions may change; these must not.
package struct TopologyShape: Sendable, Codable, Equatable {
    package var lines: [String]

    package init(_ topology: Topology) {
        var lines: [String] = []
        for entity in topology.entities {
            let pads = topology.pads(of: entity.id).map { "\($0.index ?? 0):\($0.flags.names.joined(separator: ","))" }
            let interfaces = topology.interfaces(of: entity.id).map(\.type.name)
            lines.append("entity \(entity.name) \(entity.function.name) pads[\(pads.joined(separator: " "))] intf[\(interfaces.joined(separator: ","))]")
        }
        func end(_ padID: UInt32) -> String {
            guard let pad = topology.pad(id: padID) else { return "?" }
            return "\(topology.entity(id: pad.entityID)?.name ?? "?"):\(pad.index ?? 0)"
        }
        for link in topology.dataLinks {
            lines.append("link \(end(link.sourceID)) -> \(end(link.sinkID)) [\(link.flags.stateNames.joined(separator: ","))]")
        }
        for link in topology.ancillaryLinks {
            lines.append("ancillary \(topology.entity(id: link.sourceID)?.name ?? "?") -> \(topology.entity(id: link.sinkID)?.name ?? "?")")
        }
        self.lines = lines.sorted()
    }

    /// The shape without the state of mutable links: which of them are enabled is the
    /// user's configuration (libcamera, `mediactl link`), and a bind starts the device anew
    /// with the driver's default links. Immutable links keep their flags.
    package var withoutMutableLinkState: TopologyShape {
        var shape = self
        shape.lines = lines.map { line in
            guard line.hasPrefix("link "), !line.contains("IMMUTABLE"), let bracket = line.lastIndex(of: "[") else { return line }
            return line[..<bracket] + "[mutable]"
        }.sorted()
        return shape
    }

    /// Lines in one shape and not the other, for a report.
    package func difference(from other: TopologyShape) -> [String] {
        let mine = Set(lines)
        let theirs = Set(other.lines)
        return mine.subtracting(theirs).sorted().map { "+ " + $0 } + theirs.subtracting(mine).sorted().map { "- " + $0 }
    }
}
