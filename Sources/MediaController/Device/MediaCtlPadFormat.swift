import CLinuxMedia
import SystemPackage

/// Reads one pad the way `media-ctl --get-v4l2` (v4l-utils 1.22.1,
/// `v4l2_subdev_print_format`) does, quirks included, and prints what it prints.
public enum MediaCtlPadFormat {
    /// The pad's state as media-ctl would print it; nil when it prints nothing:
    /// - `VIDIOC_SUBDEV_G_FMT` failed;
    /// - `VIDIOC_SUBDEV_G_FRAME_INTERVAL` failed with an errno other than EINVAL or ENOTTY.
    ///
    /// An interval of 0/0 (or EINVAL/ENOTTY) is not printed. Each selection target that
    /// `VIDIOC_SUBDEV_G_SELECTION` answers is printed; for CROP only, ENOTTY falls back to
    /// the legacy `VIDIOC_SUBDEV_G_CROP`.
    ///
    /// With `which` `.try`, the handle's TRY state is read and the frame interval is left
    /// out: without `V4L2_SUBDEV_CLIENT_CAP_INTERVAL_USES_WHICH` the kernel answers
    /// `G_FRAME_INTERVAL` with the active interval.
    package static func read(_ node: any SubdevPads, pad: UInt32, which: SubdevWhich = .active) -> SubdevPadState? {
        guard case .success(let format) = node.rawFormat(pad: pad, which: which) else { return nil }
        var interval: Fraction?
        switch which == .try ? .failure(.inappropriateIOCTLForDevice) : node.rawFrameInterval(pad: pad) {
        case .success(let raw):
            if raw.interval.numerator != 0 || raw.interval.denominator != 0 {
                interval = Fraction(numerator: raw.interval.numerator, denominator: raw.interval.denominator)
            }
        case .failure(let errno) where errno == .invalidArgument || errno == .inappropriateIOCTLForDevice:
            interval = nil
        case .failure:
            return nil
        }
        func selection(_ target: Int32) -> Rectangle? {
            switch node.rawSelection(pad: pad, target: UInt32(target), which: which) {
            case .success(let raw):
                return Rectangle(left: raw.r.left, top: raw.r.top, width: raw.r.width, height: raw.r.height)
            case .failure(.inappropriateIOCTLForDevice) where target == V4L2_SEL_TGT_CROP:
                guard case .success(let crop) = node.rawCrop(pad: pad, which: which) else { return nil }
                return Rectangle(left: crop.rect.left, top: crop.rect.top, width: crop.rect.width, height: crop.rect.height)
            case .failure:
                return nil
            }
        }
        return SubdevPadState(
            pad: pad, format: FrameFormat(format.format), interval: interval,
            cropBounds: selection(V4L2_SEL_TGT_CROP_BOUNDS), crop: selection(V4L2_SEL_TGT_CROP),
            composeBounds: selection(V4L2_SEL_TGT_COMPOSE_BOUNDS), compose: selection(V4L2_SEL_TGT_COMPOSE))
    }
}
