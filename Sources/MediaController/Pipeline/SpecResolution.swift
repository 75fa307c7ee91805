/// A pad of a spec found in the graph.
public struct ResolvedPad: Sendable, Equatable {
    public var entity: LegacyEntity
    public var index: UInt16
    public var flags: PadFlags

    public var address: PadAddress { PadAddress(entityID: entity.id, index: index) }
}

/// A link spec checked against the graph: the link as it is, and the flags that
/// SETUP_LINK will be asked for.
public struct LinkRequest: Sendable, Equatable {
    /// The link as the graph had it when the spec was resolved.
    public var link: LegacyLink
    /// The requested flags: the spec's ENABLED bit, every other bit of the link kept
    /// (media-ctl keeps IMMUTABLE; DYNAMIC is kept too, which the kernel requires).
    public var flags: LinkFlags
    /// The spec it came from; nil for links chosen by mediactl (reset, restore).
    public var spec: LinkSpec?

    public init(link: LegacyLink, flags: LinkFlags, spec: LinkSpec? = nil) {
        self.link = link
        self.flags = flags
        self.spec = spec
    }

    public var address: LinkAddress { LinkAddress(link) }

    /// What to pass to `setupLink`: the link with the requested flags.
    public var requestedLink: LegacyLink {
        var requested = link
        requested.flags = flags
        return requested
    }
}

/// A format spec checked against the graph: a pad of a V4L2 subdev with a device node.
public struct FormatRequest: Sendable, Equatable {
    public var spec: FormatSpec
    public var pad: ResolvedPad
    /// The subdev's device node (`/dev/v4l-subdevN`).
    public var devnode: String
}

extension PipelineGraph {
    /// Finds a spec's pad: the entity must exist and have that pad.
    public func resolve(_ reference: PadReference, text: String, line: Int?) throws(PipelineSpecError) -> ResolvedPad {
        func fail(_ message: String, _ offset: Int) -> PipelineSpecError {
            PipelineSpecError(message: message, text: text, offset: offset, line: line)
        }
        guard let entity = entity(reference.entity) else {
            switch reference.entity {
            case .id(let id): throw fail("no entity with id \(id)", reference.entityOffset)
            case .name(let name): throw fail("no entity named \"\(name)\"", reference.entityOffset)
            }
        }
        let name = self.name(of: entity.id)
        guard reference.index < UInt32(entity.padCount) else {
            let message =
                entity.padCount == 0
                ? "\"\(name)\" has no pads"
                : "\"\(name)\" has \(entity.padCount) pad\(entity.padCount == 1 ? "" : "s") (0 to \(entity.padCount - 1)), not pad \(reference.index)"
            throw fail(message, reference.indexOffset)
        }
        let index = UInt16(reference.index)
        let flags = entity.pads.first { $0.index == index }?.flags ?? []
        return ResolvedPad(entity: entity, index: index, flags: flags)
    }

    /// Checks a link spec: both pads exist, the link exists, and the flags change at
    /// most the ENABLED bit of a link that is not immutable. Nothing is sent to the
    /// kernel for a spec that fails here.
    public func request(for spec: LinkSpec) throws(PipelineSpecError) -> LinkRequest {
        let source = try resolve(spec.source, text: spec.text, line: spec.line)
        let sink = try resolve(spec.sink, text: spec.text, line: spec.line)
        let address = LinkAddress(source: source.address, sink: sink.address)
        guard let link = link(address) else {
            var message = "no link from \(describe(address.source)) to \(describe(address.sink))"
            if self.link(LinkAddress(source: address.sink, sink: address.source)) != nil {
                message += " (there is one the other way: \(describe(address.sink)) -> \(describe(address.source)))"
            }
            throw spec.error(message, at: spec.offset)
        }
        let enabled = LinkFlags.enabled.rawValue
        let extra = spec.flags & ~enabled
        guard extra & ~link.flags.rawValue == 0 else {
            throw spec.error(
                "flags \(spec.flags): only ENABLED (1) can be changed; the link is \(linkFlagsText(link.flags))",
                at: spec.flagsOffset)
        }
        let requested = LinkFlags(rawValue: (spec.flags & enabled) | (link.flags.rawValue & ~enabled))
        if link.flags.contains(.immutable) && requested != link.flags {
            throw spec.error(
                "\(describe(address)) is immutable \(linkFlagsText(link.flags)) and cannot be "
                    + (requested.contains(.enabled) ? "enabled" : "disabled"),
                at: spec.flagsOffset)
        }
        return LinkRequest(link: link, flags: requested, spec: spec)
    }

    /// Checks a format spec: the pad exists on a V4L2 subdev that has a device node.
    public func request(for spec: FormatSpec) throws(PipelineSpecError) -> FormatRequest {
        let pad = try resolve(spec.pad, text: spec.text, line: spec.line)
        let name = self.name(of: pad.entity.id)
        guard pad.entity.isSubdev else {
            throw spec.error("\"\(name)\" is not a V4L2 subdev: formats are set on subdev pads", at: spec.pad.entityOffset)
        }
        guard let devnode = pad.entity.devnode else {
            throw spec.error("\"\(name)\" has no subdev device node", at: spec.pad.entityOffset)
        }
        return FormatRequest(spec: spec, pad: pad, devnode: devnode)
    }
}
