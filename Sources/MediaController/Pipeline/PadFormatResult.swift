/// A value that was asked for and the value the driver chose.
public struct Adjusted<Value: Sendable & Equatable & Codable>: Sendable, Equatable, Codable {
    public var requested: Value
    public var actual: Value

    public init(requested: Value, actual: Value) {
        self.requested = requested
        self.actual = actual
    }
}

/// What setting one subdev pad did: each part that was set, as asked and as the driver
/// chose it.
public struct PadFormatResult: Sendable, Equatable, Codable {
    public var pad: PadAddress
    /// Set because it is the sink of an enabled link from this source pad: media-ctl
    /// copies a source pad's format to the subdev sink pads it is linked to.
    public var propagatedFrom: PadAddress?
    public var format: Adjusted<FrameFormat>?
    public var crop: Adjusted<Rectangle>?
    public var compose: Adjusted<Rectangle>?
    public var interval: Adjusted<Fraction>?
    /// A failure media-ctl ignores (while propagating), as a sentence.
    public var ignoredError: String?

    public init(pad: PadAddress, propagatedFrom: PadAddress? = nil) {
        self.pad = pad
        self.propagatedFrom = propagatedFrom
    }

    /// True when something was set or attempted.
    public var isEmpty: Bool {
        format == nil && crop == nil && compose == nil && interval == nil && ignoredError == nil
    }

    /// What the driver changed, for people: `size 10x10 -> 16x16`. Colorimetry and field
    /// count only where they were asked for (0 asks the driver to choose).
    public var adjustments: [String] {
        var notes: [String] = []
        if let format {
            let asked = format.requested
            let got = format.actual
            if asked.code != got.code {
                notes.append("code \(FormatNames.mbusCodeName(asked.code)) -> \(FormatNames.mbusCodeName(got.code))")
            }
            if asked.width != got.width || asked.height != got.height {
                notes.append("size \(asked.width)x\(asked.height) -> \(got.width)x\(got.height)")
            }
            if asked.field != 0 && asked.field != got.field {
                notes.append("field \(FormatNames.fieldName(asked.field)) -> \(FormatNames.fieldName(got.field))")
            }
            if asked.colorspace != 0 && asked.colorspace != got.colorspace {
                notes.append(
                    "colorspace \(FormatNames.colorspaceName(asked.colorspace)) -> \(FormatNames.colorspaceName(got.colorspace))")
            }
            if asked.transferFunction != 0 && asked.transferFunction != got.transferFunction {
                notes.append(
                    "xfer \(FormatNames.transferFunctionName(asked.transferFunction)) -> "
                        + FormatNames.transferFunctionName(got.transferFunction))
            }
            if asked.ycbcrEncoding != 0 && asked.ycbcrEncoding != got.ycbcrEncoding {
                notes.append(
                    "ycbcr \(FormatNames.ycbcrEncodingName(asked.ycbcrEncoding)) -> \(FormatNames.ycbcrEncodingName(got.ycbcrEncoding))")
            }
            if asked.quantization != 0 && asked.quantization != got.quantization {
                notes.append(
                    "quantization \(FormatNames.quantizationName(asked.quantization)) -> "
                        + FormatNames.quantizationName(got.quantization))
            }
        }
        if let crop, crop.requested != crop.actual {
            notes.append("crop \(FormatSpecText.rectangle(crop.requested)) -> \(FormatSpecText.rectangle(crop.actual))")
        }
        if let compose, compose.requested != compose.actual {
            notes.append(
                "compose \(FormatSpecText.rectangle(compose.requested)) -> \(FormatSpecText.rectangle(compose.actual))")
        }
        if let interval, interval.requested != interval.actual {
            notes.append(
                "interval \(interval.requested.numerator)/\(interval.requested.denominator) -> "
                    + "\(interval.actual.numerator)/\(interval.actual.denominator)")
        }
        return notes
    }

    /// The state set on the pad, in `-V` syntax.
    public var properties: String {
        FormatSpecText.properties(
            format: format?.actual, crop: crop?.actual, compose: compose?.actual, interval: interval?.actual)
    }
}
