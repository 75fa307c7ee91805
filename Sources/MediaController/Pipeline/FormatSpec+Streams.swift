import CLinuxMedia
import SystemPackage

/// One `-V` spec on a stream of a streams subdev's pad (`PAD/STREAM`, media-ctl 1.26+).
extension SubdevNode {
    /// A crop, compose or interval the spec asks of its stream that the driver has none of
    /// (G_SELECTION or G_FRAME_INTERVAL fails for that stream): what, the ioctl and its
    /// errno's text. Read-only: asked of every spec before anything is set. Nil when all answer.
    package func missingStreamProperty(
        _ spec: FormatSpec, pad: UInt32, which: SubdevWhich
    ) -> (what: String, ioctl: String, errno: String)? {
        let stream = spec.pad.stream ?? 0
        let selections = [(spec.crop, V4L2_SEL_TGT_CROP, "crop rectangle"), (spec.compose, V4L2_SEL_TGT_COMPOSE, "compose rectangle")]
        for (rectangle, target, what) in selections where rectangle != nil {
            if case .failure(let errno) = rawSelection(pad: pad, target: UInt32(target), stream: stream, which: which) {
                return (what, "VIDIOC_SUBDEV_G_SELECTION", "\(errno)")
            }
        }
        if spec.interval != nil, case .failure(let errno) = rawFrameInterval(pad: pad, stream: stream) {
            return ("frame interval", "VIDIOC_SUBDEV_G_FRAME_INTERVAL", "\(errno)")
        }
        return nil
    }

    /// Sets what the spec gives on its stream in media-ctl 1.32's order
    /// (v4l2_subdev_parse_setup_format, libv4l2subdev.c): on a sink pad the format, then
    /// crop, compose and the interval; on a source pad crop and compose before the format.
    /// Returns the stream's state as the driver left it: what each set returned, the
    /// format read back when none was given.
    package func applyStream(_ spec: FormatSpec, pad: UInt32, sink: Bool, which: SubdevWhich) throws(MediaError) -> SubdevPadState {
        let stream = spec.pad.stream ?? 0
        var state = SubdevPadState(pad: pad, stream: stream, format: nil)
        func applyFormat() throws(MediaError) {
            guard let format = spec.frameFormat else { return }
            state.format = try setFormat(format, pad: pad, stream: stream, which: which)
        }
        if sink { try applyFormat() }
        if let crop = spec.crop {
            state.crop = try setSelection(crop, target: UInt32(V4L2_SEL_TGT_CROP), pad: pad, stream: stream, which: which)
        }
        if let compose = spec.compose {
            state.compose = try setSelection(compose, target: UInt32(V4L2_SEL_TGT_COMPOSE), pad: pad, stream: stream, which: which)
        }
        if !sink { try applyFormat() }
        if let interval = spec.interval { state.interval = try setFrameInterval(interval, pad: pad, stream: stream) }
        if state.format == nil, case .success(let raw) = rawFormat(pad: pad, stream: stream, which: which) {
            state.format = FrameFormat(raw.format)
        }
        return state
    }
}
