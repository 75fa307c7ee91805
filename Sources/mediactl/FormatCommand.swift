import ArgumentParser
import MediaController

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "format",
        abstract: "Set subdev pad formats (media-ctl -V), or print one pad's (--get, media-ctl --get-v4l2).",
        discussion: """
            FORMATS is media-ctl's -V syntax: PAD [PROPERTIES], comma-separated, with \
            space-separated properties: fmt:CODE/WxH field:F colorspace:C xfer:X ycbcr:Y \
            quantization:Q crop:(L,T)/WxH compose:(L,T)/WxH @N/D. Pads are set as media-ctl \
            sets them, including copying a source pad's format to the subdev sink pads it is \
            linked to. Prints every pad set, in -V syntax, with what the driver adjusted.

            --get prints exactly what media-ctl --get-v4l2 prints for the pad, as the installed \
            media-ctl does (or the release --media-ctl-version names; 1.32 without media-ctl).

            --which try works on the subdevs' TRY state instead (V4L2_SUBDEV_FORMAT_TRY, as \
            v4l2-ctl --try-subdev-fmt and libcamera's V4L2Subdevice::TryFormat): the TRY state \
            belongs to one open file handle and is dropped when it is closed. mediactl opens \
            each subdev once, sets the pads (propagation included) on that handle, reads them \
            back on it, and prints what the driver would choose; the active configuration is \
            not touched, and the media node is not locked. Frame intervals (@N/D) cannot be \
            tried. With --get, --which try prints the TRY state a newly opened handle starts \
            with (the driver's initial state, not the active one, and not another program's \
            TRY state), without the frame interval.

            Exit codes: 0 done; 1 a pad read back differently than set; 2 bad FORMATS (the \
            column is shown) no such device, or another program holds the device (a lock on its media node, as libcamera takes) \
            or streams on it (a video node of it open, its buffer queue busy; --force goes on); 4 the device refused.
            """)

    @OptionGroup var options: DeviceOptions

    @OptionGroup var mediaCtl: MediaCtlVersionOption

    @OptionGroup var streaming: StreamingOptions

    @Option(help: ArgumentHelp("Print this pad's format as media-ctl --get-v4l2 does, e.g. '\"Scaler\":0'.", valueName: "pad"))
    var get: String?

    @Option(help: ArgumentHelp("The pad state to set or read: active (the device) or try (mediactl's own file handles).", valueName: "which"))
    var which: Which = .active

    /// `--which`: the spellings of `SubdevWhich`.
    enum Which: String, ExpressibleByArgument, CaseIterable {
        case active, `try`

        var state: SubdevWhich { self == .try ? .try : .active }
    }

    @Argument(help: ArgumentHelp("Formats to set, e.g. '\"Scaler\":0 [fmt:RGB888_1X24/640x480]'.", valueName: "formats"))
    var formats: String?

    func validate() throws {
        switch (formats, get) {
        case (nil, nil): throw ValidationError("give the formats to set, or --get PAD")
        case (.some, .some): throw ValidationError("give either formats to set or --get PAD, not both")
        default: break
        }
        if mediaCtl.version != nil, get == nil {
            throw ValidationError("--media-ctl-version applies to --get only")
        }
    }

    func run() throws {
        if let get {
            try printFormat(get)
            return
        }
        let text = formats ?? ""
        let specs = try parsingSpec { () throws(PipelineSpecError) in try FormatSpecParser.parse(text) }
        if which == .try, let spec = specs.first(where: { $0.interval != nil }) {
            throw specFailure(
                PipelineSpecError(
                    message: "frame intervals cannot be tried: --which try sets fmt:, crop: and compose: only",
                    text: spec.text, offset: spec.propertyOffsets[FormatSpec.Property.interval.rawValue] ?? spec.offset))
        }
        if specs.contains(where: { $0.pad.stream != nil }) { return try setStreamFormats(specs) }
        try withPipelineSession("format", options, which: which.state, force: streaming.force) { session in
            let steps = try parsingSpec { () throws(PipelineSpecError) in try session.graph.steps(formats: specs) }
            try runPipelineSteps(steps, on: session)
        }
    }

    /// `--get`: the pad's `[fmt:...]` block, byte for byte media-ctl's.
    func printFormat(_ text: String) throws {
        let reference = try parsingSpec { () throws(PipelineSpecError) in try PadSpecParser.parse(text) }
        let device = try MediaDevice(path: try options.resolve())
        let session = try PipelineSession(device: device, devnodes: defaultDevnodeResolver())
        if reference.stream != nil { return try printStreamFormat(reference, text: text, graph: session.graph) }
        let pad = try parsingSpec { () throws(PipelineSpecError) in try session.graph.resolve(reference, text: text, line: nil) }
        let name = session.graph.name(of: pad.entity.id)
        guard pad.entity.isSubdev else {
            throw specFailure(PipelineSpecError(
                message: "\"\(name)\" is not a V4L2 subdev: it has no pad formats", text: text, offset: reference.entityOffset))
        }
        guard let devnode = pad.entity.devnode else {
            throw specFailure(PipelineSpecError(
                message: "\"\(name)\" has no subdev device node", text: text, offset: reference.entityOffset))
        }
        let node = try SubdevNode(path: devnode)
        writeStandardOutput(MediaCtlRenderer.padFormat(
            MediaCtlPadFormat.read(node, pad: UInt32(pad.index), which: which.state), dialect: mediaCtl.dialect))
    }
}
