/// `struct v4l2_pix_format` of a single-planar video node: what `VIDIOC_G_FMT` reports
/// and what a driver's link validation compares with the pad that feeds the node.
public struct PixelFormat: Sendable, Codable, Equatable {
    public var width: UInt32
    public var height: UInt32
    /// A V4L2 four-character code (`V4L2_PIX_FMT_*`).
    public var pixelFormat: UInt32
    public var field: UInt32
    public var bytesPerLine: UInt32
    public var sizeImage: UInt32
    public var colorspace: UInt32
    public var ycbcrEncoding: UInt32
    public var quantization: UInt32
    public var transferFunction: UInt32

    public init(
        width: UInt32, height: UInt32, pixelFormat: UInt32, field: UInt32 = 1, bytesPerLine: UInt32 = 0,
        sizeImage: UInt32 = 0, colorspace: UInt32 = 0, ycbcrEncoding: UInt32 = 0, quantization: UInt32 = 0,
        transferFunction: UInt32 = 0
    ) {
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
        self.field = field
        self.bytesPerLine = bytesPerLine
        self.sizeImage = sizeImage
        self.colorspace = colorspace
        self.ycbcrEncoding = ycbcrEncoding
        self.quantization = quantization
        self.transferFunction = transferFunction
    }

    /// The four-character code of `text` (`"RGB3"`), as `v4l2_fourcc` builds it.
    public static func fourcc(_ text: String) -> UInt32 {
        text.utf8.prefix(4).enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    /// The four characters of a code (`RGB3`); bit 31 (`V4L2_PIX_FMT_FLAG_BE`) adds `-BE`,
    /// a byte that is not printable ASCII is shown as `.`.
    public static func fourccText(_ code: UInt32) -> String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: (code & 0x7fff_ffff) >> (8 * UInt32($0))) }
        let text = String(decoding: bytes.map { (0x20..<0x7f).contains($0) ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
        return code & 0x8000_0000 != 0 ? text + "-BE" : text
    }
}
