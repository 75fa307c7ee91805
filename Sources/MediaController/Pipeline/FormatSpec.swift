/// One pad of media-ctl's `-V` syntax:
/// `"Scaler":0 [fmt:RGB888_1X24/640x480 field:none colorspace:srgb crop:(0,0)/640x480 @1/30]`.
/// Every property is optional; nil means "not given", and nothing is set for it.
public struct FormatSpec: Sendable, Equatable {
    /// The media bus format and frame size of `fmt:CODE/WxH`.
    public struct BusFormat: Sendable, Equatable {
        public var code: UInt32
        public var width: UInt32
        public var height: UInt32

        public init(code: UInt32, width: UInt32, height: UInt32) {
            self.code = code
            self.width = width
            self.height = height
        }
    }

    /// The property names of `-V`, for errors and for reporting what was given.
    public enum Property: String, Sendable, CaseIterable {
        case fmt, field, colorspace, xfer, ycbcr, quantization, crop, compose, interval = "@"
    }

    public var text: String
    public var line: Int?
    /// UTF-8 offset where this pad's spec starts in `text`.
    public var offset: Int
    public var pad: PadReference
    public var busFormat: BusFormat?
    public var field: UInt32?
    public var colorspace: UInt32?
    public var transferFunction: UInt16?
    public var ycbcrEncoding: UInt16?
    public var quantization: UInt16?
    public var crop: Rectangle?
    public var compose: Rectangle?
    public var interval: Fraction?
    /// Where each given property starts (UTF-8 offsets in `text`).
    public var propertyOffsets: [String: Int]

    public init(
        text: String, line: Int? = nil, offset: Int = 0, pad: PadReference, busFormat: BusFormat? = nil,
        field: UInt32? = nil, colorspace: UInt32? = nil, transferFunction: UInt16? = nil, ycbcrEncoding: UInt16? = nil,
        quantization: UInt16? = nil, crop: Rectangle? = nil, compose: Rectangle? = nil, interval: Fraction? = nil,
        propertyOffsets: [String: Int] = [:]
    ) {
        self.text = text
        self.line = line
        self.offset = offset
        self.pad = pad
        self.busFormat = busFormat
        self.field = field
        self.colorspace = colorspace
        self.transferFunction = transferFunction
        self.ycbcrEncoding = ycbcrEncoding
        self.quantization = quantization
        self.crop = crop
        self.compose = compose
        self.interval = interval
        self.propertyOffsets = propertyOffsets
    }

    /// The `v4l2_mbus_framefmt` media-ctl sends for this spec: the bus format plus the
    /// given colorimetry, 0 ("any"/"default") for the rest. Nil without `fmt:`.
    public var frameFormat: FrameFormat? {
        busFormat.map {
            FrameFormat(
                code: $0.code, width: $0.width, height: $0.height, field: field ?? 0, colorspace: colorspace ?? 0,
                ycbcrEncoding: ycbcrEncoding ?? 0, quantization: quantization ?? 0, transferFunction: transferFunction ?? 0)
        }
    }

    /// An error about this spec, pointing at `position` in its text.
    func error(_ message: String, at position: Int) -> PipelineSpecError {
        PipelineSpecError(message: message, text: text, offset: position, line: line)
    }
}
