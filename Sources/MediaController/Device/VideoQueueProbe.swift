import CLinuxMedia
import SystemPackage

/// Whether a video node's buffer queue belongs to another file handle: another program
/// streams there (or has buffers allocated, or reads with read()), which changing the
/// pipeline's links and formats would pull from under it.
///
/// The probe is `VIDIOC_REQBUFS` with count 0 on a handle of our own, as videobuf2 answers
/// it (videobuf2-v4l2.c, `vb2_ioctl_reqbufs`): EBUSY when the queue has an owner other than
/// the calling handle (`vb2_queue_is_busy`), or when read() I/O is active
/// (`vb2_verify_memory_type`), before anything is touched. A queue nobody owns has no
/// buffers, and REQBUFS 0 frees the none there are. uvcvideo answers the same through its
/// streaming privileges (`uvc_acquire_privileges`), which it dismisses again on count 0.
/// EBUSY also comes from the V4L2 core when another handle holds the node's record
/// priority (`VIDIOC_S_PRIORITY`): a program that claimed the node. Mem2mem drivers keep
/// their queues per file handle: another program's stream never makes ours busy there.
package enum VideoQueueProbe {
    package enum State: Sendable, Equatable {
        /// Another handle owns a queue of the node.
        case busy
        /// No queue of the node belongs to another handle.
        case free
        /// The node answered no buffer type and memory it has (no streaming ioctls).
        case noQueue
    }

    /// The buffer type of each queue a node's capabilities name.
    static let queues: [(capability: Int32, type: UInt32)] = [
        (V4L2_CAP_VIDEO_CAPTURE, V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue),
        (V4L2_CAP_VIDEO_CAPTURE_MPLANE, V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE.rawValue),
        (V4L2_CAP_VIDEO_OUTPUT, V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue),
        (V4L2_CAP_VIDEO_OUTPUT_MPLANE, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE.rawValue),
        (V4L2_CAP_VBI_CAPTURE, V4L2_BUF_TYPE_VBI_CAPTURE.rawValue),
        (V4L2_CAP_VBI_OUTPUT, V4L2_BUF_TYPE_VBI_OUTPUT.rawValue),
        (V4L2_CAP_SLICED_VBI_CAPTURE, V4L2_BUF_TYPE_SLICED_VBI_CAPTURE.rawValue),
        (V4L2_CAP_SLICED_VBI_OUTPUT, V4L2_BUF_TYPE_SLICED_VBI_OUTPUT.rawValue),
        (V4L2_CAP_SDR_CAPTURE, V4L2_BUF_TYPE_SDR_CAPTURE.rawValue),
        (V4L2_CAP_SDR_OUTPUT, V4L2_BUF_TYPE_SDR_OUTPUT.rawValue),
        (V4L2_CAP_META_CAPTURE, V4L2_BUF_TYPE_META_CAPTURE.rawValue),
        (V4L2_CAP_META_OUTPUT, V4L2_BUF_TYPE_META_OUTPUT.rawValue),
    ]

    /// The memory types tried in turn: a queue without MMAP answers EINVAL for it before
    /// the busy checks.
    static let memories = [V4L2_MEMORY_MMAP.rawValue, V4L2_MEMORY_DMABUF.rawValue, V4L2_MEMORY_USERPTR.rawValue]

    /// Opens `path` and asks each of its queues. The corresponding ioctls are
    /// `VIDIOC_QUERYCAP` and `VIDIOC_REQBUFS` (count 0).
    package static func state(of path: String) throws(MediaError) -> State {
        let node = try NodeDescriptor(path: path, mode: .readWrite)
        var capability = v4l2_capability()
        try node.call(.queryCapability, &capability)
        let caps = capability.nodeCapabilities
        var state = State.noQueue
        for queue in queues where caps & UInt32(queue.capability) != 0 {
            tries: for memory in memories {
                var request = v4l2_requestbuffers()
                request.type = queue.type
                request.memory = memory
                switch node.ioctl(.requestBuffers, &request) {
                case .success:
                    state = .free
                    break tries
                case .failure(let errno) where errno == .resourceBusy:
                    return .busy
                case .failure(let errno) where errno == .invalidArgument:
                    continue
                case .failure:
                    break tries
                }
            }
        }
        return state
    }
}
