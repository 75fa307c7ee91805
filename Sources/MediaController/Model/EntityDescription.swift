/// One entity and everything that touches it, from its own side: what
/// `mediactl entity --format json` (and `topology -e NAME --format json`) prints.
/// Links name the entity at their other end, so the document stands alone.
public struct EntityDescription: Sendable, Codable, Equatable {
    /// The JSON schema version; bump on incompatible changes.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The media device node that holds the entity.
    public var mediaDevice: String
    public var entity: Entity
    /// The entity's device node, what `media-ctl -e` prints; nil when it has none.
    public var devnode: String?
    /// The interfaces linked to the entity (G_TOPOLOGY), with their device nodes.
    public var interfaces: [Interface]
    public var pads: [EntityPad]
    /// Data links at any of its pads and ancillary links, in G_TOPOLOGY's order.
    public var links: [EntityLink]

    public init(
        mediaDevice: String, entity: Entity, devnode: String?, interfaces: [Interface], pads: [EntityPad],
        links: [EntityLink]
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.mediaDevice = mediaDevice
        self.entity = entity
        self.devnode = devnode
        self.interfaces = interfaces
        self.pads = pads
        self.links = links
    }
}

/// A pad of the described entity, with its subdev state where it was read.
public struct EntityPad: Sendable, Codable, Equatable {
    public var id: UInt32
    public var index: UInt32?
    public var flags: PadFlags
    /// The active format, frame interval and selections; nil when not read.
    public var state: SubdevPadState?

    public init(id: UInt32, index: UInt32?, flags: PadFlags, state: SubdevPadState?) {
        self.id = id
        self.index = index
        self.flags = flags
        self.state = state
    }
}

/// A link seen from the described entity.
public struct EntityLink: Sendable, Codable, Equatable {
    public enum Direction: String, Sendable, Codable, Equatable {
        /// The entity is the link's source.
        case outgoing
        /// The entity is the link's sink.
        case incoming
    }

    public var id: UInt32
    public var kind: LinkKind
    public var direction: Direction
    /// The entity's own pad index (data links); nil for ancillary links.
    public var pad: UInt32?
    public var remoteEntityID: UInt32
    /// The name of the entity at the other end ("" when the graph does not hold it).
    public var remoteEntity: String
    /// The pad index at the other end (data links); nil for ancillary links.
    public var remotePad: UInt32?
    public var flags: LinkFlags

    public init(
        id: UInt32, kind: LinkKind, direction: Direction, pad: UInt32?, remoteEntityID: UInt32, remoteEntity: String,
        remotePad: UInt32?, flags: LinkFlags
    ) {
        self.id = id
        self.kind = kind
        self.direction = direction
        self.pad = pad
        self.remoteEntityID = remoteEntityID
        self.remoteEntity = remoteEntity
        self.remotePad = remotePad
        self.flags = flags
    }
}

extension Topology {
    /// The entities a user means by `name`: those whose full name is exactly `name`;
    /// when none is, those whose 31-byte legacy name (`MEDIA_IOC_ENUM_ENTITIES`, what
    /// media-ctl shows and matches) is exactly `name`. Compared byte for byte, as
    /// media-ctl's `strcmp`. Several results mean the name is ambiguous.
    public func entities(named name: String) -> [Entity] {
        let bytes = Array(name.utf8)
        let exact = entities.filter { Array($0.name.utf8) == bytes }
        if !exact.isEmpty { return exact }
        return entities.filter { Array($0.name.utf8.prefix(Self.legacyNameLength)) == bytes }
    }

    /// The longest name `media_entity_desc` carries (32 bytes with the terminating NUL).
    public static let legacyNameLength = 31
}

extension MediaSnapshot {
    /// The device node of an entity as media-ctl finds it (`media-ctl -e`): the node of
    /// its legacy `major:minor` when it is a device node or a V4L2 subdev; without the
    /// legacy view, the node of its first interface.
    public func devnode(of entityID: UInt32) -> String? {
        if let legacy {
            guard let entity = legacy.entity(id: entityID), entity.isSubdev || entity.isDeviceNode else { return nil }
            return entity.devnode
        }
        return topology.interfaces(of: entityID).lazy.compactMap(\.devnode).first
    }

    /// Everything about one of the snapshot's entities.
    public func describe(_ entity: Entity) -> EntityDescription {
        let entityID = entity.id
        let states = subdevPads(of: entityID)
        let pads = topology.pads(of: entityID)
        var links: [EntityLink] = []
        for link in topology.links {
            switch link.kind {
            case .data:
                guard let source = topology.pad(id: link.sourceID), let sink = topology.pad(id: link.sinkID) else { continue }
                let outgoing = source.entityID == entityID
                guard outgoing || sink.entityID == entityID else { continue }
                let (local, remote) = outgoing ? (source, sink) : (sink, source)
                links.append(
                    EntityLink(
                        id: link.id, kind: .data, direction: outgoing ? .outgoing : .incoming, pad: local.index,
                        remoteEntityID: remote.entityID, remoteEntity: topology.entity(id: remote.entityID)?.name ?? "",
                        remotePad: remote.index, flags: link.flags))
            case .ancillary:
                let outgoing = link.sourceID == entityID
                guard outgoing || link.sinkID == entityID else { continue }
                let remoteID = outgoing ? link.sinkID : link.sourceID
                links.append(
                    EntityLink(
                        id: link.id, kind: .ancillary, direction: outgoing ? .outgoing : .incoming, pad: nil,
                        remoteEntityID: remoteID, remoteEntity: topology.entity(id: remoteID)?.name ?? "", remotePad: nil,
                        flags: link.flags))
            case .interface, .unknown:
                continue
            }
        }
        return EntityDescription(
            mediaDevice: devnode, entity: entity, devnode: devnode(of: entityID),
            interfaces: topology.interfaces(of: entityID),
            pads: pads.map { pad in
                EntityPad(
                    id: pad.id, index: pad.index, flags: pad.flags,
                    state: pad.index.flatMap { index in states?.first { $0.pad == index } })
            },
            links: links)
    }
}
