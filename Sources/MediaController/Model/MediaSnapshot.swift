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
    /// Each pad's stream 0 (every subdev, and what a client without the streams
    /// capability reads).
    public var pads: [SubdevPadState]
    /// A streams subdev's routing table (`VIDIOC_SUBDEV_G_ROUTING`); nil for a subdev
    /// without `V4L2_SUBDEV_CAP_STREAMS` or a kernel without the Streams API.
    public var routes: [SubdevRoute]?
    /// A streams subdev's state per pad/stream that an active route starts or ends at,
    /// each with its `stream`; nil with `routes`.
    public var streams: [SubdevPadState]?

    public init(
        entityID: UInt32, devnode: String, pads: [SubdevPadState], routes: [SubdevRoute]? = nil,
        streams: [SubdevPadState]? = nil
    ) {
        self.entityID = entityID
        self.devnode = devnode
        self.pads = pads
        self.routes = routes
        self.streams = streams
    }
}

extension MediaSnapshot {
    /// The subdev pad states of an entity, nil when none were read.
    public func subdevPads(of entityID: UInt32) -> [SubdevPadState]? {
        subdevs.first { $0.entityID == entityID }?.pads
    }

    /// The subdev state of an entity, nil when none was read.
    public func subdev(of entityID: UInt32) -> SubdevState? {
        subdevs.first { $0.entityID == entityID }
    }
}
