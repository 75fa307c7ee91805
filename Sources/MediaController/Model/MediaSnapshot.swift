/// Everything read from one media device at one moment: what the renderers and
/// `--format json` work from. Versioned so saved snapshots stay readable.
public struct MediaSnapshot: Sendable, Codable, Equatable {
    /// The JSON schema version; bump on incompatible changes.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The media device node the snapshot was read from.
    public var devnode: String
    public var info: DeviceInfo
    public var topology: Topology
    /// The legacy view (ENUM_ENTITIES/ENUM_LINKS); nil when not read.
    public var legacy: LegacyTopology?
    /// Pad states of every subdev whose node could be opened.
    public var subdevs: [SubdevState]

    public init(
        devnode: String, info: DeviceInfo, topology: Topology, legacy: LegacyTopology?,
        subdevs: [SubdevState] = []
    ) {
        self.schemaVersion = Self.currentSchemaVersion
        self.devnode = devnode
        self.info = info
        self.topology = topology
        self.legacy = legacy
        self.subdevs = subdevs
    }
}

/// The pads of one subdev entity, read through its node.
public struct SubdevState: Sendable, Codable, Equatable {
    public var entityID: UInt32
    public var devnode: String
    public var pads: [SubdevPadState]

    public init(entityID: UInt32, devnode: String, pads: [SubdevPadState]) {
        self.entityID = entityID
        self.devnode = devnode
        self.pads = pads
    }
}

extension MediaSnapshot {
    /// The subdev pad states of an entity, nil when none were read.
    public func subdevPads(of entityID: UInt32) -> [SubdevPadState]? {
        subdevs.first { $0.entityID == entityID }?.pads
    }
}
