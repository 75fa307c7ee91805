package import CLinuxMedia
public import SystemPackage
import Synchronization

/// An open V4L2 subdev node (`/dev/v4l-subdevN`).
public final class SubdevNode: Sendable {
    let node: NodeDescriptor
    public var path: String { node.path }
    /// The node's descriptor, for the ioctls of sibling targets; valid while this lives.
    package var fileDescriptor: FileDescriptor { node.fd }

    /// Opens a subdev node. The corresponding C function is `open`.
    public init(path: String, mode: FileDescriptor.AccessMode = .readOnly) throws(MediaError) {
        node = try NodeDescriptor(path: path, mode: mode)
    }

    /// The active (or this handle's TRY) format of a pad. The corresponding ioctl is `VIDIOC_SUBDEV_G_FMT`.
    /// `stream` is the pad's stream on a streams subdev (a handle with the streams client
    /// capability: `streamsSupport()`); the kernel reads stream 0 for any other handle.
    package func rawFormat(pad: UInt32, which: SubdevWhich = .active) -> Result<v4l2_subdev_format, Errno> {
        rawFormat(pad: pad, stream: 0, which: which)
    }

    package func rawFormat(pad: UInt32, stream: UInt32, which: SubdevWhich = .active) -> Result<v4l2_subdev_format, Errno> {
        var format = v4l2_subdev_format()
        format.which = which.raw
        format.pad = pad
        format.reserved.0 = stream  // `stream` in the 6.8+ UAPI
        return node.ioctl(.subdevGetFormat, &format).map { _ in format }
    }

    /// Sets the active format of a pad (or this handle's TRY format) and returns what the
    /// driver chose. The corresponding ioctl is `VIDIOC_SUBDEV_S_FMT`.
    public func setFormat(_ requested: FrameFormat, pad: UInt32, which: SubdevWhich = .active) throws(MediaError) -> FrameFormat {
        try setFormat(requested, pad: pad, stream: 0, which: which)
    }

    /// `stream` as in `rawFormat`.
    public func setFormat(
        _ requested: FrameFormat, pad: UInt32, stream: UInt32, which: SubdevWhich = .active
    ) throws(MediaError) -> FrameFormat {
        var format = v4l2_subdev_format()
        format.which = which.raw
        format.pad = pad
        format.reserved.0 = stream  // `stream` in the 6.8+ UAPI
        format.format.code = requested.code
        format.format.width = requested.width
        format.format.height = requested.height
        format.format.field = requested.field
        format.format.colorspace = requested.colorspace
        format.format.ycbcr_enc = requested.ycbcrEncoding
        format.format.quantization = requested.quantization
        format.format.xfer_func = requested.transferFunction
        try node.call(.subdevSetFormat, &format)
        return FrameFormat(format.format)
    }

    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_FRAME_INTERVAL`.
    package func rawFrameInterval(pad: UInt32) -> Result<v4l2_subdev_frame_interval, Errno> {
        rawFrameInterval(pad: pad, stream: 0)
    }

    package func rawFrameInterval(pad: UInt32, stream: UInt32) -> Result<v4l2_subdev_frame_interval, Errno> {
        var interval = v4l2_subdev_frame_interval()
        interval.pad = pad
        interval.reserved.0 = stream  // `stream` in the 6.8+ UAPI
        return node.ioctl(.subdevGetFrameInterval, &interval).map { _ in interval }
    }

    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_SELECTION`.
    package func rawSelection(
        pad: UInt32, target: UInt32, which: SubdevWhich = .active
    ) -> Result<v4l2_subdev_selection, Errno> {
        rawSelection(pad: pad, target: target, stream: 0, which: which)
    }

    package func rawSelection(
        pad: UInt32, target: UInt32, stream: UInt32, which: SubdevWhich = .active
    ) -> Result<v4l2_subdev_selection, Errno> {
        var selection = v4l2_subdev_selection()
        selection.which = which.raw
        selection.pad = pad
        selection.reserved.0 = stream  // `stream` in the 6.8+ UAPI
        selection.target = target
        return node.ioctl(.subdevGetSelection, &selection).map { _ in selection }
    }

    /// Sets an active (or this handle's TRY) selection rectangle (`V4L2_SEL_TGT_CROP`,
    /// `V4L2_SEL_TGT_COMPOSE`) and returns the rectangle the driver chose. The corresponding
    /// ioctl is `VIDIOC_SUBDEV_S_SELECTION`.
    public func setSelection(
        _ rectangle: Rectangle, target: UInt32, pad: UInt32, which: SubdevWhich = .active
    ) throws(MediaError) -> Rectangle {
        try setSelection(rectangle, target: target, pad: pad, stream: 0, which: which)
    }

    /// `stream` as in `rawFormat`.
    public func setSelection(
        _ rectangle: Rectangle, target: UInt32, pad: UInt32, stream: UInt32, which: SubdevWhich = .active
    ) throws(MediaError) -> Rectangle {
        var selection = v4l2_subdev_selection()
        selection.which = which.raw
        selection.pad = pad
        selection.reserved.0 = stream  // `stream` in the 6.8+ UAPI
        selection.target = target
        selection.r = v4l2_rect(left: rectangle.left, top: rectangle.top, width: rectangle.width, height: rectangle.height)
        try node.call(.subdevSetSelection, &selection)
        return Rectangle(left: selection.r.left, top: selection.r.top, width: selection.r.width, height: selection.r.height)
    }

    /// Sets a pad's frame interval and returns the one the driver chose.
    /// The corresponding ioctl is `VIDIOC_SUBDEV_S_FRAME_INTERVAL`.
    public func setFrameInterval(_ interval: Fraction, pad: UInt32) throws(MediaError) -> Fraction {
        try setFrameInterval(interval, pad: pad, stream: 0)
    }

    /// `stream` as in `rawFormat`.
    public func setFrameInterval(_ interval: Fraction, pad: UInt32, stream: UInt32) throws(MediaError) -> Fraction {
        var request = v4l2_subdev_frame_interval()
        request.pad = pad
        request.reserved.0 = stream  // `stream` in the 6.8+ UAPI
        request.interval = v4l2_fract(numerator: interval.numerator, denominator: interval.denominator)
        try node.call(.subdevSetFrameInterval, &request)
        return Fraction(numerator: request.interval.numerator, denominator: request.interval.denominator)
    }

    /// The legacy crop rectangle, which media-ctl reads where `VIDIOC_SUBDEV_G_SELECTION`
    /// is missing. The corresponding ioctl is `VIDIOC_SUBDEV_G_CROP`.
    package func rawCrop(pad: UInt32, which: SubdevWhich = .active) -> Result<v4l2_subdev_crop, Errno> {
        var crop = v4l2_subdev_crop()
        crop.which = which.raw
        crop.pad = pad
        return node.ioctl(.subdevGetCrop, &crop).map { _ in crop }
    }

    /// Everything media-ctl prints for a pad, as the kernel returned it.
    /// With a `stream`, that stream of the pad (see `rawFormat`), and the result names it.
    package func rawPad(_ pad: UInt32, stream: UInt32? = nil) -> RawSubdevPad {
        var selections: [v4l2_subdev_selection] = []
        for target in [V4L2_SEL_TGT_CROP_BOUNDS, V4L2_SEL_TGT_CROP, V4L2_SEL_TGT_COMPOSE_BOUNDS, V4L2_SEL_TGT_COMPOSE] {
            if case .success(let selection) = rawSelection(pad: pad, target: UInt32(target), stream: stream ?? 0) {
                selections.append(selection)
            }
        }
        return RawSubdevPad(
            pad: pad, stream: stream, format: try? rawFormat(pad: pad, stream: stream ?? 0).get(),
            interval: try? rawFrameInterval(pad: pad, stream: stream ?? 0).get(), selections: selections)
    }
}

extension SubdevWhich {
    /// `V4L2_SUBDEV_FORMAT_ACTIVE` or `V4L2_SUBDEV_FORMAT_TRY`.
    var raw: UInt32 {
        switch self {
        case .active: UInt32(V4L2_SUBDEV_FORMAT_ACTIVE.rawValue)
        case .try: UInt32(V4L2_SUBDEV_FORMAT_TRY.rawValue)
        }
    }
}

/// Reads subdev pads from the live device nodes.
///
/// The Streams API is on or off for the whole kernel (`v4l2_subdev_enable_streams_api`, a
/// static of v4l2-subdev.c): once one subdev has refused the streams client capability,
/// the source stops asking the others (one `VIDIOC_SUBDEV_S_CLIENT_CAP` a read on a stock
/// kernel, not one a subdev).
public struct LiveSubdevSource: SubdevDataSource {
    private let streamsAPIOff = StreamsAPIVerdict()

    public init() {}

    package func rawPads(devnode: String, padCount: Int) -> [RawSubdevPad]? {
        guard let node = try? SubdevNode(path: devnode) else { return nil }
        return (0..<UInt32(padCount)).map { node.rawPad($0) }
    }

    package func rawStreams(devnode: String) -> RawSubdevStreams? {
        (try? SubdevNode(path: devnode)).flatMap(streams)
    }

    /// One open for the pads and the streams (`topology` opens every subdev).
    package func rawSubdev(devnode: String, padCount: Int) -> (pads: [RawSubdevPad], streams: RawSubdevStreams?)? {
        guard let node = try? SubdevNode(path: devnode) else { return nil }
        return ((0..<UInt32(padCount)).map { node.rawPad($0) }, streams(of: node))
    }

    private func streams(of node: SubdevNode) -> RawSubdevStreams? {
        if streamsAPIOff.isOff { return nil }
        let support = node.streamsSupport()
        if support == .apiDisabled { streamsAPIOff.setOff() }
        return node.rawStreams(support: support)
    }
}

/// Whether a subdev of this read found the kernel's Streams API off.
final class StreamsAPIVerdict: Sendable {
    private let off = Atomic<Bool>(false)
    var isOff: Bool { off.load(ordering: .relaxed) }
    func setOff() { off.store(true, ordering: .relaxed) }
}
