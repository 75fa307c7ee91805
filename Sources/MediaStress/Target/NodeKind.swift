import CLinuxMedia
package import MediaController

/// Which device nodes to hold open across the unbind: one kind for each media interface
/// type of a V4L2 device node (`MEDIA_INTF_T_V4L_*`, see `StressTarget`), plus the media
/// node itself. The raw values are what `--hold` and `--pin NAME@KIND` take.
package enum NodeKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// `/dev/mediaN`.
    case media
    /// `/dev/videoN`: video and metadata nodes (MEDIA_INTF_T_V4L_VIDEO).
    case video
    /// `/dev/v4l-subdevN` (MEDIA_INTF_T_V4L_SUBDEV).
    case subdev
    /// `/dev/vbiN` (MEDIA_INTF_T_V4L_VBI).
    case vbi
    /// `/dev/radioN` (MEDIA_INTF_T_V4L_RADIO).
    case radio
    /// `/dev/swradioN`: software defined radio (MEDIA_INTF_T_V4L_SWRADIO).
    case swradio
    /// `/dev/v4l-touchN` (MEDIA_INTF_T_V4L_TOUCH).
    case touch

    /// What `--hold` holds by default: the kinds vimc has. Holding more keeps more of
    /// the driver alive past the unbind, which changes what a run finds.
    package static let defaultHold: [NodeKind] = [.media, .video, .subdev]

    package static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

extension NodeKind {
    /// The kind of a V4L2 interface (`MEDIA_INTF_T_V4L_*` of linux/media.h); nil for other
    /// interface types.
    package init?(interfaceType: InterfaceType) {
        switch interfaceType.rawValue {
        case UInt32(MEDIA_INTF_T_V4L_VIDEO): self = .video
        case UInt32(MEDIA_INTF_T_V4L_VBI): self = .vbi
        case UInt32(MEDIA_INTF_T_V4L_RADIO): self = .radio
        case UInt32(MEDIA_INTF_T_V4L_SUBDEV): self = .subdev
        case UInt32(MEDIA_INTF_T_V4L_SWRADIO): self = .swradio
        case UInt32(MEDIA_INTF_T_V4L_TOUCH): self = .touch
        default: return nil
        }
    }
}
