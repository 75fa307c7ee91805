import CLinuxMedia
import MediaController
import SystemPackage

/// What a V4L2 node answered before a query ioctl is parked at `:out`: QUERYCAP, and for
/// the ioctls that need them the first format and frame size (ENUM_FMT, ENUM_FRAMESIZES),
/// the current parameters (G_PARM), the first selection target it answers (G_SELECTION)
/// and its first input or output with DV timings (an EDID). Recorded in the tests.
struct NodeAnswers {
    var capability: v4l2_capability
    var format: v4l2_fmtdesc?
    var frameSize: v4l2_frmsizeenum?
    var parameters: v4l2_streamparm?
    var selection: v4l2_selection?
    var edidPad: UInt32?
    /// A subdev's pad 0: its first media bus code (ENUM_MBUS_CODE) and that code's first
    /// frame size (ENUM_FRAME_SIZE), in the TRY state.
    var subdevSize: v4l2_subdev_frame_size_enum?
    /// The first decoder command TRY_DECODER_CMD took: START (stateful) or FLUSH (a
    /// stateless decoder takes only that: v4l2_m2m_ioctl_stateless_try_decoder_cmd).
    var decoderCommand: UInt32?
}

/// The arguments of the V4L2 query ioctls whose zeroed argument names nothing real (a
/// buffer type of 0, a pixel format of 0): the buffer type of the node's own queue from
/// QUERYCAP, a format and size it enumerates, a selection target it answers, its current
/// parameters for S_PARM and S_SELECTION. With them the ioctl either reaches its copy-out
/// or the driver refuses a real argument: a `kernel` not-applicable, never the tool's.
enum PinQueries {
    static let ioctls: Set = [
        "VIDIOC_G_PARM", "VIDIOC_S_PARM", "VIDIOC_CROPCAP", "VIDIOC_G_CROP", "VIDIOC_G_SELECTION", "VIDIOC_S_SELECTION",
        "VIDIOC_ENUM_FRAMEINTERVALS", "VIDIOC_G_SLICED_VBI_CAP", "VIDIOC_ENUM_FREQ_BANDS", "VIDIOC_G_EDID", "VIDIOC_S_EDID",
        "VIDIOC_SUBDEV_ENUM_FRAME_SIZE", "VIDIOC_SUBDEV_ENUM_FRAME_INTERVAL", "VIDIOC_DECODER_CMD",
        "VIDIOC_TRY_DECODER_CMD",
    ]

    /// The argument of `name` on a node of `kind` that answered `answers`.
    static func recipe(_ name: String, kind: NodeKind, _ answers: NodeAnswers) -> PinArgument {
        let queue = PinQueue(answers.capability)
        let type = queue?.type ?? 0
        switch name {
        case "VIDIOC_G_PARM", "VIDIOC_S_PARM":
            // S_PARM sets what G_PARM read: the node's own parameters.
            var parameters = name == "VIDIOC_S_PARM" ? answers.parameters ?? v4l2_streamparm() : v4l2_streamparm()
            parameters.type = type
            return PinArgument(image: parameters)
        case "VIDIOC_CROPCAP":
            var crop = v4l2_cropcap()
            crop.type = type
            return PinArgument(image: crop)
        case "VIDIOC_G_CROP":
            var crop = v4l2_crop()
            crop.type = type
            return PinArgument(image: crop)
        case "VIDIOC_G_SELECTION", "VIDIOC_S_SELECTION":
            // The first target the node answered, as it answered (S_SELECTION sets it back);
            // without one, the default target of the queue's direction, which it refuses.
            // The answer carries its queue's type (a mem2mem encoder crops its output queue).
            guard let selection = answers.selection else {
                var selection = v4l2_selection()
                selection.target = UInt32(queue?.isOutput == true ? V4L2_SEL_TGT_COMPOSE : V4L2_SEL_TGT_CROP)
                selection.type = type
                return PinArgument(image: selection)
            }
            return PinArgument(image: selection)
        case "VIDIOC_ENUM_FRAMEINTERVALS":
            var interval = v4l2_frmivalenum()
            interval.pixel_format = answers.format?.pixelformat ?? 0
            if let size = answers.frameSize {
                let discrete = size.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue
                interval.width = discrete ? size.discrete.width : size.stepwise.min_width
                interval.height = discrete ? size.discrete.height : size.stepwise.min_height
            }
            return PinArgument(image: interval)
        case "VIDIOC_G_SLICED_VBI_CAP":
            var capability = v4l2_sliced_vbi_cap()
            let caps = answers.capability.nodeCapabilities
            capability.type = (caps & UInt32(V4L2_CAP_SLICED_VBI_OUTPUT) != 0 ? V4L2_BUF_TYPE_SLICED_VBI_OUTPUT : V4L2_BUF_TYPE_SLICED_VBI_CAPTURE).rawValue
            return PinArgument(image: capability)
        case "VIDIOC_ENUM_FREQ_BANDS":
            // v4l_enum_freq_bands() wants the tuner type of the node: radio, SDR or TV.
            var band = v4l2_frequency_band()
            band.type = switch kind {
            case .radio, .radioTx: V4L2_TUNER_RADIO.rawValue
            case .swradio, .swradioTx: V4L2_TUNER_SDR.rawValue
            default: V4L2_TUNER_ANALOG_TV.rawValue
            }
            return PinArgument(image: band)
        case "VIDIOC_DECODER_CMD", "VIDIOC_TRY_DECODER_CMD":
            var command = v4l2_decoder_cmd()
            command.cmd = answers.decoderCommand ?? UInt32(V4L2_DEC_CMD_START)
            return PinArgument(image: command)
        case "VIDIOC_SUBDEV_ENUM_FRAME_SIZE":
            // Index 0 of the pad's first code.
            var size = v4l2_subdev_frame_size_enum()
            size.code = answers.subdevSize?.code ?? 0
            return PinArgument(image: size)
        case "VIDIOC_SUBDEV_ENUM_FRAME_INTERVAL":
            var interval = v4l2_subdev_frame_interval_enum()
            interval.code = answers.subdevSize?.code ?? 0
            interval.width = answers.subdevSize?.min_width ?? 0
            interval.height = answers.subdevSize?.min_height ?? 0
            return PinArgument(image: interval)
        default:
            // G_EDID, S_EDID: the input (or output) with DV timings, no blocks (S_EDID with
            // none clears it: what the kernel copies back is the block count).
            var edid = v4l2_edid()
            edid.pad = answers.edidPad ?? 0
            return PinArgument(image: edid)
        }
    }

    /// Asks the node what `pinned` needs and returns its argument.
    static func argument(_ pinned: PinnedIoctl, _ handle: HeldHandle) throws(MediaError) -> PinArgument {
        var answers = NodeAnswers(capability: v4l2_capability())
        let name = pinned.ioctl.name
        if pinned.nodeKind == .subdev {
            answers.subdevSize = try firstSubdevSize(pinned, handle)
            return recipe(name, kind: pinned.nodeKind, answers)
        }
        try PinSetup.call(.queryCapability, &answers.capability, on: handle, for: pinned)
        let type = PinQueue(answers.capability)?.type ?? 0
        switch name {
        case "VIDIOC_ENUM_FRAMEINTERVALS":
            // The first format of the queue (of a mem2mem node's output queue too: visl
            // sizes only its coded formats) whose size ENUM_FRAMESIZES gives.
            let queue = PinQueue(answers.capability)
            let types = [type] + (queue?.mem2mem == true ? [queue?.outputType ?? type] : [])
            var refusal: Errno?
            for type in types where answers.frameSize == nil {
                var format = v4l2_fmtdesc()
                format.type = type
                try PinSetup.call(PinSetup.request("VIDIOC_ENUM_FMT", for: pinned), &format, on: handle, for: pinned)
                var size = v4l2_frmsizeenum()
                size.pixel_format = format.pixelformat
                switch systemIoctl(handle.fileDescriptor, try PinSetup.request("VIDIOC_ENUM_FRAMESIZES", for: pinned), &size) {
                case .success: (answers.format, answers.frameSize) = (format, size)
                case .failure(let errno): refusal = errno
                }
            }
            if answers.frameSize == nil, let refusal {
                throw NotApplicable.error(
                    .kernel, errno: refusal, path: handle.node.path, operation: "park \(pinned.rawValue)",
                    detail: "VIDIOC_ENUM_FRAMESIZES gave no size for the first format of any queue")
            }
        case "VIDIOC_DECODER_CMD", "VIDIOC_TRY_DECODER_CMD":
            let request = try PinSetup.request("VIDIOC_TRY_DECODER_CMD", for: pinned)
            answers.decoderCommand = [V4L2_DEC_CMD_START, V4L2_DEC_CMD_FLUSH].map { UInt32($0) }.first { command in
                var probe = v4l2_decoder_cmd()
                probe.cmd = command
                if case .success = systemIoctl(handle.fileDescriptor, request, &probe) { return true }
                return false
            }
        case "VIDIOC_S_PARM":
            var parameters = v4l2_streamparm()
            parameters.type = type
            let request = try PinSetup.request("VIDIOC_G_PARM", for: pinned)
            if case .success = systemIoctl(handle.fileDescriptor, request, &parameters) { answers.parameters = parameters }
        case "VIDIOC_G_SELECTION", "VIDIOC_S_SELECTION":
            // A mem2mem node's output queue too: vicodec's encoder crops only there.
            let queue = PinQueue(answers.capability)
            let types = [type] + (queue?.mem2mem == true ? [queue?.outputType ?? type] : [])
            for type in types where answers.selection == nil {
                answers.selection = try firstSelection(type: type, pinned, handle)
            }
        case "VIDIOC_G_EDID", "VIDIOC_S_EDID":
            answers.edidPad = try edidPad(output: PinQueue(answers.capability)?.isOutput == true, pinned, handle)
        default:
            break
        }
        return recipe(name, kind: pinned.nodeKind, answers)
    }

    /// Pad 0's first code and its first frame size (the code alone when the subdev has no
    /// ENUM_FRAME_SIZE), in the TRY state.
    private static func firstSubdevSize(_ pinned: PinnedIoctl, _ handle: HeldHandle) throws(MediaError) -> v4l2_subdev_frame_size_enum {
        var code = v4l2_subdev_mbus_code_enum()
        try PinSetup.call(PinSetup.request("VIDIOC_SUBDEV_ENUM_MBUS_CODE", for: pinned), &code, on: handle, for: pinned)
        var size = v4l2_subdev_frame_size_enum()
        size.code = code.code
        if pinned.ioctl.name == "VIDIOC_SUBDEV_ENUM_FRAME_INTERVAL" {
            try PinSetup.call(PinSetup.request("VIDIOC_SUBDEV_ENUM_FRAME_SIZE", for: pinned), &size, on: handle, for: pinned)
        }
        return size
    }

    /// The targets G_SELECTION is tried with, in order.
    static let targets = [
        V4L2_SEL_TGT_CROP, V4L2_SEL_TGT_COMPOSE, V4L2_SEL_TGT_CROP_BOUNDS, V4L2_SEL_TGT_COMPOSE_BOUNDS,
        V4L2_SEL_TGT_CROP_DEFAULT, V4L2_SEL_TGT_COMPOSE_DEFAULT,
    ].map { UInt32($0) }

    /// What G_SELECTION answered for the first target it takes, or nil.
    private static func firstSelection(type: UInt32, _ pinned: PinnedIoctl, _ handle: HeldHandle) throws(MediaError) -> v4l2_selection? {
        let request = try PinSetup.request("VIDIOC_G_SELECTION", for: pinned)
        for target in targets {
            var selection = v4l2_selection()
            selection.type = type
            selection.target = target
            if case .success = systemIoctl(handle.fileDescriptor, request, &selection) { return selection }
        }
        return nil
    }

    /// The index of the first input (output on a transmitter) with DV timings, or nil.
    private static func edidPad(output: Bool, _ pinned: PinnedIoctl, _ handle: HeldHandle) throws(MediaError) -> UInt32? {
        if output {
            return try firstIndex(of: v4l2_output(), "VIDIOC_ENUMOUTPUT", pinned, handle) {
                $0.capabilities & UInt32(V4L2_OUT_CAP_DV_TIMINGS) != 0 ? $0.index : nil
            }
        }
        return try firstIndex(of: v4l2_input(), "VIDIOC_ENUMINPUT", pinned, handle) {
            $0.capabilities & UInt32(V4L2_IN_CAP_DV_TIMINGS) != 0 ? $0.index : nil
        }
    }

    /// Walks the enumeration `name` (its index the argument's first word) until `match`
    /// gives an index or the driver says no more.
    private static func firstIndex<Entry>(
        of empty: Entry, _ name: String, _ pinned: PinnedIoctl, _ handle: HeldHandle, _ match: (Entry) -> UInt32?
    ) throws(MediaError) -> UInt32? {
        let request = try PinSetup.request(name, for: pinned)
        for index in UInt32(0)..<64 {
            var entry = empty
            withUnsafeMutableBytes(of: &entry) { $0.storeBytes(of: index, as: UInt32.self) }
            guard case .success = systemIoctl(handle.fileDescriptor, request, &entry) else { return nil }
            if let found = match(entry) { return found }
        }
        return nil
    }
}
