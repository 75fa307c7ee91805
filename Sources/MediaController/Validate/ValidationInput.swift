/// What `validate` reads from a device: the graph, the driver, the active formats of the
/// subdev pads and the formats of the capture video nodes. Plain values, so the rules
/// can be tested on any graph.
public struct ValidationInput: Sendable, Equatable {
    /// The format of one video node, or why it could not be read.
    public struct VideoFormat: Sendable, Equatable {
        public var entityID: UInt32
        public var devnode: String?
        /// The single-planar capture format; nil when `problem` says why there is none.
        public var format: PixelFormat?
        /// `G_FMT: Invalid argument` (no single-planar capture queue), no device node, ...
        public var problem: String?

        public init(entityID: UInt32, devnode: String?, format: PixelFormat?, problem: String? = nil) {
            self.entityID = entityID
            self.devnode = devnode
            self.format = format
            self.problem = problem
        }
    }

    public var devnode: String
    public var driver: String
    public var model: String
    public var topology: Topology
    /// The pads of each subdev whose node could be read.
    public var subdevs: [SubdevState]
    /// One entry per entity with a V4L video interface.
    public var videos: [VideoFormat]

    public init(
        devnode: String, driver: String, model: String = "", topology: Topology, subdevs: [SubdevState],
        videos: [VideoFormat]
    ) {
        self.devnode = devnode
        self.driver = driver
        self.model = model
        self.topology = topology
        self.subdevs = subdevs
        self.videos = videos
    }

    /// Reads a device: DEVICE_INFO, G_TOPOLOGY, the legacy view (for the subdev nodes),
    /// SUBDEV_G_FMT of every subdev pad and G_FMT of every video node. Read-only: nothing
    /// is set, no buffer is allocated.
    public static func read(_ device: MediaDevice, devnodes: any DevnodeResolving) throws(MediaError) -> ValidationInput {
        let snapshot = try SnapshotReader(devnodes: devnodes).read(device)
        var videos: [VideoFormat] = []
        for entity in snapshot.topology.entities {
            guard let interface = snapshot.topology.interfaces(of: entity.id).first(where: { $0.type == .v4lVideo })
            else { continue }
            guard let devnode = interface.devnode else {
                videos.append(VideoFormat(entityID: entity.id, devnode: nil, format: nil, problem: "no device node found"))
                continue
            }
            do throws(MediaError) {
                let format = try VideoNode(path: devnode).captureFormat()
                videos.append(VideoFormat(entityID: entity.id, devnode: devnode, format: format))
            } catch {
                let reason = error.errno.map { "VIDIOC_G_FMT: \($0)" } ?? error.description
                videos.append(VideoFormat(entityID: entity.id, devnode: devnode, format: nil, problem: reason))
            }
        }
        return ValidationInput(
            devnode: snapshot.devnode, driver: snapshot.info.driver, model: snapshot.info.model,
            topology: snapshot.topology, subdevs: snapshot.subdevs, videos: videos)
    }

    // MARK: - Lookups

    /// Whether the entity is a V4L2 subdev (it has a subdev interface).
    func isSubdev(_ entityID: UInt32) -> Bool {
        topology.interfaces(of: entityID).contains { $0.type == .v4lSubdev }
            || subdevs.contains { $0.entityID == entityID }
    }

    /// The video node entry of an entity, nil when it has no video interface.
    func video(_ entityID: UInt32) -> VideoFormat? {
        videos.first { $0.entityID == entityID }
    }

    /// The active format of a subdev pad, nil when it was not read.
    func padFormat(entityID: UInt32, index: UInt32) -> FrameFormat? {
        subdevs.first { $0.entityID == entityID }?.pads.first { $0.pad == index }?.format
    }

    func name(_ entityID: UInt32) -> String {
        topology.entity(id: entityID)?.name ?? "entity \(entityID)"
    }

    func padName(_ padID: UInt32) -> PadName {
        let pad = topology.pad(id: padID)
        return PadName(entity: pad.map { name($0.entityID) } ?? "pad \(padID)", index: pad?.index ?? 0)
    }
}
