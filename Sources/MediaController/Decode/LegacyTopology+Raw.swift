package import CLinuxMedia

extension LegacyEntity {
    /// Decodes a `media_entity_desc` and its `MEDIA_IOC_ENUM_LINKS` answer.
    package init(_ desc: media_entity_desc, links: RawEntityLinks) {
        self.init(
            id: desc.id, name: string(fromCArray: desc.name), type: desc.type, flags: EntityFlags(rawValue: desc.flags),
            padCount: desc.pads, linkCount: desc.links,
            major: desc.dev.major, minor: desc.dev.minor,
            pads: links.pads.map(LegacyPad.init),
            links: links.links.map {
                LegacyLink(source: LegacyPad($0.source), sink: LegacyPad($0.sink), flags: LinkFlags(rawValue: $0.flags))
            })
    }
}

extension LegacyPad {
    /// Decodes a `media_pad_desc`.
    package init(_ desc: media_pad_desc) {
        self.init(entityID: desc.entity, index: desc.index, flags: PadFlags(rawValue: desc.flags))
    }
}

extension LegacyLink {
    /// The `media_link_desc` that `MEDIA_IOC_SETUP_LINK` takes for this link and flags.
    package var rawDescription: media_link_desc {
        var desc = media_link_desc()
        desc.source.entity = source.entityID
        desc.source.index = source.index
        desc.source.flags = UInt32(MEDIA_PAD_FL_SOURCE)
        desc.sink.entity = sink.entityID
        desc.sink.index = sink.index
        desc.sink.flags = UInt32(MEDIA_PAD_FL_SINK)
        desc.flags = flags.rawValue
        return desc
    }
}
