import CLinuxMedia
public import SystemPackage

/// An open V4L2 video node (`/dev/videoN`), for the format of a single-planar capture
/// queue: what link validation compares with the pad that feeds the node.
public final class VideoNode: Sendable {
    private let node: NodeDescriptor
    public var path: String { node.path }

    static let captureType = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue

    /// Opens a video node. The corresponding C function is `open`.
    public init(path: String, mode: FileDescriptor.AccessMode = .readOnly) throws(MediaError) {
        node = try NodeDescriptor(path: path, mode: mode)
    }

    /// The format of the capture queue. EINVAL means the node has no single-planar capture
    /// queue. The corresponding ioctl is `VIDIOC_G_FMT` (`V4L2_BUF_TYPE_VIDEO_CAPTURE`).
    public func captureFormat() throws(MediaError) -> PixelFormat {
        var format = v4l2_format()
        format.type = Self.captureType
        try node.call(.getFormat, &format)
        return PixelFormat(format.fmt.pix)
    }

    /// Sets the capture format and returns what the driver chose.
    /// The corresponding ioctl is `VIDIOC_S_FMT` (`V4L2_BUF_TYPE_VIDEO_CAPTURE`).
    public func setCaptureFormat(_ requested: PixelFormat) throws(MediaError) -> PixelFormat {
        var format = v4l2_format()
        format.type = Self.captureType
        format.fmt.pix = requested.raw
        try node.call(.setFormat, &format)
        return PixelFormat(format.fmt.pix)
    }

    /// Starts the capture queue the way an application does and stops it again: REQBUFS
    /// of `bufferCount` MMAP buffers, QBUF of each (drivers that need queued buffers start
    /// the pipeline only then), STREAMON, then STREAMOFF and REQBUFS 0. Returns STREAMON's
    /// errno (EPIPE: the pipeline failed validation), nil when it started. Needs the node
    /// opened read-write. The corresponding ioctl is `VIDIOC_STREAMON`.
    package func streamOnResult(bufferCount: UInt32 = 2) throws(MediaError) -> Errno? {
        var request = v4l2_requestbuffers()
        request.count = bufferCount
        request.type = Self.captureType
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try node.call(.requestBuffers, &request)
        defer {
            var free = v4l2_requestbuffers()
            free.type = Self.captureType
            free.memory = V4L2_MEMORY_MMAP.rawValue
            _ = node.ioctl(.requestBuffers, &free)
        }
        for index in 0..<request.count {
            var buffer = v4l2_buffer()
            buffer.index = index
            buffer.type = Self.captureType
            buffer.memory = V4L2_MEMORY_MMAP.rawValue
            try node.call(.queueBuffer, &buffer)
        }
        return try streamOnWithoutBuffers()
    }

    /// STREAMON, then STREAMOFF when it started; no buffers. What a node whose STREAMON
    /// only starts the media pipeline takes (mc_mux's), and the last step of
    /// `streamOnResult`. Returns STREAMON's errno, nil when it started.
    package func streamOnWithoutBuffers() throws(MediaError) -> Errno? {
        var type = Int32(Self.captureType)
        guard case .failure(let errno) = node.ioctl(.streamOn, &type) else {
            try node.call(.streamOff, &type)
            return nil
        }
        return errno
    }
}
