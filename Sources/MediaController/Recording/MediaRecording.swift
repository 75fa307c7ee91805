import CLinuxMedia
import SystemPackage

/// The raw answers of one media device, byte for byte, as JSON: what `mediactl record`
/// writes and `--from` replays. A bug report can carry one; tests replay them.
public struct MediaRecording: Sendable, Codable, Equatable {
    public struct TopologyArrays: Sendable, Codable, Equatable {
        public var version: UInt64
        public var entities: String
        public var interfaces: String
        public var pads: String
        public var links: String
    }

    public struct EntityLinks: Sendable, Codable, Equatable {
        public var entity: UInt32
        public var pads: String
        public var links: String
    }

    public struct SubdevPad: Sendable, Codable, Equatable {
        public var pad: UInt32
        /// The stream, for a streams subdev's per-stream states.
        public var stream: UInt32?
        public var format: String?
        public var interval: String?
        /// `V4L2_SEL_TGT_*` as a decimal string -> `v4l2_subdev_selection` hex.
        public var selections: [String: String]
    }

    public struct Subdev: Sendable, Codable, Equatable {
        public var devnode: String
        public var pads: [SubdevPad]
        /// A streams subdev's `v4l2_subdev_route` array (hex); nil for other subdevs and
        /// for recordings made before routes were recorded.
        public var routes: String?
        /// A streams subdev's states per pad/stream of an active route.
        public var streams: [SubdevPad]?
    }

    public struct Devnode: Sendable, Codable, Equatable {
        public var major: UInt32
        public var minor: UInt32
        public var path: String
    }

    /// How the recording was made, for people.
    public var note: String
    public var devnode: String
    public var deviceInfo: String
    /// nil when the kernel has no G_TOPOLOGY.
    public var topology: TopologyArrays?
    public var entities: String
    public var links: [EntityLinks]
    public var devnodes: [Devnode]
    public var subdevs: [Subdev]
}

/// Records everything a snapshot needs from a live source.
public struct MediaRecorder {
    public init() {}

    package func record(
        _ source: some MediaDataSource, devnodes: any DevnodeResolving, subdevs: any SubdevDataSource, note: String
    ) throws(MediaError) -> MediaRecording {
        let info = try source.rawDeviceInfo()
        var topology: MediaRecording.TopologyArrays?
        var numbers: [(UInt32, UInt32)] = []
        do throws(MediaError) {
            let raw = try source.rawTopology()
            topology = MediaRecording.TopologyArrays(
                version: raw.version, entities: HexCoding.encode(raw.entities), interfaces: HexCoding.encode(raw.interfaces),
                pads: HexCoding.encode(raw.pads), links: HexCoding.encode(raw.links))
            numbers += raw.interfaces.map { ($0.devnode.major, $0.devnode.minor) }
        } catch where error.errno == .inappropriateIOCTLForDevice {
            topology = nil
        }
        let entities = try source.rawEntities()
        var links: [MediaRecording.EntityLinks] = []
        var subdevRecords: [MediaRecording.Subdev] = []
        var resolved: [MediaRecording.Devnode] = []
        for entity in entities {
            let entityLinks = try source.rawLinks(of: entity)
            links.append(.init(entity: entity.id, pads: HexCoding.encode(entityLinks.pads), links: HexCoding.encode(entityLinks.links)))
            numbers.append((entity.dev.major, entity.dev.minor))
            let legacy = LegacyEntity(entity, links: entityLinks)
            if legacy.isSubdev, entity.pads > 0, let node = devnodes.devnode(major: entity.dev.major, minor: entity.dev.minor),
                let (pads, streams) = subdevs.rawSubdev(devnode: node, padCount: Int(entity.pads))
            {
                subdevRecords.append(
                    .init(
                        devnode: node, pads: pads.map(Self.record), routes: streams.map { HexCoding.encode($0.routes) },
                        streams: streams?.pads.map(Self.record)))
            }
        }
        for (major, minor) in numbers where major != 0 || minor != 0 {
            guard !resolved.contains(where: { $0.major == major && $0.minor == minor }),
                let path = devnodes.devnode(major: major, minor: minor)
            else { continue }
            resolved.append(.init(major: major, minor: minor, path: path))
        }
        return MediaRecording(
            note: note, devnode: source.path, deviceInfo: HexCoding.encode(info), topology: topology,
            entities: HexCoding.encode(entities), links: links, devnodes: resolved, subdevs: subdevRecords)
    }

    static func record(_ pad: RawSubdevPad) -> MediaRecording.SubdevPad {
        MediaRecording.SubdevPad(
            pad: pad.pad, stream: pad.stream, format: pad.format.map { HexCoding.encode($0) }, interval: pad.interval.map { HexCoding.encode($0) },
            selections: Dictionary(
                pad.selections.map { (String($0.target), HexCoding.encode($0)) }, uniquingKeysWith: { first, _ in first }))
    }
}
