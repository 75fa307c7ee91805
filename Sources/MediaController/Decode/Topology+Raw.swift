import CLinuxMedia

extension Topology {
    /// Decodes what `MEDIA_IOC_G_TOPOLOGY` returned. `mediaVersion` decides whether
    /// entity flags and pad indices are valid (`MEDIA_V2_*_HAS_*`).
    package init(_ raw: RawTopology, mediaVersion: UInt32) {
        let hasEntityFlags = CLinuxMedia_media_v2_entity_has_flags(mediaVersion) != 0
        let hasPadIndex = CLinuxMedia_media_v2_pad_has_index(mediaVersion) != 0
        self.init(
            version: raw.version,
            entities: raw.entities.map {
                Entity(
                    id: $0.id, name: string(fromCArray: $0.name), function: EntityFunction(rawValue: $0.function),
                    flags: EntityFlags(rawValue: hasEntityFlags ? $0.flags : 0))
            },
            interfaces: raw.interfaces.map {
                Interface(
                    id: $0.id, type: InterfaceType(rawValue: $0.intf_type), flags: $0.flags,
                    major: $0.devnode.major, minor: $0.devnode.minor)
            },
            pads: raw.pads.map {
                Pad(id: $0.id, entityID: $0.entity_id, flags: PadFlags(rawValue: $0.flags), index: hasPadIndex ? $0.index : nil)
            },
            links: raw.links.map {
                Link(id: $0.id, sourceID: $0.source_id, sinkID: $0.sink_id, flags: LinkFlags(rawValue: $0.flags))
            })
    }

    /// Builds a topology from the legacy API, for kernels without `MEDIA_IOC_G_TOPOLOGY`.
    /// Pad and link ids are made up (the legacy API has none); interfaces are the
    /// entities' device nodes.
    public init(legacy: LegacyTopology) {
        var pads: [Pad] = []
        var links: [Link] = []
        var interfaces: [Interface] = []
        var nextID: UInt32 = 0x0100_0000
        func padID(_ pad: LegacyPad) -> UInt32 {
            pads.first { $0.entityID == pad.entityID && $0.index == UInt32(pad.index) }?.id ?? 0
        }
        for entity in legacy.entities {
            for pad in entity.pads {
                nextID += 1
                pads.append(Pad(id: nextID, entityID: entity.id, flags: pad.flags, index: UInt32(pad.index)))
            }
            if entity.major != 0 || entity.minor != 0 {
                nextID += 1
                let type: InterfaceType = entity.isSubdev ? .v4lSubdev : .v4lVideo
                interfaces.append(Interface(id: nextID, type: type, flags: 0, major: entity.major, minor: entity.minor))
                nextID += 1
                links.append(Link(id: nextID, sourceID: nextID - 1, sinkID: entity.id, flags: [.enabled, .immutable, .interfaceLink]))
            }
        }
        for entity in legacy.entities {
            for link in entity.links {
                nextID += 1
                links.append(Link(id: nextID, sourceID: padID(link.source), sinkID: padID(link.sink), flags: link.flags))
            }
        }
        self.init(
            version: 0,
            entities: legacy.entities.map {
                Entity(id: $0.id, name: $0.name, function: EntityFunction(rawValue: $0.type), flags: $0.flags)
            },
            interfaces: interfaces, pads: pads, links: links)
    }
}
