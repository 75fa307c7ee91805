/// The graph as the legacy API (`MEDIA_IOC_ENUM_ENTITIES`, `MEDIA_IOC_ENUM_LINKS`)
/// reports it: what media-ctl sees. Kept beside `Topology` so the two can be compared
/// and media-ctl's output reproduced exactly.
public struct LegacyTopology: Sendable, Codable, Equatable {
    public var entities: [LegacyEntity]

    public init(entities: [LegacyEntity]) { self.entities = entities }

    public func entity(id: UInt32) -> LegacyEntity? { entities.first { $0.id == id } }
}

/// One `media_entity_desc` plus its `media_links_enum` result.
public struct LegacyEntity: Sendable, Codable, Equatable {
    public var id: UInt32
    /// The name, at most 31 characters.
    public var name: String
    /// The legacy type: a function number, rewritten by the kernel for old media-ctl.
    public var type: UInt32
    public var flags: EntityFlags
    public var padCount: UInt16
    /// Outgoing data links only (the kernel skips backlinks).
    public var linkCount: UInt16
    public var major: UInt32
    public var minor: UInt32
    /// The device node of `major:minor`, resolved through udev or sysfs.
    public var devnode: String?
    public var pads: [LegacyPad]
    /// Outgoing data links, in the kernel's order.
    public var links: [LegacyLink]

    public init(
        id: UInt32, name: String, type: UInt32, flags: EntityFlags, padCount: UInt16, linkCount: UInt16,
        major: UInt32, minor: UInt32, devnode: String? = nil, pads: [LegacyPad], links: [LegacyLink]
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.flags = flags
        self.padCount = padCount
        self.linkCount = linkCount
        self.major = major
        self.minor = minor
        self.devnode = devnode
        self.pads = pads
        self.links = links
    }

    /// `MEDIA_ENT_TYPE_MASK` part of `type`: 1 for device nodes, 2 for V4L2 subdevs.
    public var typeClass: UInt32 { (type & 0x00ff_0000) >> 16 }
    public var isSubdev: Bool { typeClass == 2 }
    public var isDeviceNode: Bool { typeClass == 1 }
}

/// A pad as `media_pad_desc` describes it.
public struct LegacyPad: Sendable, Codable, Equatable {
    public var entityID: UInt32
    public var index: UInt16
    public var flags: PadFlags

    public init(entityID: UInt32, index: UInt16, flags: PadFlags) {
        self.entityID = entityID
        self.index = index
        self.flags = flags
    }
}

/// A data link as `media_link_desc` describes it.
public struct LegacyLink: Sendable, Codable, Equatable {
    public var source: LegacyPad
    public var sink: LegacyPad
    public var flags: LinkFlags

    public init(source: LegacyPad, sink: LegacyPad, flags: LinkFlags) {
        self.source = source
        self.sink = sink
        self.flags = flags
    }
}
