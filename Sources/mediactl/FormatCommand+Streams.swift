import MediaController
import SystemPackage

/// `format` with `PAD/STREAM`: one stream of a streams subdev's pad, set or read on the
/// subdev alone (no propagation across links: the driver propagates along its routes;
/// media-ctl carries a source stream's format to a linked subdev's sink stream, which
/// mc_mux, whose source pad feeds a video node, never meets).
extension FormatCommand {
    /// Sets each spec's stream: `fmt:`, `crop:`, `compose:` and `@interval` in media-ctl
    /// 1.32's order (v4l2_subdev_parse_setup_format: on a sink pad the format first, then
    /// crop, compose, interval; on a source pad crop and compose before the format). Every
    /// spec names a stream (`PAD/STREAM`); every pad is resolved and every crop, compose and
    /// interval asked of a stream is read from the driver (G_SELECTION, G_FRAME_INTERVAL)
    /// before the first is set: a stream the driver has none of is one line, exit 2.
    func setStreamFormats(_ specs: [FormatSpec]) throws {
        if let spec = specs.first(where: { $0.pad.stream == nil }) {
            throw specFailure(PipelineSpecError(
                message: "give every pad a stream (PAD/STREAM) when one has it", text: spec.text, offset: spec.pad.indexOffset))
        }
        try withPipelineSession("format", options, which: which.state, force: streaming.force) { session in
            let targets = try specs.map { spec in
                let pad = try parsingSpec { () throws(PipelineSpecError) in try session.graph.resolve(spec.pad, text: spec.text, line: nil) }
                return (spec, pad, try streamsNode(pad, spec.pad, text: spec.text, session.graph))
            }
            for (spec, pad, node) in targets {
                if let missing = node.missingStreamProperty(spec, pad: UInt32(pad.index), which: which.state) {
                    throw CommandFailure(
                        message: "\"\(session.graph.name(of: pad.entity.id))\":\(pad.index)/\(spec.pad.stream ?? 0) takes no "
                            + "\(missing.what): its driver answers \(missing.ioctl) for that stream with \(missing.errno); nothing was set",
                        exitCode: ExitStatus.usage)
                }
            }
            for (spec, pad, node) in targets {
                let state = try node.applyStream(spec, pad: UInt32(pad.index), sink: pad.flags.contains(.sink), which: which.state)
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
