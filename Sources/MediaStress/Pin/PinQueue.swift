import CLinuxMedia
import MediaController

/// The buffer queue of a V4L2 node, read off its QUERYCAP: the buffer type its ioctls take
/// (on a mem2mem node the capture queue's; its output queue feeds it), single- or
/// multi-planar.
struct PinQueue: Equatable {
    /// `enum v4l2_buf_type`.
    let type: UInt32
    /// A mem2mem node: the output queue of `outputType` must run for capture buffers to be done.
    let mem2mem: Bool

    /// The first queue of the node's capabilities, or nil for a node without one.
    init?(_ capability: v4l2_capability) {
        let caps = capability.nodeCapabilities
        let kinds: [(Int32, v4l2_buf_type)] = [
            (V4L2_CAP_VIDEO_CAPTURE, V4L2_BUF_TYPE_VIDEO_CAPTURE), (V4L2_CAP_VIDEO_M2M, V4L2_BUF_TYPE_VIDEO_CAPTURE),
            (V4L2_CAP_VIDEO_CAPTURE_MPLANE, V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE),
            (V4L2_CAP_VIDEO_M2M_MPLANE, V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE),
            (V4L2_CAP_VIDEO_OUTPUT, V4L2_BUF_TYPE_VIDEO_OUTPUT), (V4L2_CAP_VIDEO_OUTPUT_MPLANE, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE),
            (V4L2_CAP_META_CAPTURE, V4L2_BUF_TYPE_META_CAPTURE), (V4L2_CAP_META_OUTPUT, V4L2_BUF_TYPE_META_OUTPUT),
            (V4L2_CAP_VBI_CAPTURE, V4L2_BUF_TYPE_VBI_CAPTURE), (V4L2_CAP_VBI_OUTPUT, V4L2_BUF_TYPE_VBI_OUTPUT),
            (V4L2_CAP_SDR_CAPTURE, V4L2_BUF_TYPE_SDR_CAPTURE), (V4L2_CAP_SDR_OUTPUT, V4L2_BUF_TYPE_SDR_OUTPUT),
            (V4L2_CAP_TOUCH, V4L2_BUF_TYPE_VIDEO_CAPTURE),
        ]
        guard let type = kinds.first(where: { caps & UInt32($0.0) != 0 })?.1 else { return nil }
        self.type = type.rawValue
        mem2mem = caps & UInt32(V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_M2M_MPLANE) != 0
    }

    var multiplanar: Bool {
        [V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE].map(\.rawValue).contains(type)
    }

    var isOutput: Bool { Self.isOutput(type) }

    /// The output queue that feeds a mem2mem node's capture queue.
    var outputType: UInt32 {
        (multiplanar ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE : V4L2_BUF_TYPE_VIDEO_OUTPUT).rawValue
    }

    static func isOutput(_ type: UInt32) -> Bool {
        [
            V4L2_BUF_TYPE_VIDEO_OUTPUT, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, V4L2_BUF_TYPE_META_OUTPUT, V4L2_BUF_TYPE_VBI_OUTPUT,
            V4L2_BUF_TYPE_SDR_OUTPUT,
        ].map(\.rawValue).contains(type)
    }
}
