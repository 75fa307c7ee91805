/// A file operation held or raced across the unbind (`--file-op`): what the kernel must
/// survive besides ioctls. Each holds the node kinds it needs (`hold`) and nothing else,
/// so no other descriptor keeps the driver's structures alive.
package enum FileOperation: String, Sendable, Codable, CaseIterable {
    /// `read(2)` on a capture node with read I/O (V4L2_CAP_READWRITE), parked at the
    /// copy of the frame into a missing page, released after the unbind.
    case read
    /// A capture buffer mmapped before the unbind; after it the mapping is read and
    /// written, the node closed, and the buffer unmapped: the mapping is the last reference.
    case mmap
    /// Threads open and close every node of the device in a loop while the unbind and
    /// the bind run (the race udev's v4l_id runs after every bind).
    case open
    /// A request (MEDIA_IOC_REQUEST_ALLOC) held across the unbind and closed after the
    /// media node: the request is the last reference to the media device.
    case request
    /// A request with a capture buffer in it, queued (MEDIA_REQUEST_IOC_QUEUE) before the
    /// unbind and closed last.
    case requestQueued = "request-queued"
    /// A queued request with a thread in poll(2) on it across the unbind; the poll must
    /// wake once the buffer's queue is released.
    case requestPoll = "request-poll"
    /// A mem2mem context (vim2m, vicodec): a buffer queued on its output and its capture
    /// queue, both streaming, held across the unbind; then DQBUF, and the node closed last.
    case m2m
    /// A capture queue streaming with its buffers queued and a thread in a blocking
    /// VIDIOC_DQBUF, queueing each frame back, across the unbind or the unplug: once the
    /// device is gone the DQBUF must return (an error), never stay blocked.
    case dqbuf

    /// The node kinds the cycle holds for it.
    package var hold: [NodeKind] {
        switch self {
        case .read, .mmap, .m2m, .dqbuf: [.video]
        case .open: []
        case .request: [.media]
        case .requestQueued, .requestPoll: [.media, .video]
        }
    }

    /// What it needs of the driver, for `--help` and not-applicable rows.
    package var needs: String {
        switch self {
        case .read: "a video capture node with read I/O (vivid)"
        case .mmap: "a video capture node with streaming I/O"
        case .open: "device nodes"
        case .request: "request support (MEDIA_IOC_REQUEST_ALLOC: vivid, the codecs)"
        case .requestQueued, .requestPoll: "request support and a capture queue that takes requests (vivid)"
        case .m2m: "a single-planar mem2mem video node (vim2m, vicodec)"
        case .dqbuf: "a video capture node that streams with its current format (uvcvideo, vivid)"
        }
    }

    /// `NAME` or one line naming what is wrong.
    package static func parse(_ text: String) -> Result<FileOperation, PinSpellingError> {
        guard let operation = FileOperation(rawValue: text) else {
            return .failure(PinSpellingError(
                "unknown file operation '\(text)': one of \(allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        return .success(operation)
    }
}
