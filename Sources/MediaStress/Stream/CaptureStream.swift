import CLinuxMedia
import Glibc
package import MediaController
package import SystemPackage

/// A capture node streaming MMAP buffers, held across the unbind. Set up for vimc:
/// SRGGB8 640x480 on Sensor A's source pad and on Raw Capture 0.
package final class CaptureStream {
    package let videoNode: HeldNode
    let video: FileDescriptor
    private var owner: OwnedDescriptor?
    var buffers: [(address: UnsafeMutableRawPointer, length: Int)] = []
    private var isFinished = false
    /// Frames dequeued before the unbind.
    package private(set) var framesBeforeUnbind = 0

    static let bufferType = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
    static let width: UInt32 = 640
    static let height: UInt32 = 480

    /// Whether the target has the nodes a capture stream needs.
    package static func canStream(_ target: StressTarget) -> Bool {
        target.nodes(of: .subdev).contains { $0.entity == "Sensor A" }
            && target.nodes(of: .video).contains { $0.entity == "Raw Capture 0" }
    }

    /// Configures the formats, allocates and queues `bufferCount` buffers, starts streaming
    /// and waits for the first frame.
    package init(target: StressTarget, bufferCount: UInt32 = 3) throws(MediaError) {
        guard let sensor = target.nodes(of: .subdev).first(where: { $0.entity == "Sensor A" }),
            let capture = target.nodes(of: .video).first(where: { $0.entity == "Raw Capture 0" })
        else {
            throw MediaError(
                code: .invalidArgument, path: target.mediaNode, operation: "stream",
                detail: "--stream needs vimc's Sensor A and Raw Capture 0 nodes")
        }
        videoNode = capture
        let subdev = try SubdevNode(path: sensor.path, mode: .readWrite)
        _ = try subdev.setFormat(
            FrameFormat(code: UInt32(MEDIA_BUS_FMT_SRGGB8_1X8), width: Self.width, height: Self.height, field: 1),
            pad: 0)
        let opened = try OwnedDescriptor(opening: capture.path, .readWrite, options: .nonBlocking)
        video = opened.fd
        owner = consume opened
        var format = v4l2_format()
        format.type = Self.bufferType
        format.fmt.pix.width = Self.width
        format.fmt.pix.height = Self.height
        format.fmt.pix.pixelformat = PixelFormat.fourcc("RGGB")
        format.fmt.pix.field = 1  // V4L2_FIELD_NONE
        try call(.setFormat, &format)
        var request = v4l2_requestbuffers()
        request.count = bufferCount
        request.type = Self.bufferType
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try call(.requestBuffers, &request)
        for index in 0..<request.count {
            var buffer = v4l2_buffer()
            buffer.index = index
            buffer.type = Self.bufferType
            buffer.memory = V4L2_MEMORY_MMAP.rawValue
            try call(.queryBuffer, &buffer)
            guard let address = mmap(nil, Int(buffer.length), PROT_READ | PROT_WRITE, MAP_SHARED, video.rawValue, off_t(buffer.m.offset)),
                address != MAP_FAILED
            else {
                throw MediaError(code: .ioctlFailed, errno: Errno(rawValue: errno), path: capture.path, operation: "mmap")
            }
            buffers.append((address, Int(buffer.length)))
            try call(.queueBuffer, &buffer)
        }
        var type = Int32(Self.bufferType)
        try call(.streamOn, &type)
        try waitForFrame()
    }

    func call<Argument>(_ request: IoctlRequest, _ argument: inout Argument) throws(MediaError) {
        if case .failure(let errno) = systemIoctl(video, request, &argument) {
            throw MediaError.init(code: .ioctlFailed, errno: errno, path: videoNode.path, operation: request.name)
        }
    }

    /// Dequeues one frame and queues it again.
    func waitForFrame(timeout: Int32 = 5000) throws(MediaError) {
        var entry = pollfd(fd: video.rawValue, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, timeout) == 1 else {
            throw MediaError(code: .timedOut, path: videoNode.path, operation: "wait for a frame")
        }
        var buffer = v4l2_buffer()
        buffer.type = Self.bufferType
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        try call(.dequeueBuffer, &buffer)
        framesBeforeUnbind += 1
        try call(.queueBuffer, &buffer)
    }

    /// DQBUF and STREAMOFF, with what each returned (after the unbind: ENODEV); then
    /// unmaps the buffers and closes the node.
    package func finish() -> (dequeue: Errno?, streamOff: Errno?, close: Errno?) {
        guard !isFinished else { return (nil, nil, nil) }
        isFinished = true
        var buffer = v4l2_buffer()
        buffer.type = Self.bufferType
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        let dequeue = systemIoctl(video, .dequeueBuffer, &buffer).failureValue
        var type = Int32(Self.bufferType)
        let streamOff = systemIoctl(video, .streamOff, &type).failureValue
        for buffer in buffers { munmap(buffer.address, buffer.length) }
        buffers = []
        var closeError: Errno?
        if let descriptor = owner.take(), case .failure(let errno) = descriptor.close() { closeError = errno }
        return (dequeue, streamOff, closeError)
    }
}
