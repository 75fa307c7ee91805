/// One frame size of the camera's only format, uncompressed YUY2 (16 bits per pixel).
public struct FrameSize: Sendable, Equatable {
    /// bFrameIndex, from 1.
    public var index: UInt8
    public var width: UInt16
    public var height: UInt16

    /// dwMaxVideoFrameBufferSize: two bytes per pixel.
    public var frameBytes: UInt32 { UInt32(width) * UInt32(height) * 2 }
}

/// The camera's streaming format: what its format and frame descriptors declare and what
/// PROBE/COMMIT negotiates.
public enum VideoFormat {
    /// bFormatIndex of the YUY2 format.
    public static let formatIndex: UInt8 = 1
    /// The frame sizes, in bFrameIndex order.
    public static let frames = [
        FrameSize(index: 1, width: 160, height: 120),
        FrameSize(index: 2, width: 320, height: 240),
    ]
    /// Frame intervals in 100 ns units, shortest first: 30, 15 and 10 frames per second.
    public static let intervals: [UInt32] = [333_333, 666_666, 1_000_000]
    /// The default interval: 15 frames per second, gentle on an emulated machine.
    public static let defaultInterval: UInt32 = 666_666
    /// dwMaxPayloadTransferSize: one payload per bulk URB. uvcvideo makes its bulk URBs
    /// min(this, 32 × 512) bytes long (uvc_init_video_bulk, UVC_MAX_PACKETS).
    public static let maxPayloadTransferSize: UInt32 = 16384
    /// The YUY2 GUID, 32595559-0000-0010-8000-00AA00389B71, in descriptor byte order.
    public static let yuy2GUID: [UInt8] = [
        0x59, 0x55, 0x59, 0x32, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ]

    public static func frame(index: UInt8) -> FrameSize? {
        frames.first { $0.index == index }
    }
}
