import CLinuxMedia
import MediaController
import SystemPackage

/// A `struct v4l2_buffer` of MMAP memory, with its `struct v4l2_plane` array on a
/// multi-planar queue (visl's, vicodec's with `multiplanar=1`): `m.planes` points at the
/// array and `length` counts it. Issued with the array pointed at; parked with the array
/// right after the buffer in the argument's page, `m.planes` aimed at it there.
struct PlanarBuffer {
    var buffer = v4l2_buffer()
    var planes: [v4l2_plane]

    /// Buffer 0 of `type`; `planes` entries for a multi-planar type (none otherwise).
    init(type: UInt32, planes: Int) {
        buffer.type = type
        buffer.memory = V4L2_MEMORY_MMAP.rawValue
        self.planes = Self.isMultiplanar(type) ? Array(repeating: v4l2_plane(), count: max(planes, 1)) : []
        if Self.isMultiplanar(type) { buffer.length = UInt32(self.planes.count) }
    }

    static func isMultiplanar(_ type: UInt32) -> Bool {
        [V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE].map(\.rawValue).contains(type)
    }

    /// Issues `request` with `m.planes` aimed at `planes`; the errno when it fails.
    mutating func attempt(_ request: IoctlRequest, on handle: HeldHandle) -> Errno? {
        var result: Result<Int32, Errno> = .success(0)
        if planes.isEmpty {
            result = systemIoctl(handle.fileDescriptor, request, &buffer)
        } else {
            planes.withUnsafeMutableBufferPointer { array in
                buffer.m.planes = array.baseAddress
                result = systemIoctl(handle.fileDescriptor, request, &buffer)
                buffer.m.planes = nil
            }
        }
        if case .failure(let errno) = result { return errno }
        return nil
    }

    /// `attempt`, a refusal the kernel's `not applicable` while building `pinned`'s state.
    mutating func call(_ request: IoctlRequest, on handle: HeldHandle, for pinned: PinnedIoctl) throws(MediaError) {
        if let errno = attempt(request, on: handle) {
            throw NotApplicable.error(
                .kernel, errno: errno, path: handle.node.path, operation: "park \(pinned.rawValue)",
                detail: "\(request.name), building the state the cell needs, was refused")
        }
    }

    /// After QUERYBUF: only the planes the buffer has, and an output buffer full (what a
    /// QBUF of it says was written).
    mutating func fill() {
        let output = PinQueue.isOutput(buffer.type)
        if planes.isEmpty {
            if output { buffer.bytesused = buffer.length }
            return
        }
        planes = Array(planes.prefix(Int(max(buffer.length, 1))))
        if output { for index in planes.indices { planes[index].bytesused = planes[index].length } }
        buffer.length = UInt32(planes.count)
    }

    /// The offset of `m` (the planes pointer) in `struct v4l2_buffer`.
    static let planesPointer = MemoryLayout<v4l2_buffer>.offset(of: \v4l2_buffer.m) ?? 0

    /// The parked argument: the buffer, then its planes (`m.planes` aimed at them).
    var argument: PinArgument {
        // Single-planar, `m` is the buffer's own (a dma-buf's fd): kept.
        guard !planes.isEmpty else { return PinArgument(image: buffer) }
        var head = buffer
        head.m.planes = nil
        var bytes = withUnsafeBytes(of: head) { Array($0) }
        let start = bytes.count
        bytes += planes.withUnsafeBytes { Array($0) }
        var argument = PinArgument(bytes: bytes)
        argument.selfPointers = [(at: Self.planesPointer, target: start)]
        return argument
    }
}
