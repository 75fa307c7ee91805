/// A routing table as media-ctl `-R` takes it: `ENTITY [ROUTE, ROUTE...]`, each ROUTE
/// `SINK/STREAM -> SOURCE/STREAM [FLAGS]` with FLAGS 1 (active) or 0; `ENTITY []` clears
/// the table. Like `S_ROUTING`, the routes replace the subdev's whole table.
public struct RouteSpec: Sendable, Equatable {
    public var entity: EntityReference
    public var entityOffset: Int
    public var routes: [SubdevRoute]
    /// UTF-8 offsets of each route's sink pad and source pad numbers, for messages.
    public var sinkOffsets: [Int]
    public var sourceOffsets: [Int]
    public var text: String
}

/// Parses `-R` text; every error names what was expected and where.
public enum RouteSpecParser {
    public static func parse(_ text: String) throws(PipelineSpecError) -> RouteSpec {
        var scanner = SpecScanner(text)
        let (entity, entityOffset) = try scanner.entityReference()
        scanner.skipSpaces()
        try scanner.expect(UInt8(ascii: "["), "expected '[' and the routes after \(entity)")
        var spec = RouteSpec(entity: entity, entityOffset: entityOffset, routes: [], sinkOffsets: [], sourceOffsets: [], text: text)
        scanner.skipSpaces()
        if !scanner.consume(UInt8(ascii: "]")) {
            repeat {
                scanner.skipSpaces()
                spec.sinkOffsets.append(scanner.offset)
                let (sinkPad, sinkStream) = try padStream(&scanner, "sink")
                scanner.skipSpaces()
                guard scanner.consume("->") else { throw scanner.error("expected '->' after the sink pad/stream, found \(scanner.found)") }
                scanner.skipSpaces()
                spec.sourceOffsets.append(scanner.offset)
                let (sourcePad, sourceStream) = try padStream(&scanner, "source")
                scanner.skipSpaces()
                try scanner.expect(UInt8(ascii: "["), "expected '[' and the route's flags (1 active, 0 inactive)")
                scanner.skipSpaces()
                let flagsOffset = scanner.offset
                let flags = try scanner.unsignedNumber("the route's flags (1 active, 0 inactive)")
                guard flags <= 1 else { throw scanner.error("route flags are 1 (active) or 0 (inactive), not \(flags)", at: flagsOffset) }
                scanner.skipSpaces()
                try scanner.expect(UInt8(ascii: "]"), "expected ']' after the route's flags")
                spec.routes.append(
                    SubdevRoute(sinkPad: sinkPad, sinkStream: sinkStream, sourcePad: sourcePad, sourceStream: sourceStream, active: flags == 1))
                scanner.skipSpaces()
            } while scanner.consume(UInt8(ascii: ","))
            try scanner.expect(UInt8(ascii: "]"), "expected ',' and another route, or ']' to end the routes")
        }
        scanner.skipSpaces()
        guard scanner.atEnd else { throw scanner.error("unexpected \(scanner.found) after the routes") }
        return spec
    }

    /// `PAD/STREAM`.
    static func padStream(_ scanner: inout SpecScanner, _ side: String) throws(PipelineSpecError) -> (UInt32, UInt32) {
        let pad = try scanner.unsignedNumber("a \(side) pad number")
        try scanner.expect(UInt8(ascii: "/"), "expected '/' and a stream number after the \(side) pad")
        let stream = try scanner.unsignedNumber("a \(side) stream number")
        guard stream < 64 else { throw scanner.error("stream \(stream) is out of range: the kernel numbers streams 0 to 63") }
        return (pad, stream)
    }
}

extension PipelineGraph {
    /// Checks a route spec against the graph: the entity exists and is a subdev with a
    /// device node, each sink pad is a sink and each source pad a source. Returns the
    /// entity and its node.
    public func resolve(_ spec: RouteSpec) throws(PipelineSpecError) -> (entity: LegacyEntity, devnode: String) {
        func fail(_ message: String, _ offset: Int) -> PipelineSpecError {
            PipelineSpecError(message: message, text: spec.text, offset: offset)
        }
        guard let entity = entity(spec.entity) else { throw fail("no entity \(spec.entity)", spec.entityOffset) }
        let name = self.name(of: entity.id)
        guard entity.isSubdev else { throw fail("\"\(name)\" is not a V4L2 subdev: it has no routes", spec.entityOffset) }
        guard let devnode = entity.devnode else { throw fail("\"\(name)\" has no subdev device node", spec.entityOffset) }
        for (index, route) in spec.routes.enumerated() {
            for (pad, offset, wanted, what) in [
                (route.sinkPad, spec.sinkOffsets[index], PadFlags.sink, "sink"), (route.sourcePad, spec.sourceOffsets[index], .source, "source"),
            ] {
                guard pad < UInt32(entity.padCount) else {
                    throw fail("\"\(name)\" has no pad \(pad) (pads 0 to \(Int(entity.padCount) - 1))", offset)
                }
                let flags = entity.pads.first { $0.index == UInt16(pad) }?.flags ?? []
                guard flags.contains(wanted) else { throw fail("\"\(name)\":\(pad) is not a \(what) pad", offset) }
            }
        }
        return (entity, devnode)
    }
}
