package import CLinuxMedia
import SystemPackage

/// Replays a `MediaRecording` through the same protocols a live device implements,
/// so everything above them runs unchanged without a kernel.
public struct RecordedMediaSource: MediaDataSource, SubdevDataSource, DevnodeResolving, Sendable {
    public let recording: MediaRecording

    public init(_ recording: MediaRecording) { self.recording = recording }

    public var path: String { recording.devnode }

    func corrupt(_ what: String) -> MediaError {
        MediaError(code: .invalidArgument, path: recording.devnode, operation: "replay", detail: "recording has bad \(what)")
    }

    package func rawDeviceInfo() throws(MediaError) -> media_device_info {
        guard let info = HexCoding.decodeOne(recording.deviceInfo, zero: media_device_info()) else { throw corrupt("deviceInfo") }
        return info
    }

    package func rawTopology() throws(MediaError) -> RawTopology {
        guard let topology = recording.topology else {
            throw MediaError(code: .ioctlFailed, errno: .inappropriateIOCTLForDevice, path: path, operation: IoctlRequest.getTopology.name)
        }
        guard let entities = HexCoding.decode(topology.entities, zero: media_v2_entity()),
            let interfaces = HexCoding.decode(topology.interfaces, zero: media_v2_interface()),
            let pads = HexCoding.decode(topology.pads, zero: media_v2_pad()),
            let links = HexCoding.decode(topology.links, zero: media_v2_link())
        else { throw corrupt("topology") }
        return RawTopology(version: topology.version, entities: entities, interfaces: interfaces, pads: pads, links: links)
    }

    package func rawEntities() throws(MediaError) -> [media_entity_desc] {
        guard let entities = HexCoding.decode(recording.entities, zero: media_entity_desc()) else { throw corrupt("entities") }
        return entities
    }

    package func rawLinks(of entity: media_entity_desc) throws(MediaError) -> RawEntityLinks {
        guard let record = recording.links.first(where: { $0.entity == entity.id }),
            let pads = HexCoding.decode(record.pads, zero: media_pad_desc()),
            let links = HexCoding.decode(record.links, zero: media_link_desc())
        else { throw corrupt("links of entity \(entity.id)") }
        return RawEntityLinks(pads: pads, links: links)
    }

    public func devnode(major: UInt32, minor: UInt32) -> String? {
        recording.devnodes.first { $0.major == major && $0.minor == minor }?.path
    }

    package func rawPads(devnode: String, padCount: Int) -> [RawSubdevPad]? {
        guard let subdev = recording.subdevs.first(where: { $0.devnode == devnode }) else { return nil }
        return subdev.pads.prefix(padCount).map(Self.raw)
    }

    package func rawStreams(devnode: String) -> RawSubdevStreams? {
        guard let subdev = recording.subdevs.first(where: { $0.devnode == devnode }), let routes = subdev.routes,
            let decoded = HexCoding.decode(routes, zero: CLinuxMedia_v4l2_subdev_route())
        else { return nil }
        return RawSubdevStreams(routes: decoded, pads: (subdev.streams ?? []).map(Self.raw))
    }

    static func raw(_ pad: MediaRecording.SubdevPad) -> RawSubdevPad {
            RawSubdevPad(
                pad: pad.pad,
                stream: pad.stream,
                format: pad.format.flatMap { HexCoding.decodeOne($0, zero: v4l2_subdev_format()) },
                interval: pad.interval.flatMap { HexCoding.decodeOne($0, zero: v4l2_subdev_frame_interval()) },
                selections: pad.selections.compactMap { key, value in
                    guard let target = UInt32(key), var selection = HexCoding.decodeOne(value, zero: v4l2_subdev_selection())
                    else { return nil }
                    selection.target = target
                    return selection
                }.sorted { $0.target < $1.target })
    }

    /// Reads the snapshot the recorded device would have given.
    public func snapshot() throws(MediaError) -> MediaSnapshot {
        try SnapshotReader(devnodes: self, subdevs: self).read(source: self)
    }
}
