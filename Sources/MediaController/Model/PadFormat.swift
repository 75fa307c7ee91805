/// What a V4L2 subdev reports for one pad: format, frame interval and selections,
/// each nil where the driver does not implement the ioctl.
public struct SubdevPadState: Sendable, Codable, Equatable {
    public var pad: UInt32
    public var format: FrameFormat?
    public var interval: Fraction?
    public var cropBounds: Rectangle?
    public var crop: Rectangle?
    public var composeBounds: Rectangle?
    public var compose: Rectangle?

    public init(
        pad: UInt32, format: FrameFormat?, interval: Fraction? = nil, cropBounds: Rectangle? = nil,
        crop: Rectangle? = nil, composeBounds: Rectangle? = nil, compose: Rectangle? = nil
    ) {
        self.pad = pad
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
