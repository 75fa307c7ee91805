import CLinuxMedia
package import MediaController
package import SystemPackage

/// One ioctl the stress engine issues on a held descriptor, with a zeroed or
/// minimal argument; `run` returns nil on success or the errno.
package struct IoctlProbe: Sendable {
    package var name: String
    package var kind: NodeKind
    let call: @Sendable (FileDescriptor) -> Errno?

    package func run(_ fd: FileDescriptor) -> Errno? { call(fd) }

    /// The probes for one kind of node. `setupLink` re-applies a link's current state.
    package static func probes(for kind: NodeKind, setupLink: LegacyLink?) -> [IoctlProbe] {
        switch kind {
        case .media:
            var probes = [
                probe("DEVICE_INFO", .media) { fd in
                    var info = media_device_info()
                    return systemIoctl(fd, .deviceInfo, &info)
                },
                probe("G_TOPOLOGY", .media) { fd in
                    var topology = media_v2_topology()
                    return systemIoctl(fd, .getTopology, &topology)
                },
                probe("ENUM_ENTITIES", .media) { fd in
                    var entity = media_entity_desc()
                    entity.id = MEDIA_ENT_ID_FLAG_NEXT
                    return systemIoctl(fd, .enumEntities, &entity)
                },
            ]
            if let link = setupLink {
                probes.append(
                    probe("SETUP_LINK", .media) { fd in
                        var desc = link.rawDescription
                        return systemIoctl(fd, .setupLink, &desc)
                    })
            }
            return probes
        case .video:
            return [
                probe("QUERYCAP", .video) { fd in
                    var capability = v4l2_capability()
                    return systemIoctl(fd, .queryCapability, &capability)
                },
                probe("G_FMT", .video) { fd in
                    var format = v4l2_format()
                    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
                    return systemIoctl(fd, .getFormat, &format)
                },
            ]
        case .subdev:
            return [
                probe("SUBDEV_QUERYCAP", .subdev) { fd in
                    var capability = v4l2_subdev_capability()
                    return systemIoctl(fd, .subdevQueryCapability, &capability)
                },
                probe("SUBDEV_G_FMT", .subdev) { fd in
                    var format = v4l2_subdev_format()
                    format.which = UInt32(V4L2_SUBDEV_FORMAT_ACTIVE.rawValue)
                    return systemIoctl(fd, .subdevGetFormat, &format)
                },
            ]
        case .vbi, .radio, .swradio, .touch, .videoOut, .vbiOut, .radioTx, .swradioTx:
            // QUERYCAP on every V4L2 node; then what determine_valid_ioctls gives the kind
            // (see UAPIIoctl.onOtherV4L2Nodes): the format of its buffer type, or for a
            // radio, which has no format, its frequency. Named `IOCTL@KIND` in reports.
            let tag = "@" + kind.rawValue
            let queryCapability = probe("QUERYCAP" + tag, kind) { fd in
                var capability = v4l2_capability()
                return systemIoctl(fd, .queryCapability, &capability)
            }
            guard let bufferType = formatBufferType(kind) else {
                return [
                    queryCapability,
                    probe("G_FREQUENCY" + tag, kind) { fd in
                        var frequency = v4l2_frequency()
                        return systemIoctl(fd, getFrequency, &frequency)
                    },
                ]
            }
            return [
                queryCapability,
                probe("G_FMT" + tag, kind) { fd in
                    var format = v4l2_format()
                    format.type = bufferType
                    return systemIoctl(fd, .getFormat, &format)
                },
            ]
        }
    }

    /// The buffer type of a node kind's formats (capture, or output for a transmitter) (`enum v4l2_buf_type`): what
    /// VIDIOC_G_FMT and friends take on it. Nil for media, subdev and radio nodes, which
    /// have no V4L2 format.
    package static func formatBufferType(_ kind: NodeKind) -> UInt32? {
        switch kind {
        case .video, .touch: V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        case .vbi: V4L2_BUF_TYPE_VBI_CAPTURE.rawValue
        case .swradio: V4L2_BUF_TYPE_SDR_CAPTURE.rawValue
        case .videoOut: V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue
        case .vbiOut: V4L2_BUF_TYPE_VBI_OUTPUT.rawValue
        case .swradioTx: V4L2_BUF_TYPE_SDR_OUTPUT.rawValue
        case .media, .subdev, .radio, .radioTx: nil
        }
    }

    /// VIDIOC_G_FREQUENCY, which MediaController has no use for: from the UAPI table.
    static let getFrequency: IoctlRequest = {
        // The table is generated from videodev2.h, which has defined it since Linux 2.6.
        guard let ioctl = UAPIIoctl.named("VIDIOC_G_FREQUENCY") else { preconditionFailure("VIDIOC_G_FREQUENCY is not in UAPIIoctls") }
        return IoctlRequest(name: ioctl.name, number: ioctl.number)
    }()

    static func probe(
        _ name: String, _ kind: NodeKind, _ body: @escaping @Sendable (FileDescriptor) -> Result<Int32, Errno>
    ) -> IoctlProbe {
        IoctlProbe(name: name, kind: kind) { fd in
            if case .failure(let errno) = body(fd) { return errno }
            return nil
        }
    }
}

/// Counts of outcomes (`OK`, `EIO`, `ENODEV` ...) per operation.
package struct OutcomeCounts: Sendable, Codable, Equatable {
    /// operation name -> outcome -> count
    package var counts: [String: [String: Int]] = [:]

    package init() {}

    package mutating func record(_ operation: String, _ errno: Errno?) {
        counts[operation, default: [:]][errno.map(errnoName) ?? "OK", default: 0] += 1
    }

    package mutating func merge(_ other: OutcomeCounts) {
        for (operation, outcomes) in other.counts {
            for (outcome, count) in outcomes { counts[operation, default: [:]][outcome, default: 0] += count }
        }
    }

    package var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
}
