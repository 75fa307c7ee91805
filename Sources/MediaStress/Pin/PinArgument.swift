import CLinuxMedia

/// The user pointers inside ioctl arguments that the kernel follows, for `--pin NAME:inner`:
/// which fields to fill so that the kernel reaches the pointer, and which field gets the
/// address of the missing page. The offsets come from the headers through the C shim.
package enum InnerPointers {
    /// A 32-bit field value of an argument.
    enum Value: Sendable {
        case constant(UInt32)
        /// The id of an entity of the device (ENUM_LINKS looks it up before following `pads`).
        case firstEntity
    }

    struct Layout: Sendable {
        /// 32-bit fields to set, by offset.
        let fields: [(offset: Int, value: Value)]
        /// The offset of the 64-bit user pointer.
        let pointer: Int
        /// What the kernel does with it, for reports and `--help`.
        let note: String
    }

    /// The ioctls with an inner park point.
    static let table: [String: Layout] = {
        let topology = Layout(
            fields: [(Int(CLinuxMedia_topology_num_entities), .constant(0xffff))],
            pointer: Int(CLinuxMedia_topology_ptr_entities),
            note: "media_device_get_topology() fills the entity array under graph_mutex")
        let links = Layout(
            fields: [(Int(CLinuxMedia_links_enum_entity), .firstEntity)], pointer: Int(CLinuxMedia_links_enum_pads),
            note: "media_device_enum_links() fills the pad array under graph_mutex")
        let controls = Layout(
            fields: [(Int(CLinuxMedia_ext_controls_count), .constant(1))], pointer: Int(CLinuxMedia_ext_controls_controls),
            note: "video_usercopy() copies the control array in (check_array_args)")
        let routes = Layout(
            fields: [(MemoryLayout<CLinuxMedia_v4l2_subdev_routing>.offset(of: \.len_routes) ?? 4, .constant(1))],
            pointer: MemoryLayout<CLinuxMedia_v4l2_subdev_routing>.offset(of: \.routes) ?? 8,
            note: "video_usercopy() copies the route array in (check_array_args)")
        return [
            "MEDIA_IOC_G_TOPOLOGY": topology, "MEDIA_IOC_ENUM_LINKS": links, "VIDIOC_G_EXT_CTRLS": controls,
            "VIDIOC_S_EXT_CTRLS": controls, "VIDIOC_TRY_EXT_CTRLS": controls, "VIDIOC_SUBDEV_G_ROUTING": routes,
            "VIDIOC_SUBDEV_S_ROUTING": routes,
        ]
    }()

    /// The ioctls of `table`, for messages.
    static var listing: String { table.keys.sorted().joined(separator: ", ") }
}

/// The fields `--pin NAME:out` sets so that the ioctl succeeds and reaches its copy-out:
/// without them it fails first (EINVAL) and the cell is not applicable. Offsets and values
/// come from the headers through the C shim.
package enum OutArguments {
    static let table: [String: [(offset: Int, value: UInt32)]] = {
        let capture = UInt32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        let mmap = UInt32(V4L2_MEMORY_MMAP.rawValue)
        // find_entity() takes the first entity whose id is above the one given with this flag.
        let firstEntity = UInt32(MEDIA_ENT_ID_FLAG_NEXT)
        // The format ioctls check the buffer type first: the held video node's capture type.
        let format = [(Int(CLinuxMedia_format_type), capture)]
        return [
            "MEDIA_IOC_ENUM_ENTITIES": [(Int(CLinuxMedia_entity_desc_id), firstEntity)],
            // No pads or links pointers: it looks the entity up and returns.
            "MEDIA_IOC_ENUM_LINKS": [(Int(CLinuxMedia_links_enum_entity), firstEntity)],
            "VIDIOC_G_FMT": format, "VIDIOC_S_FMT": format, "VIDIOC_TRY_FMT": format,
            "VIDIOC_ENUM_FMT": [(Int(CLinuxMedia_fmtdesc_type), capture)],
            // count 0: vb2 only checks the type and memory (and frees no buffers: none exist).
            "VIDIOC_REQBUFS": [(Int(CLinuxMedia_requestbuffers_type), capture), (Int(CLinuxMedia_requestbuffers_memory), mmap)],
            "VIDIOC_CREATE_BUFS": [
                (Int(CLinuxMedia_create_buffers_memory), mmap), (Int(CLinuxMedia_create_buffers_format_type), capture),
            ],
            // Index 0 of a pixel format the test drivers capture.
            "VIDIOC_ENUM_FRAMESIZES": [(Int(CLinuxMedia_frmsizeenum_pixel_format), UInt32(CLinuxMedia_V4L2_PIX_FMT_RGB24))],
        ]
    }()
}

/// What the ioctl's argument holds before it is parked: zeros, but for the fields without
/// which it would fail before reaching the park point.
package struct PinArgument: Sendable {
    /// The argument's bytes from its start (a structure built by `PinSetup`), written
    /// before `fields`.
    package var image: [UInt8] = []
    /// 32-bit fields, by offset.
    package var fields: [(offset: Int, value: UInt32)] = []
    /// The offset of a pointer field to aim at the parked (missing) page.
    package var innerPointer: Int?
    /// Pointer fields aimed inside the argument's own page: the address of byte `target`
    /// of the image goes at `at` (a multi-planar buffer's `m.planes`).
    package var selfPointers: [(at: Int, target: Int)] = []
    /// Descriptors the argument names (dma-bufs), closed once the parked ioctl has
    /// returned: they must outlive it.
    package var closeAfter: [Int32] = []
    /// The argument describes real state, or the kernel reads none of it: a refusal
    /// before the park point is the kernel's. False for an `:out` argument of zeros the
    /// kernel reads (`_IOWR`) with no recipe here: a refusal is the tool's.
    package var built: Bool

    /// An argument of the bytes of `value`, a structure of the ioctl's type (never an
    /// array: that would be the array's reference; see `init(bytes:)`).
    package init<Value>(image value: Value) {
        self.init(bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    /// An argument of these bytes from its start.
    package init(bytes: [UInt8]) {
        image = bytes
        built = true
    }

    /// The `_IOWR` ioctls whose zeroed argument names something real: index 0 of an
    /// enumeration, pad 0 of a subdev in the TRY state, tuner or modulator 0, input or
    /// output 0, command 0 (START) of an encoder, the bridge chip of the debug
    /// ioctls, the current DV timings.
    static let zeroIsReal: Set = [
        "VIDIOC_ENUMSTD", "VIDIOC_SUBDEV_ENUMSTD", "VIDIOC_ENUMINPUT", "VIDIOC_ENUMOUTPUT", "VIDIOC_ENUMAUDIO",
        "VIDIOC_ENUMAUDOUT", "VIDIOC_ENUM_DV_TIMINGS", "VIDIOC_SUBDEV_ENUM_DV_TIMINGS", "VIDIOC_G_TUNER",
        "VIDIOC_G_MODULATOR", "VIDIOC_G_EDID", "VIDIOC_SUBDEV_G_EDID", "VIDIOC_SUBDEV_G_FMT", "VIDIOC_SUBDEV_ENUM_MBUS_CODE",
        "VIDIOC_SUBDEV_G_SELECTION", "VIDIOC_SUBDEV_G_CROP", "VIDIOC_SUBDEV_G_FRAME_INTERVAL", "VIDIOC_G_EXT_CTRLS",
        "VIDIOC_S_EXT_CTRLS", "VIDIOC_TRY_EXT_CTRLS", "VIDIOC_SUBDEV_G_CLIENT_CAP", "VIDIOC_SUBDEV_S_CLIENT_CAP",
        "VIDIOC_G_FREQUENCY", "VIDIOC_S_INPUT", "VIDIOC_S_OUTPUT", "VIDIOC_ENCODER_CMD", "VIDIOC_TRY_ENCODER_CMD",
        "VIDIOC_DBG_G_REGISTER", "VIDIOC_DBG_G_CHIP_INFO",
        "VIDIOC_G_DV_TIMINGS", "VIDIOC_DV_TIMINGS_CAP", "VIDIOC_SUBDEV_G_DV_TIMINGS", "VIDIOC_SUBDEV_DV_TIMINGS_CAP",
    ]

    /// Where the buffer type is in the arguments of the ioctls that check it first.
    static let bufferTypeOffsets: [String: Int] = [
        "VIDIOC_G_FMT": Int(CLinuxMedia_format_type), "VIDIOC_S_FMT": Int(CLinuxMedia_format_type),
        "VIDIOC_TRY_FMT": Int(CLinuxMedia_format_type), "VIDIOC_ENUM_FMT": Int(CLinuxMedia_fmtdesc_type),
        "VIDIOC_REQBUFS": Int(CLinuxMedia_requestbuffers_type),
        "VIDIOC_CREATE_BUFS": Int(CLinuxMedia_create_buffers_format_type),
    ]

    /// The `_IOR` ioctls that copy out only what state the tool must build first.
    static let needsState: Set = ["VIDIOC_DQEVENT"]

    /// The argument of `pinned`, for a device whose first entity has id `entity`.
    package init(_ pinned: PinnedIoctl, firstEntity entity: UInt32) {
        let name = pinned.ioctl.name
        switch pinned.point {
        case .in:
            built = true
        case .out:
            built = OutArguments.table[name] != nil || Self.zeroIsReal.contains(name)
                || (pinned.ioctl.direction == .out && !Self.needsState.contains(name))
            fields = OutArguments.table[pinned.ioctl.name] ?? []
            // V4L2 format and buffer ioctls check the buffer type before they copy anything
            // out: the type of the held node's kind (video and touch: VIDEO_CAPTURE; a
            // transmitter's output type).
            if let offset = Self.bufferTypeOffsets[name], let type = IoctlProbe.formatBufferType(pinned.nodeKind) {
                fields = fields.filter { $0.offset != offset } + [(offset, type)]
            }
        case .inner:
            built = true
            guard let layout = InnerPointers.table[pinned.ioctl.name] else { return }
            fields = layout.fields.map { field in
                switch field.value {
                case .constant(let value): (field.offset, value)
                case .firstEntity: (field.offset, entity)
                }
            }
            innerPointer = layout.pointer
        }
    }
}
