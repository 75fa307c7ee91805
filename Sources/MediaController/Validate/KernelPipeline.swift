/// The pipeline the kernel builds when a video node starts streaming, and how it
/// validates it: `__media_pipeline_start` and `media_pipeline_populate`
/// (drivers/media/mc/mc-entity.c, Debian 6.1 and 6.12).
struct KernelPipeline {
    let topology: Topology
    /// The routing tables of streams subdevs, by entity id (what their `has_pad_interdep`,
    /// the kernel's `v4l2_subdev_has_pad_interdep`, reads).
    let routes: [UInt32: [SubdevRoute]]
    /// Pad ids in the order the kernel adds them.
    private(set) var pads: [UInt32] = []

    /// `media_pipeline_populate` from `start`: a depth-first walk that takes, for the pad
    /// on top of the stack, the next data link of its entity (in the order the links were
    /// made, which G_TOPOLOGY keeps). The link's end on that entity joins the pipeline when
    /// it is the pad itself or a pad the pad depends on; the far end joins only through an
    /// enabled link. After an entity's last link, its pads without links that the pad
    /// depends on join too. Which pads depend on each other: `dependent`.
    init(topology: Topology, start: UInt32, routes: [UInt32: [SubdevRoute]] = [:]) {
        self.topology = topology
        self.routes = routes
        let links = topology.dataLinks
        var stack: [(pad: Pad, links: [(Link, Pad, Pad)], cursor: Int)] = []
        func add(_ pad: Pad) {
            guard !pads.contains(pad.id) else { return }
            pads.append(pad.id)
            // Each link of the entity with its local and remote pad.
            let own: [(Link, Pad, Pad)] = links.compactMap { link in
                guard let source = topology.pad(id: link.sourceID), let sink = topology.pad(id: link.sinkID) else { return nil }
                if source.entityID == pad.entityID { return (link, source, sink) }
                if sink.entityID == pad.entityID { return (link, sink, source) }
                return nil
            }
            stack.append((pad, own, 0))
        }
        guard let first = topology.pad(id: start) else { return }
        add(first)
        while let top = stack.last {
            guard top.cursor < top.links.count else {
                stack.removeLast()
                continue
            }
            let (link, local, remote) = top.links[top.cursor]
            let last = top.cursor == top.links.count - 1
            if last { stack.removeLast() } else { stack[stack.count - 1].cursor += 1 }
            let origin = top.pad
            if local.id == origin.id || dependent(origin, local) {
                add(local)
                if link.flags.contains(.enabled) { add(remote) }
            }
            guard last else { continue }
            for pad in topology.pads(of: origin.entityID) where pad.id != origin.id && dependent(origin, pad) {
                if !links.contains(where: { $0.sourceID == pad.id || $0.sinkID == pad.id }) { add(pad) }
            }
        }
    }

    /// `media_entity_has_pad_interdep`: two pads of one entity never depend on each other
    /// when both are sinks or both sources. Otherwise an entity without a
    /// `has_pad_interdep` operation ties every pad to every other; a streams subdev (one
    /// whose routes were read) is taken to have `v4l2_subdev_has_pad_interdep`
    /// (v4l2-subdev.c), the kernel's helper for routing drivers, mc_mux's among them: the
    /// pads depend on each other when an ACTIVE route joins them, either way round. An
    /// inactive route ties nothing, so a sink pad no active route leaves from stays out of
    /// the pipeline, with its links.
    func dependent(_ a: Pad, _ b: Pad) -> Bool {
        guard a.entityID == b.entityID, a.id != b.id,
            a.flags.intersection(b.flags).intersection([.sink, .source]).isEmpty
        else { return false }
        guard let table = routes[a.entityID] else { return true }
        let (x, y) = (a.index ?? 0, b.index ?? 0)
        return table.contains { $0.active && (($0.sinkPad == x && $0.sourcePad == y) || ($0.sourcePad == x && $0.sinkPad == y)) }
    }

    /// What `__media_pipeline_start` checks for each pad, in order: every enabled link
    /// whose sink is the pad is validated (by the sink entity's rule), and a MUST_CONNECT
    /// pad needs an enabled link (else ENOLINK). The first failure stops the start.
    /// Returns the links validated, in order, and the first failure.
    func validate(
        _ check: (Link) -> LinkCheck
    ) -> (links: [LinkCheck], failure: (errno: String, reason: String)?, unchecked: LinkCheck?) {
        var checks: [LinkCheck] = []
        var unchecked: LinkCheck?
        for padID in pads {
            guard let pad = topology.pad(id: padID) else { continue }
            let touching = topology.dataLinks.filter { $0.sourceID == padID || $0.sinkID == padID }
            for link in touching where link.sinkID == padID && link.flags.contains(.enabled) {
                let result = check(link)
                if result.rule == LinkRules.noLinkValidate { continue }
                checks.append(result)
                switch result.status {
                case .mismatch:
                    // v4l2_subdev_link_validate_locked: dangling sink streams are EINVAL,
                    // a format the rule refuses EPIPE (v4l2_subdev_link_validate_default).
                    let errno = result.dangling?.isEmpty == false ? "EINVAL" : "EPIPE"
                    return (checks, (errno, "\(result.name): \(result.problem)"), unchecked)
                case .notChecked:
                    unchecked = unchecked ?? result
                case .ok:
                    break
                }
            }
            if pad.flags.contains(.mustConnect) && !touching.contains(where: { $0.flags.contains(.enabled) }) {
                let name = "\"\(topology.entity(id: pad.entityID)?.name ?? "?")\":\(pad.index ?? 0)"
                return (checks, ("ENOLINK", "\(name) is MUST_CONNECT and has no enabled link"), unchecked)
            }
        }
        return (checks, nil, unchecked)
    }

    /// vimc's streamer (`vimc_streamer_pipeline_init`, vimc-streamer.c), after the
    /// pipeline validated: from the capture node, each entity's first pad that is not a
    /// source leads through its first enabled link to the next entity; the chain must end
    /// at an entity without sink pads (a sensor), else STREAMON fails with EPIPE.
    /// Returns the reason of that failure, nil when the chain reaches a sensor.
    static func vimcStreamerFailure(topology: Topology, capture: UInt32) -> String? {
        var entity = capture
        for _ in 0..<16 {  // VIMC_STREAMER_PIPELINE_MAX_SIZE
            let pads = topology.pads(of: entity)
            guard let sinkPad = pads.first(where: { !$0.flags.contains(.source) }) else { return nil }
            let remote = topology.dataLinks.first { $0.flags.contains(.enabled) && $0.sinkID == sinkPad.id }
            guard let remote, let next = topology.pad(id: remote.sourceID) else {
                let name = topology.entity(id: entity)?.name ?? "?"
                return "\"\(name)\":\(sinkPad.index ?? 0) has no enabled link: vimc's stream does not reach a sensor"
            }
            entity = next.entityID
        }
        return nil
    }
}
