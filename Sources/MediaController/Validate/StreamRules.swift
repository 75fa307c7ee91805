/// Streams on a link, as the 6.12 kernel's `v4l2_subdev_link_validate` sees them
/// (drivers/media/v4l2-core/v4l2-subdev.c).
extension ValidationInput {
    /// The routing tables of the subdevs whose routes were read, by entity id.
    var routingTables: [UInt32: [SubdevRoute]] {
        var tables: [UInt32: [SubdevRoute]] = [:]
        for subdev in subdevs { if let routes = subdev.routes { tables[subdev.entityID] = routes } }
        return tables
    }

    /// The routing table of the subdev `entityID`, nil when its routes were not read.
    func routes(of entityID: UInt32) -> [SubdevRoute]? {
        subdevs.first { $0.entityID == entityID }?.routes
    }

    /// `v4l2_link_validate_get_streams`: a subdev without V4L2_SUBDEV_FL_STREAMS has stream 0
    /// alone; a streams subdev the streams its ACTIVE routes start (on a source pad) or end
    /// (on a sink pad) at, ascending, as the kernel's 64-bit mask is walked.
    func linkStreams(_ pad: Pad) -> [UInt32] {
        guard let routes = routes(of: pad.entityID) else { return [0] }
        let index = pad.index ?? 0
        let source = pad.flags.contains(.source)
        let streams = routes.filter(\.active).compactMap { route -> UInt32? in
            source ? (route.sourcePad == index ? route.sourceStream : nil) : (route.sinkPad == index ? route.sinkStream : nil)
        }
        return Set(streams).sorted()
    }

    /// The active format of one stream of a subdev pad: a streams subdev's from its
    /// per-stream state, any other's (stream 0) from its pad. Nil when it was not read.
    func streamFormat(_ pad: Pad, stream: UInt32) -> FrameFormat? {
        let index = pad.index ?? 0
        guard let subdev = subdevs.first(where: { $0.entityID == pad.entityID }) else { return nil }
        guard subdev.routes != nil else { return stream == 0 ? padFormat(entityID: pad.entityID, index: index) : nil }
        return subdev.streams?.first { $0.pad == index && ($0.stream ?? 0) == stream }?.format
    }

    /// `v4l2_subdev_link_validate_locked` on a link between two subdevs: the sink pad's
    /// streams that the source pad does not carry are dangling (EINVAL, before any format
    /// is compared: more source streams than sink streams is fine); then, for each sink
    /// stream in ascending order, that stream's formats on both pads go through
    /// `v4l2_subdev_link_validate_default` (the subdev's own pad `link_validate` is not
    /// seen from user space), the first refusal ending the check. A sink pad without
    /// streams (no active route ends there) has nothing to compare: the link passes.
    func checkStreams(_ link: Link, source sourcePad: Pad, sink sinkPad: Pad) -> LinkCheck {
        let rule = "v4l2_subdev_link_validate_default"
        let (source, sink) = (padName(link.sourceID), padName(link.sinkID))
        let sourceStreams = linkStreams(sourcePad)
        let sinkStreams = linkStreams(sinkPad)
        // Streams are named only where a side has routes: vimc's links stay as they were.
        let routed = routes(of: sourcePad.entityID) != nil || routes(of: sinkPad.entityID) != nil
        var check = LinkCheck(source: source, sink: sink, rule: rule, status: .ok)
        check.streams = routed ? sinkStreams : nil
        let dangling = sinkStreams.filter { !sourceStreams.contains($0) }
        guard dangling.isEmpty else {
            check.status = .mismatch
            check.dangling = dangling
            return check
        }
        for stream in sinkStreams {
            let sourceFormat = streamFormat(sourcePad, stream: stream)
            let sinkFormat = streamFormat(sinkPad, stream: stream)
            check.sourceFormat = sourceFormat.map { FormatSpecText.properties(format: $0) }
            check.sinkFormat = sinkFormat.map { FormatSpecText.properties(format: $0) }
            guard let sourceFormat, let sinkFormat else {
                let missing = sourceFormat == nil ? source : sink
                check.status = .notChecked
                check.reason = "the format of \(missing)\(routed ? "/\(stream)" : "") could not be read"
                return check
            }
            let (differences, warnings) = LinkRules.subdevDefault(source: sourceFormat, sink: sinkFormat)
            check.warnings += warnings.filter { !check.warnings.contains($0) }
            if !differences.isEmpty {
                check.status = .mismatch
                check.differences = differences
                check.stream = routed ? stream : nil
                return check
            }
        }
        return check
    }
}
