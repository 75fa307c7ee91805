/// What a V4L2 subdev reports for one pad: format, frame interval and selections,
/// each nil where the driver does not implement the ioctl.
public struct SubdevPadState: Sendable, Codable, Equatable {
    public var pad: UInt32
    /// The stream of a streams subdev's pad (`SubdevState.streams`); nil for stream 0 read
    /// without the streams capability.
    public var stream: UInt32?
    public var format: FrameFormat?
    public var interval: Fraction?
    public var cropBounds: Rectangle?
    public var crop: Rectangle?
    public var composeBounds: Rectangle?
    public var compose: Rectangle?

    public init(
        pad: UInt32, stream: UInt32? = nil, format: FrameFormat?, interval: Fraction? = nil, cropBounds: Rectangle? = nil,
        crop: Rectangle? = nil, composeBounds: Rectangle? = nil, compose: Rectangle? = nil
    ) {
        self.pad = pad
        self.stream = stream
        self.format = format
        self.interval = interval
        self.cropBounds = cropBounds
        self.crop = crop
        self.composeBounds = composeBounds
        self.compose = compose
    }
}

/// `struct v4l2_mbus_framefmt`, the parts that are printed and set.
public struct FrameFormat: Sendable, Codable, Equatable {
    public var code: UInt32
    public var width: UInt32
    public var height: UInt32
    public var field: UInt32
    public var colorspace: UInt32
    public var ycbcrEncoding: UInt16
    public var quantization: UInt16
    public var transferFunction: UInt16

    public init(
        code: UInt32, width: UInt32, height: UInt32, field: UInt32 = 0, colorspace: UInt32 = 0,
        ycbcrEncoding: UInt16 = 0, quantization: UInt16 = 0, transferFunction: UInt16 = 0
    ) {
        self.code = code
        self.width = width
        self.height = height
        self.field = field
        self.colorspace = colorspace
        self.ycbcrEncoding = ycbcrEncoding
        self.quantization = quantization
        self.transferFunction = transferFunction
    }
}

extension FrameFormat {
    private enum CodingKeys: String, CodingKey {
        case code, width, height, field, colorspace, ycbcrEncoding, quantization, transferFunction
        /// The kernel's name of `code` (`FormatNames.kernelMbusCodeName`), written for
        /// people and ignored when decoding; absent for a code the header does not define.
        case codeName
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try container.decode(UInt32.self, forKey: .code),
            width: try container.decode(UInt32.self, forKey: .width),
            height: try container.decode(UInt32.self, forKey: .height),
            field: try container.decode(UInt32.self, forKey: .field),
            colorspace: try container.decode(UInt32.self, forKey: .colorspace),
            ycbcrEncoding: try container.decode(UInt16.self, forKey: .ycbcrEncoding),
            quantization: try container.decode(UInt16.self, forKey: .quantization),
            transferFunction: try container.decode(UInt16.self, forKey: .transferFunction)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encodeIfPresent(FormatNames.kernelMbusCodeName(code), forKey: .codeName)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(field, forKey: .field)
        try container.encode(colorspace, forKey: .colorspace)
        try container.encode(ycbcrEncoding, forKey: .ycbcrEncoding)
        try container.encode(quantization, forKey: .quantization)
        try container.encode(transferFunction, forKey: .transferFunction)
    }
}

/// `struct v4l2_fract`.
public struct Fraction: Sendable, Codable, Equatable {
    public var numerator: UInt32
    public var denominator: UInt32
    public init(numerator: UInt32, denominator: UInt32) {
        self.numerator = numerator
        self.denominator = denominator
    }
}

/// `struct v4l2_rect`.
public struct Rectangle: Sendable, Codable, Equatable {
    public var left: Int32
    public var top: Int32
    public var width: UInt32
    public var height: UInt32
    public init(left: Int32, top: Int32, width: UInt32, height: UInt32) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }
}
