/// One ioctl of the kernel's media UAPI headers, as `Scripts/gen/ioctls` compiled it: the
/// table `UAPIIoctls.all` is generated, never typed.
package struct UAPIIoctl: Sendable, Hashable {
    /// Which way the argument goes (`_IOC_DIR`).
    package enum Direction: String, Sendable, Hashable {
        /// `_IO`: no argument in user memory.
        case none
        /// `_IOW`: the kernel copies the argument in.
        case `in`
        /// `_IOR`: the kernel copies the result out.
        case out
        /// `_IOWR`: both.
        case inOut
    }

    /// The header that defines it.
    package enum Header: String, Sendable, Hashable {
        case media, videodev2, subdev
    }

    package let name: String
    package let number: UInt
    package let direction: Direction
    /// `_IOC_SIZE`: the bytes the kernel copies.
    package let size: Int
    package let header: Header

    package init(name: String, number: UInt, direction: Direction, size: Int, header: Header) {
        self.name = name
        self.number = number
        self.direction = direction
        self.size = size
        self.header = header
    }

    /// The ioctl of this name, or nil.
    package static func named(_ name: String) -> UAPIIoctl? {
        UAPIIoctls.all.first { $0.name == name }
    }

    /// The node kinds whose descriptors take it, in `NodeKind` order; the first is where
    /// `--pin` issues it unless the spelling names a kind (`NAME@KIND`). MEDIA_REQUEST_IOC_*
    /// go to request descriptors, which no cell holds yet: none.
    ///
    /// videodev2.h ioctls: every one on video nodes (video and metadata nodes are both
    /// VFL_TYPE_VIDEO; a driver answers ENOTTY for what it lacks, a not-applicable cell),
    /// the `alsoOnSubdevs` ones on subdev nodes, and on vbi, radio, swradio and touch nodes
    /// the groups `determine_valid_ioctls` enables for their vfl_type (`onOtherV4L2Nodes`).
    /// A transmitter kind (`video-out`, `vbi-out`, `radio-tx`, `swradio-tx`) takes what its
    /// receiver kind takes, but for the `is_rx` blocks of determine_valid_ioctls
    /// (`receiverOnly`): inputs, their audio and standards detection, tuners.
    package var nodeKinds: [NodeKind] {
        switch header {
        case .media: name.hasPrefix("MEDIA_IOC_") ? [.media] : []
        case .subdev: [.subdev]
        case .videodev2:
            ([.video] + (Self.alsoOnSubdevs.contains(name) ? [.subdev] : []) + (Self.onOtherV4L2Nodes[name] ?? []))
                .flatMap { [$0] + ($0.transmitter.map { Self.receiverOnly.contains(name) ? [] : [$0] } ?? []) }.sorted()
        }
    }

    /// The videodev2.h ioctls determine_valid_ioctls enables only `if (is_rx)` (Linux 6.12):
    /// a transmitter node lacks them.
    static let receiverOnly: Set<String> = [
        "VIDIOC_QUERYSTD", "VIDIOC_ENUMINPUT", "VIDIOC_G_INPUT", "VIDIOC_S_INPUT", "VIDIOC_ENUMAUDIO", "VIDIOC_G_AUDIO",
        "VIDIOC_S_AUDIO", "VIDIOC_QUERY_DV_TIMINGS", "VIDIOC_G_TUNER", "VIDIOC_S_TUNER", "VIDIOC_S_HW_FREQ_SEEK",
    ]

    /// The videodev2.h ioctls that subdev nodes also take: the cases of `subdev_do_ioctl`
    /// (drivers/media/v4l2-core/v4l2-subdev.c, Linux 6.12) that are not VIDIOC_SUBDEV_*.
    static let alsoOnSubdevs: Set<String> = [
        "VIDIOC_QUERYCTRL", "VIDIOC_QUERY_EXT_CTRL", "VIDIOC_QUERYMENU", "VIDIOC_G_CTRL", "VIDIOC_S_CTRL",
        "VIDIOC_G_EXT_CTRLS", "VIDIOC_S_EXT_CTRLS", "VIDIOC_TRY_EXT_CTRLS", "VIDIOC_DQEVENT", "VIDIOC_SUBSCRIBE_EVENT",
        "VIDIOC_UNSUBSCRIBE_EVENT", "VIDIOC_LOG_STATUS", "VIDIOC_DBG_G_CHIP_INFO", "VIDIOC_DBG_G_REGISTER",
        "VIDIOC_DBG_S_REGISTER", "VIDIOC_G_EDID", "VIDIOC_S_EDID",
    ]

    /// The videodev2.h ioctls that vbi, radio, swradio and touch nodes take: the groups of
    /// `determine_valid_ioctls` (drivers/media/v4l2-core/v4l2-dev.c, Linux 6.12) by the
    /// vfl_type that enables each, coarsely: a group counts when some driver of that type
    /// can have it (receiver or transmitter, any callbacks); ENOTTY makes the rest
    /// not-applicable.
    static let onOtherV4L2Nodes: [String: [NodeKind]] = {
        typealias Kind = NodeKind
        let groups: [(kinds: [Kind], names: [String])] = [
            // vfl_type independent: capabilities, priority, controls, log, debug, events.
            ([.vbi, .radio, .swradio, .touch], [
                "QUERYCAP", "G_PRIORITY", "S_PRIORITY", "QUERYCTRL", "QUERY_EXT_CTRL", "G_CTRL", "S_CTRL", "G_EXT_CTRLS",
                "S_EXT_CTRLS", "TRY_EXT_CTRLS", "QUERYMENU", "LOG_STATUS", "DBG_G_CHIP_INFO", "DBG_G_REGISTER",
                "DBG_S_REGISTER", "DQEVENT", "SUBSCRIBE_EVENT", "UNSUBSCRIBE_EVENT", "ENUM_FREQ_BANDS",
            ]),
            // `if (!is_tch)` frequency; `if (is_rx && !is_tch)` tuner.
            ([.vbi, .radio, .swradio], ["G_FREQUENCY", "S_FREQUENCY", "G_TUNER", "S_TUNER", "S_HW_FREQ_SEEK"]),
            // `if (is_tx && (is_radio || is_sdr))`.
            ([.radio, .swradio], ["G_MODULATOR", "S_MODULATOR"]),
            // The format ioctls of the vbi, touch and SDR blocks (vbi has no ENUM_FMT).
            ([.vbi, .swradio, .touch], ["G_FMT", "S_FMT", "TRY_FMT"]),
            ([.swradio, .touch], ["ENUM_FMT"]),
            ([.vbi], ["G_SLICED_VBI_CAP"]),
            ([.touch], ["ENUM_FRAMESIZES", "ENUM_FRAMEINTERVALS"]),
            // Inputs and streaming parameters: the touch block and the video/vbi/meta block.
            ([.vbi, .touch], ["ENUMINPUT", "G_INPUT", "S_INPUT", "G_PARM", "S_PARM"]),
            // `if (is_vid || is_vbi || is_sdr || is_tch || is_meta)`: buffers and streaming.
            ([.vbi, .swradio, .touch], [
                "REQBUFS", "QUERYBUF", "QBUF", "EXPBUF", "DQBUF", "CREATE_BUFS", "PREPARE_BUF", "STREAMON", "STREAMOFF",
                "REMOVE_BUFS",
            ]),
            // `if (is_vid || is_vbi || is_meta)`: standards, audio, outputs, DV timings, EDID.
            ([.vbi], [
                "ENUMSTD", "S_STD", "G_STD", "QUERYSTD", "ENUMAUDIO", "G_AUDIO", "S_AUDIO", "QUERY_DV_TIMINGS", "S_EDID",
                "ENUMOUTPUT", "G_OUTPUT", "S_OUTPUT", "ENUMAUDOUT", "G_AUDOUT", "S_AUDOUT", "S_DV_TIMINGS", "G_DV_TIMINGS",
                "ENUM_DV_TIMINGS", "DV_TIMINGS_CAP", "G_EDID",
            ]),
        ]
        var table: [String: [Kind]] = [:]
        for group in groups {
            for name in group.names { table["VIDIOC_" + name, default: []] += group.kinds }
        }
        return table.mapValues { Array(Set($0)).sorted() }
    }()
}
