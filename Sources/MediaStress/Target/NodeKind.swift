import CLinuxMedia
package import MediaController
import SystemPackage

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
    /// A video node that only transmits: video or metadata output (MEDIA_INTF_T_V4L_VIDEO,
    /// device caps V4L2_CAP_VIDEO_OUTPUT*, V4L2_CAP_META_OUTPUT and no capture).
    case videoOut = "video-out"
    /// A vbi node that only transmits (V4L2_CAP_VBI_OUTPUT, V4L2_CAP_SLICED_VBI_OUTPUT).
    case vbiOut = "vbi-out"
    /// A radio node with a modulator and no tuner (V4L2_CAP_MODULATOR).
    case radioTx = "radio-tx"
    /// A software defined radio node that only transmits (V4L2_CAP_SDR_OUTPUT).
    case swradioTx = "swradio-tx"

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

extension NodeKind {
    /// The kind a node of this interface kind transmits as (`video` -> `video-out`); nil
    /// for kinds without a transmitter.
    package var transmitter: NodeKind? {
        switch self {
        case .video: .videoOut
        case .vbi: .vbiOut
        case .radio: .radioTx
        case .swradio: .swradioTx
        default: nil
        }
    }

    /// The device caps (`V4L2_CAP_*` of linux/videodev2.h) that make a node of this kind a
    /// receiver, and those that make it a transmitter.
    private var directionCaps: (receive: Int32, transmit: Int32)? {
        switch self {
        case .video:
            (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE | V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_M2M_MPLANE
                | V4L2_CAP_META_CAPTURE, V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE | V4L2_CAP_META_OUTPUT)
        case .vbi: (V4L2_CAP_VBI_CAPTURE | V4L2_CAP_SLICED_VBI_CAPTURE, V4L2_CAP_VBI_OUTPUT | V4L2_CAP_SLICED_VBI_OUTPUT)
        case .radio: (V4L2_CAP_TUNER, V4L2_CAP_MODULATOR)
        case .swradio: (V4L2_CAP_SDR_CAPTURE, V4L2_CAP_SDR_OUTPUT)
        default: nil
        }
    }

    /// This interface kind, or its transmitter when `deviceCaps` transmit and do not
    /// receive (a mem2mem node receives: it stays `video`).
    package func direction(deviceCaps caps: UInt32) -> NodeKind {
        guard let transmitter, let direction = directionCaps else { return self }
        let receives = caps & UInt32(direction.receive) != 0
        return !receives && caps & UInt32(direction.transmit) != 0 ? transmitter : self
    }

    /// The kind of the node at `path` of this interface kind: its direction from
    /// VIDIOC_QUERYCAP; this kind when the node cannot be asked.
    package func direction(ofNodeAt path: String) -> NodeKind {
        guard transmitter != nil, let node = try? OwnedDescriptor(opening: path, .readWrite, options: .nonBlocking) else {
            return self
        }
        var capability = v4l2_capability()
        guard case .success = systemIoctl(node.fd, .queryCapability, &capability) else { return self }
        return direction(deviceCaps: capability.nodeCapabilities)
    }
}
