/// The frames of a committed stream, cut into the payloads of a bulk endpoint (UVC 1.1
/// §2.4.3.2): each payload is one URB's data, a 2-byte header (bHeaderLength 2,
/// bmHeaderInfo with EOH, the frame ID bit that toggles from frame to frame, and EOF on
/// a frame's last payload) followed by the next bytes of the frame.
public struct VideoStream: Sendable {
    public static let headerLength = 2
    /// bmHeaderInfo bits.
    public static let frameID: UInt8 = 0x01
    public static let endOfFrame: UInt8 = 0x02
    public static let endOfHeader: UInt8 = 0x80

    public let size: FrameSize
    /// The frame interval in 100 ns units.
    public let interval: UInt32
    public let seed: UInt64
    /// The number of the frame being sent (or next to be sent), from 0.
    public private(set) var frameNumber: UInt64 = 0
    /// How many bytes of the current frame have gone; 0 between frames.
    public private(set) var offset = 0
    private var frame: [UInt8] = []

    public init(size: FrameSize, interval: UInt32, seed: UInt64) {
        self.size = size
        self.interval = interval
        self.seed = seed
    }

    /// When frame `frameNumber` is due, from the start of the stream.
    public var nextFrameDue: Duration { .nanoseconds(Int64(interval) * 100 * Int64(frameNumber)) }

    public var isBetweenFrames: Bool { offset == 0 }

    /// The next payload, at most `capacity` bytes long (the URB's length, at most
    /// dwMaxPayloadTransferSize).
    public mutating func nextPayload(capacity: Int) -> [UInt8] {
        if offset == 0 { frame = FramePattern.frame(number: frameNumber, size: size, seed: seed) }
        let count = min(max(capacity - Self.headerLength, 0), frame.count - offset)
        let last = offset + count == frame.count
        let fid = UInt8(truncatingIfNeeded: frameNumber) & Self.frameID
        var payload: [UInt8] = [UInt8(Self.headerLength), Self.endOfHeader | fid | (last ? Self.endOfFrame : 0)]
        payload.append(contentsOf: frame[offset..<(offset + count)])
        if last {
            offset = 0
            frameNumber += 1
        } else {
            offset += count
        }
        return payload
    }
}

/// Deterministic frame content: frame `number` of a stream seeded `seed` is the same
/// bytes on every run, so a test can check what it captured. SplitMix64 over
/// (seed, number), eight bytes per step, little-endian.
public enum FramePattern {
    public static func frame(number: UInt64, size: FrameSize, seed: UInt64) -> [UInt8] {
        let count = Int(size.frameBytes)
        var state = seed &+ number &* 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            for byte in 0..<min(8, count - index) { bytes[index + byte] = UInt8(truncatingIfNeeded: z >> (8 * UInt64(byte))) }
            index += 8
        }
        return bytes
    }
}
