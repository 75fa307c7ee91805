import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// The buffers a buffer ioctl parked at `:out` needs on its node: MMAP buffers allocated
/// (QUERYBUF, QBUF, PREPARE_BUF, EXPBUF, REMOVE_BUFS), queued and done on a streaming
/// queue (DQBUF), or the node's format (CREATE_BUFS). On a mem2mem node the capture queue
/// is the one parked; DQBUF streams the output queue too, so that a job runs.
struct PinBuffers {
    static let ioctls: Set = [
        "VIDIOC_QUERYBUF", "VIDIOC_QBUF", "VIDIOC_PREPARE_BUF", "VIDIOC_EXPBUF", "VIDIOC_DQBUF", "VIDIOC_REMOVE_BUFS",
        "VIDIOC_CREATE_BUFS",
    ]

    let pinned: PinnedIoctl
    let handle: HeldHandle
    let mediaNode: String

    init(_ pinned: PinnedIoctl, _ handle: HeldHandle, mediaNode: String) {
        self.pinned = pinned
        self.handle = handle
        self.mediaNode = mediaNode
    }

    private func refuse(_ cause: NotApplicable.Cause, _ detail: String) -> MediaError {
        NotApplicable.error(cause, path: handle.node.path, operation: "park \(pinned.rawValue)", detail: detail)
    }

    /// The queue's buffer type from the node's device caps, and whether it is a mem2mem
    /// node (whose output queue feeds the capture queue).
    private func queue() throws(MediaError) -> (type: UInt32, mem2mem: Bool) {
        var capability = v4l2_capability()
        try PinSetup.call(.queryCapability, &capability, on: handle, for: pinned)
        let caps = capability.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? capability.device_caps : capability.capabilities
        func has(_ cap: Int32) -> Bool { caps & UInt32(cap) != 0 }
        guard has(V4L2_CAP_STREAMING) else { throw refuse(.device, "the node has no streaming I/O") }
        if has(V4L2_CAP_VIDEO_CAPTURE_MPLANE) || has(V4L2_CAP_VIDEO_OUTPUT_MPLANE) || has(V4L2_CAP_VIDEO_M2M_MPLANE) {
            throw refuse(.tool, "multi-planar queues are not built yet")
        }
        let types: [(Int32, v4l2_buf_type)] = [
            (V4L2_CAP_VIDEO_CAPTURE, V4L2_BUF_TYPE_VIDEO_CAPTURE), (V4L2_CAP_VIDEO_M2M, V4L2_BUF_TYPE_VIDEO_CAPTURE),
            (V4L2_CAP_VIDEO_OUTPUT, V4L2_BUF_TYPE_VIDEO_OUTPUT), (V4L2_CAP_META_CAPTURE, V4L2_BUF_TYPE_META_CAPTURE),
            (V4L2_CAP_META_OUTPUT, V4L2_BUF_TYPE_META_OUTPUT), (V4L2_CAP_VBI_CAPTURE, V4L2_BUF_TYPE_VBI_CAPTURE),
            (V4L2_CAP_VBI_OUTPUT, V4L2_BUF_TYPE_VBI_OUTPUT), (V4L2_CAP_SDR_CAPTURE, V4L2_BUF_TYPE_SDR_CAPTURE),
            (V4L2_CAP_SDR_OUTPUT, V4L2_BUF_TYPE_SDR_OUTPUT), (V4L2_CAP_TOUCH, V4L2_BUF_TYPE_VIDEO_CAPTURE),
        ]
        guard let type = types.first(where: { has($0.0) })?.1 else {
            throw refuse(.device, "the node has no buffer queue of a single-planar type (caps 0x\(String(caps, radix: 16)))")
        }
        return (type.rawValue, has(V4L2_CAP_VIDEO_M2M))
    }

    /// Builds the state and returns the argument.
    func argument() throws(MediaError) -> PinArgument {
        let (type, mem2mem) = try queue()
        let name = pinned.ioctl.name
        if name == "VIDIOC_CREATE_BUFS" {
            // CREATE_BUFS sizes its buffers from the format it is given: the node's own.
            var create = v4l2_create_buffers()
            create.count = 1
            create.memory = V4L2_MEMORY_MMAP.rawValue
            create.format.type = type
            try PinSetup.call(.getFormat, &create.format, on: handle, for: pinned)
            return PinArgument(image: create)
        }
        let length = try allocate(type)
        var buffer = v4l2_buffer()
        buffer.type = type
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        if isOutput(type) { buffer.bytesused = UInt32(length) }
        switch name {
        case "VIDIOC_EXPBUF":
            var export = v4l2_exportbuffer()
            export.type = type
            export.flags = UInt32(O_RDWR | O_CLOEXEC)
            return PinArgument(image: export)
        case "VIDIOC_REMOVE_BUFS":
            // struct v4l2_remove_buffers (videodev2.h, Linux 6.10): index, count, type and
            // 13 reserved words; buffer 0 of the two allocated is removed.
            var words = [UInt32](repeating: 0, count: 16)
            words[1] = 1
            words[2] = type
            return PinArgument(bytes: words.withUnsafeBytes { Array($0) })
        case "VIDIOC_DQBUF":
            try streamWithDoneBuffer(type, mem2mem: mem2mem, buffer)
            var dequeue = v4l2_buffer()
            dequeue.type = type
            dequeue.memory = V4L2_MEMORY_MMAP.rawValue
            return PinArgument(image: dequeue)
        default:
            // QUERYBUF, QBUF, PREPARE_BUF: buffer 0, allocated and neither queued nor prepared.
            return PinArgument(image: buffer)
        }
    }

    private func isOutput(_ type: UInt32) -> Bool {
        [V4L2_BUF_TYPE_VIDEO_OUTPUT, V4L2_BUF_TYPE_META_OUTPUT, V4L2_BUF_TYPE_VBI_OUTPUT, V4L2_BUF_TYPE_SDR_OUTPUT]
            .map(\.rawValue).contains(type)
    }

    /// Two MMAP buffers on the queue of `type`; the length of buffer 0.
    private func allocate(_ type: UInt32) throws(MediaError) -> Int {
        var request = v4l2_requestbuffers()
        request.count = 2
        request.type = type
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try PinSetup.call(.requestBuffers, &request, on: handle, for: pinned)
        guard request.count >= 1 else { throw refuse(.kernel, "VIDIOC_REQBUFS allocated no buffer") }
        var query = v4l2_buffer()
        query.type = type
        query.memory = V4L2_MEMORY_MMAP.rawValue
        try PinSetup.call(.queryBuffer, &query, on: handle, for: pinned)
        return Int(query.length)
    }

    /// Queues buffer 0 (`buffer`) and streams; on a mem2mem node an output buffer too, so
    /// that a job runs. Waits until a buffer is done: what DQBUF then copies out.
    private func streamWithDoneBuffer(_ type: UInt32, mem2mem: Bool, _ buffer: v4l2_buffer) throws(MediaError) {
        var queued = buffer
        try PinSetup.call(.queueBuffer, &queued, on: handle, for: pinned)
        // Buffer 1 too: a queue may start only with two queued (vivid's output: the first
        // VM run of @video-out saw no buffer done with one).
        var second = buffer
        second.index = 1
        _ = systemIoctl(handle.fileDescriptor, .queueBuffer, &second)
        if mem2mem {
            let output = V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue
            let length = try allocate(output)
            var source = v4l2_buffer()
            source.type = output
            source.memory = V4L2_MEMORY_MMAP.rawValue
            source.bytesused = UInt32(length)
            try PinSetup.call(.queueBuffer, &source, on: handle, for: pinned)
            var outputType = Int32(bitPattern: output)
            try PinSetup.call(.streamOn, &outputType, on: handle, for: pinned)
        }
        var streamType = Int32(bitPattern: type)
        // EPIPE: the pipeline's formats do not match; PinPipeline aligns the source pad and
        // the node, and it streams again (the buffers are freed and made anew). EPIPE again
        // is the tool's: a longer pipeline needs more than the one link set.
        if case .failure(.brokenPipe) = systemIoctl(handle.fileDescriptor, .streamOn, &streamType) {
            var none = v4l2_requestbuffers()
            none.type = type
            none.memory = V4L2_MEMORY_MMAP.rawValue
            try PinSetup.call(.requestBuffers, &none, on: handle, for: pinned)
            if let why = PinPipeline(handle: handle, mediaNode: mediaNode).align(type: type) {
                throw refuse(.tool, "VIDIOC_STREAMON: EPIPE, and the pipeline could not be aligned: \(why)")
            }
            _ = try allocate(type)
            var again = buffer
            try PinSetup.call(.queueBuffer, &again, on: handle, for: pinned)
            again.index = 1
            _ = systemIoctl(handle.fileDescriptor, .queueBuffer, &again)
            if case .failure(let errno) = systemIoctl(handle.fileDescriptor, .streamOn, &streamType) {
                throw NotApplicable.error(
                    errno == .brokenPipe ? .tool : .kernel, errno: errno, path: handle.node.path, operation: "park \(pinned.rawValue)",
                    detail: "VIDIOC_STREAMON after the pipeline was aligned")
            }
        }
        var entry = pollfd(fd: handle.fileDescriptor.rawValue, events: Int16(isOutput(type) ? POLLOUT : POLLIN), revents: 0)
        guard poll(&entry, 1, 3000) == 1, entry.revents & Int16(POLLERR) == 0 else {
            throw refuse(.tool, "no buffer was done within 3 s of VIDIOC_STREAMON (poll: 0x\(String(entry.revents, radix: 16)))")
        }
    }
}
