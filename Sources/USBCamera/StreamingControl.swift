/// The video probe and commit control block (UVC 1.1 §4.3.1.1, table 4-47): 34 bytes,
/// little-endian. uvcvideo exchanges 34 bytes with a UVC 1.1 device (uvc_video_ctrl_size).
public struct StreamingControl: Sendable, Equatable {
    public static let length = 34

    public var hint: UInt16 = 0
    public var formatIndex: UInt8
    public var frameIndex: UInt8
    public var frameInterval: UInt32
    public var keyFrameRate: UInt16 = 0
    public var pFrameRate: UInt16 = 0
    public var compQuality: UInt16 = 0
    public var compWindowSize: UInt16 = 0
    public var delay: UInt16 = 0
    public var maxVideoFrameSize: UInt32 = 0
    public var maxPayloadTransferSize: UInt32 = 0
    public var clockFrequency: UInt32 = 0
    public var framingInfo: UInt8 = 0
    public var preferredVersion: UInt8 = 0
    public var minVersion: UInt8 = 0
    public var maxVersion: UInt8 = 0

    public init(formatIndex: UInt8, frameIndex: UInt8, frameInterval: UInt32) {
        self.formatIndex = formatIndex
        self.frameIndex = frameIndex
        self.frameInterval = frameInterval
    }

    /// Decodes a SET_CUR's data; the UVC 1.0 block (26 bytes) is accepted too.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count >= 26 else { return nil }
        self.init(formatIndex: bytes[2], frameIndex: bytes[3], frameInterval: bytes.le32(at: 4))
        hint = bytes.le16(at: 0)
        keyFrameRate = bytes.le16(at: 8)
        pFrameRate = bytes.le16(at: 10)
        compQuality = bytes.le16(at: 12)
        compWindowSize = bytes.le16(at: 14)
        delay = bytes.le16(at: 16)
        maxVideoFrameSize = bytes.le32(at: 18)
        maxPayloadTransferSize = bytes.le32(at: 22)
        if bytes.count >= 34 {
            clockFrequency = bytes.le32(at: 26)
            framingInfo = bytes[30]
            preferredVersion = bytes[31]
            minVersion = bytes[32]
            maxVersion = bytes[33]
        }
    }

    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: Self.length)
        writer.le16(hint)
        writer.append([formatIndex, frameIndex])
        writer.le32(frameInterval)
        for field in [keyFrameRate, pFrameRate, compQuality, compWindowSize, delay] { writer.le16(field) }
        writer.le32(maxVideoFrameSize)
        writer.le32(maxPayloadTransferSize)
        writer.le32(clockFrequency)
        writer.append([framingInfo, preferredVersion, minVersion, maxVersion])
        return writer.bytes
    }

    /// What the camera makes of a proposal: its one format; the frame asked for, or the
    /// first; the shortest supported interval not shorter than the one asked for (the
    /// longest when none is that long, the default when 0 asks for none); and the sizes
    /// it fills in itself.
    public static func negotiated(_ proposal: StreamingControl) -> StreamingControl {
        let frame = VideoFormat.frame(index: proposal.frameIndex) ?? VideoFormat.frames[0]
        let intervals = VideoFormat.intervals
        let interval =
            proposal.frameInterval == 0
            ? VideoFormat.defaultInterval
            : intervals.first { $0 >= proposal.frameInterval } ?? intervals[intervals.count - 1]
        return filled(StreamingControl(formatIndex: VideoFormat.formatIndex, frameIndex: frame.index, frameInterval: interval))
    }

    /// GET_DEF: the first frame size at the default interval.
    public static let defaultValue = filled(
        StreamingControl(formatIndex: VideoFormat.formatIndex, frameIndex: 1, frameInterval: VideoFormat.defaultInterval))
    /// GET_MIN: the smallest frame at the shortest interval.
    public static let minimum = filled(
        StreamingControl(formatIndex: VideoFormat.formatIndex, frameIndex: 1, frameInterval: VideoFormat.intervals[0]))
    /// GET_MAX: the largest frame at the longest interval.
    public static let maximum = filled(
        StreamingControl(
            formatIndex: VideoFormat.formatIndex, frameIndex: VideoFormat.frames[VideoFormat.frames.count - 1].index,
            frameInterval: VideoFormat.intervals[VideoFormat.intervals.count - 1]))

    private static func filled(_ control: StreamingControl) -> StreamingControl {
        var control = control
        control.maxVideoFrameSize = VideoFormat.frame(index: control.frameIndex)?.frameBytes ?? 0
        control.maxPayloadTransferSize = VideoFormat.maxPayloadTransferSize
        control.clockFrequency = 48_000_000
        control.framingInfo = 0x03  // FID required, EOF may be present
        return control
    }
}
