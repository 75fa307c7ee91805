import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// A buffer queue of a held video node, as the file operations use it: MMAP buffers
/// allocated, mapped, queued (in a request), streamed by a mem2mem context.
struct CaptureQueue {
    let handle: HeldHandle
    /// V4L2_BUF_TYPE_VIDEO_CAPTURE, or _OUTPUT for a mem2mem node's source queue.
    var bufferType = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue

    /// The first held video node whose device caps have all of `capabilities` and video
    /// capture; nil when none has.
    static func first(in handles: [HeldHandle], with capabilities: UInt32, capture: Bool = true) -> CaptureQueue? {
        let wanted = capabilities | (capture ? UInt32(V4L2_CAP_VIDEO_CAPTURE) : 0)
        for handle in handles where handle.node.kind == .video {
            var capability = v4l2_capability()
            guard case .success = systemIoctl(handle.fileDescriptor, .queryCapability, &capability) else { continue }
            let caps = capability.nodeCapabilities
            if caps & wanted == wanted { return CaptureQueue(handle: handle) }
        }
        return nil
    }

    func call<Argument>(_ request: IoctlRequest, _ argument: inout Argument) throws(MediaError) {
        if case .failure(let errno) = systemIoctl(handle.fileDescriptor, request, &argument) {
            throw MediaError(code: .ioctlFailed, errno: errno, path: handle.node.path, operation: request.name)
        }
    }

    /// VIDIOC_REQBUFS of `count` MMAP buffers; the number allocated.
    func allocate(_ count: UInt32) throws(MediaError) -> UInt32 {
        var request = v4l2_requestbuffers()
        request.count = count
        request.type = bufferType
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try call(.requestBuffers, &request)
        return request.count
    }

    /// VIDIOC_QUERYBUF of buffer `index`: its length and mmap offset.
    func query(_ index: UInt32) throws(MediaError) -> (length: Int, offset: off_t) {
        var buffer = v4l2_buffer()
        buffer.index = index
        buffer.type = bufferType
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        try call(.queryBuffer, &buffer)
        return (Int(buffer.length), off_t(buffer.m.offset))
    }

    /// VIDIOC_QBUF of buffer `index`, into the request `request` when given; an output
    /// buffer says it is full (`bytesused`).
    func queue(_ index: UInt32, inRequest request: FileDescriptor? = nil, bytesUsed: Int = 0) throws(MediaError) {
        var buffer = v4l2_buffer()
        buffer.index = index
        buffer.type = bufferType
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        buffer.bytesused = UInt32(bytesUsed)
        if let request {
            buffer.flags = UInt32(V4L2_BUF_FLAG_REQUEST_FD)
            buffer.request_fd = request.rawValue
        }
        try call(.queueBuffer, &buffer)
    }

    /// VIDIOC_STREAMON.
    func streamOn() throws(MediaError) {
        var type = Int32(bitPattern: bufferType)
        try call(.streamOn, &type)
    }

    /// VIDIOC_DQBUF: OK or the errno's name.
    func dequeue() -> String {
        switch dequeueIndex() {
        case .success: "OK"
        case .failure(let errno): errnoName(errno)
        }
    }

    /// VIDIOC_DQBUF: the index of the buffer dequeued.
    func dequeueIndex() -> Result<UInt32, Errno> {
        var buffer = v4l2_buffer()
        buffer.type = bufferType
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        if case .failure(let errno) = systemIoctl(handle.fileDescriptor, .dequeueBuffer, &buffer) { return .failure(errno) }
        return .success(buffer.index)
    }
}
