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

    /// The node's queue, from its QUERYCAP (single- or multi-planar).
    private func queue() throws(MediaError) -> PinQueue {
        var capability = v4l2_capability()
        try PinSetup.call(.queryCapability, &capability, on: handle, for: pinned)
        let caps = capability.nodeCapabilities
        guard caps & UInt32(V4L2_CAP_STREAMING) != 0 else { throw refuse(.device, "the node has no streaming I/O") }
        guard let queue = PinQueue(capability) else {
            throw refuse(.device, "the node has no buffer queue (caps 0x\(String(caps, radix: 16)))")
        }
        return queue
    }

    /// Builds the state and returns the argument.
    func argument() throws(MediaError) -> PinArgument {
        let queue = try queue()
        let type = queue.type
        selectVBIInputOrOutput(type)
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
        if pinned.dmabuf { return try dmabufArgument(queue) }
        let buffer = try allocate(type)
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
            try streamWithDoneBuffer(queue) { () throws(MediaError) in
                var queued = try allocate(type)
                try queued.call(.queueBuffer, on: handle, for: pinned)
                // Buffer 1 too: a queue may start only with two queued (vivid's output: the
                // first VM run of @video-out saw no buffer done with one).
                queued.buffer.index = 1
                _ = queued.attempt(.queueBuffer, on: handle)
            }
            return PlanarBuffer(type: type, planes: buffer.planes.count).argument
        default:
            // QUERYBUF, QBUF, PREPARE_BUF: buffer 0, allocated and neither queued nor prepared.
            return buffer.argument
        }
    }

    /// Two MMAP buffers on the queue of `type`; buffer 0 as QUERYBUF gives it (an output
    /// buffer full: bytesused its length).
    func allocate(_ type: UInt32) throws(MediaError) -> PlanarBuffer {
        var request = v4l2_requestbuffers()
        request.count = 2
        request.type = type
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try PinSetup.call(.requestBuffers, &request, on: handle, for: pinned)
        guard request.count >= 1 else { throw refuse(.kernel, "VIDIOC_REQBUFS allocated no buffer") }
        var query = PlanarBuffer(type: type, planes: PlanarBuffer.isMultiplanar(type) ? Int(VIDEO_MAX_PLANES) : 0)
        try query.call(.queryBuffer, on: handle, for: pinned)
        query.fill()
        return query
    }

    /// Queues the buffers (`queueBuffers` makes and queues them) and streams; on a mem2mem
    /// node an output buffer too, so that a job runs. Waits until a buffer is done: what
    /// DQBUF then copies out.
    func streamWithDoneBuffer(_ queue: PinQueue, queueBuffers: () throws(MediaError) -> Void) throws(MediaError) {
        let type = queue.type
        try queueBuffers()
        if queue.mem2mem {
            let output = queue.outputType
            var source = try allocate(output)
            try source.call(.queueBuffer, on: handle, for: pinned)
            var outputType = Int32(bitPattern: output)
            try PinSetup.call(.streamOn, &outputType, on: handle, for: pinned)
        }
        var streamType = Int32(bitPattern: type)
        // EPIPE: the pipeline's formats do not match; PinPipeline aligns the source pad and
        // the node, and it streams again (the buffers are freed and made anew). EPIPE again
        // is the tool's: a longer pipeline needs more than the one link set.
        if case .failure(.brokenPipe) = systemIoctl(handle.fileDescriptor, .streamOn, &streamType) {
            try free(type, memory: pinned.dmabuf ? V4L2_MEMORY_DMABUF.rawValue : V4L2_MEMORY_MMAP.rawValue)
            if let why = PinPipeline(handle: handle, mediaNode: mediaNode).align(type: type) {
                throw refuse(.tool, "VIDIOC_STREAMON: EPIPE, and the pipeline could not be aligned: \(why)")
            }
            try queueBuffers()
            if case .failure(let errno) = systemIoctl(handle.fileDescriptor, .streamOn, &streamType) {
                throw NotApplicable.error(
                    errno == .brokenPipe ? .tool : .kernel, errno: errno, path: handle.node.path, operation: "park \(pinned.rawValue)",
                    detail: "VIDIOC_STREAMON after the pipeline was aligned")
            }
        }
        var entry = pollfd(fd: handle.fileDescriptor.rawValue, events: Int16(queue.isOutput ? POLLOUT : POLLIN), revents: 0)
        guard poll(&entry, 1, 3000) == 1, entry.revents & Int16(POLLERR) == 0 else {
            throw refuse(.tool, "no buffer was done within 3 s of VIDIOC_STREAMON (poll: 0x\(String(entry.revents, radix: 16)))")
        }
    }

    /// Frees the buffers of the queue of `type` (REQBUFS with a count of 0).
    func free(_ type: UInt32, memory: UInt32) throws(MediaError) {
        var none = v4l2_requestbuffers()
        none.type = type
        none.memory = memory
        try PinSetup.call(.requestBuffers, &none, on: handle, for: pinned)
    }

    /// A VBI queue sets up buffers only on an input or output with a TV standard (vivid's
    /// vbi_cap_queue_setup refuses the webcam input 0 with EINVAL): the first such one is
    /// selected, when the node has one.
    private func selectVBIInputOrOutput(_ type: UInt32) {
        let capture = [V4L2_BUF_TYPE_VBI_CAPTURE, V4L2_BUF_TYPE_SLICED_VBI_CAPTURE].map(\.rawValue).contains(type)
        let output = [V4L2_BUF_TYPE_VBI_OUTPUT, V4L2_BUF_TYPE_SLICED_VBI_OUTPUT].map(\.rawValue).contains(type)
        guard capture || output, let enumerate = try? PinSetup.request(capture ? "VIDIOC_ENUMINPUT" : "VIDIOC_ENUMOUTPUT", for: pinned),
            let select = try? PinSetup.request(capture ? "VIDIOC_S_INPUT" : "VIDIOC_S_OUTPUT", for: pinned)
        else { return }
        for index in UInt32(0)..<16 {
            var standard: UInt64 = 0
            if capture {
                var input = v4l2_input()
                input.index = index
                guard case .success = systemIoctl(handle.fileDescriptor, enumerate, &input) else { return }
                standard = input.std
            } else {
                var entry = v4l2_output()
                entry.index = index
                guard case .success = systemIoctl(handle.fileDescriptor, enumerate, &entry) else { return }
                standard = entry.std
            }
            if standard != 0 {
                var chosen = Int32(index)
                _ = systemIoctl(handle.fileDescriptor, select, &chosen)
                return
            }
        }
    }
}
