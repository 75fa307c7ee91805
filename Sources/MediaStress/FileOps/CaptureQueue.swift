import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// The capture queue of a held video node, as the file operations use it: MMAP buffers
/// allocated, mapped or queued in a request, never streamed.
struct CaptureQueue {
    let handle: HeldHandle
    static let bufferType = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue

    /// The first held video node whose device caps have all of `capabilities` and video
    /// capture; nil when none has.
    static func first(in handles: [HeldHandle], with capabilities: UInt32) -> CaptureQueue? {
        let wanted = capabilities | UInt32(V4L2_CAP_VIDEO_CAPTURE)
        for handle in handles where handle.node.kind == .video {
            var capability = v4l2_capability()
            guard case .success = systemIoctl(handle.fileDescriptor, .queryCapability, &capability) else { continue }
            let caps = capability.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? capability.device_caps : capability.capabilities
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
        request.type = Self.bufferType
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try call(.requestBuffers, &request)
        return request.count
    }

    /// VIDIOC_QUERYBUF of buffer `index`: its length and mmap offset.
    func query(_ index: UInt32) throws(MediaError) -> (length: Int, offset: off_t) {
        var buffer = v4l2_buffer()
        buffer.index = index
        buffer.type = Self.bufferType
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        try call(.queryBuffer, &buffer)
        return (Int(buffer.length), off_t(buffer.m.offset))
    }

    /// VIDIOC_QBUF of buffer `index` into the request `request`.
    func queue(_ index: UInt32, inRequest request: FileDescriptor) throws(MediaError) {
        var buffer = v4l2_buffer()
        buffer.index = index
        buffer.type = Self.bufferType
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        buffer.flags = UInt32(V4L2_BUF_FLAG_REQUEST_FD)
        buffer.request_fd = request.rawValue
        try call(.queueBuffer, &buffer)
    }
}
