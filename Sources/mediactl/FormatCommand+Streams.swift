import MediaController
import SystemPackage

/// `format` with `PAD/STREAM`: one stream of a streams subdev's pad, set or read on the
/// subdev alone (no propagation across links: the driver propagates along its routes).
extension FormatCommand {
    /// Sets each spec's stream format; every spec names a stream (`PAD/STREAM`).
    func setStreamFormats(_ specs: [FormatSpec]) throws {
        if let spec = specs.first(where: { $0.pad.stream == nil }) {
            throw specFailure(PipelineSpecError(
                message: "give every pad a stream (PAD/STREAM) when one has it", text: spec.text, offset: spec.pad.indexOffset))
        }
        if let spec = specs.first(where: { $0.crop != nil || $0.compose != nil || $0.interval != nil }) {
            throw specFailure(PipelineSpecError(
                message: "a pad/stream takes fmt: only (crop, compose and intervals are not set per stream here)",
                text: spec.text, offset: spec.offset))
        }
        try withPipelineSession("format", options, which: which.state, force: streaming.force) { session in
            // Every spec is resolved and checked before the first is set.
            let targets = try specs.map { spec in
                let pad = try parsingSpec { () throws(PipelineSpecError) in try session.graph.resolve(spec.pad, text: spec.text, line: nil) }
                return (spec, pad, try streamsNode(pad, spec.pad, text: spec.text, session.graph))
            }
            for (spec, pad, node) in targets {
                guard let format = spec.frameFormat else { continue }
                let actual = try node.setFormat(format, pad: UInt32(pad.index), stream: spec.pad.stream ?? 0, which: which.state)
                let state = SubdevPadState(pad: UInt32(pad.index), stream: spec.pad.stream, format: actual)
                writeStandardOutput("\"\(session.graph.name(of: pad.entity.id))\":\(pad.index)/\(spec.pad.stream ?? 0) "
                    + MediaCtlRenderer.padFormat(state, dialect: MediaCtlDialect.newest).drop { $0 == "\t" })
            }
        }
    }

    /// `--get PAD/STREAM`: that stream's `[stream:N fmt:...]` block.
    func printStreamFormat(_ reference: PadReference, text: String, graph: PipelineGraph) throws {
        let pad = try parsingSpec { () throws(PipelineSpecError) in try graph.resolve(reference, text: text, line: nil) }
        let node = try streamsNode(pad, reference, text: text, graph)
        let state = SubdevPadState(node.rawPad(UInt32(pad.index), stream: reference.stream))
        writeStandardOutput(MediaCtlRenderer.padFormat(state, dialect: mediaCtl.dialect))
    }

    /// The pad's subdev node, opened for streams; one line and exit 2 when it has none.
    func streamsNode(_ pad: ResolvedPad, _ reference: PadReference, text: String, _ graph: PipelineGraph) throws -> SubdevNode {
        let name = graph.name(of: pad.entity.id)
        guard pad.entity.isSubdev, let devnode = pad.entity.devnode else {
            throw specFailure(PipelineSpecError(
                message: "\"\(name)\" is not a V4L2 subdev with a device node: it has no streams", text: text,
                offset: reference.entityOffset))
        }
        let node = try SubdevNode(path: devnode, mode: .readWrite)
        try RouteCommand.requireStreams(node, name: name)
        return node
    }
}
