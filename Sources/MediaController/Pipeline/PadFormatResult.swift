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
            // Colorimetry and field: 0 asks the driver to choose, so only what was asked for.
            let named: [(label: String, asked: UInt32, got: UInt32, name: (UInt32) -> String)] = [
                ("field", asked.field, got.field, FormatNames.fieldName),
                ("colorspace", asked.colorspace, got.colorspace, FormatNames.colorspaceName),
                ("xfer", UInt32(asked.transferFunction), UInt32(got.transferFunction),
                 { FormatNames.transferFunctionName(UInt16(truncatingIfNeeded: $0)) }),
                ("ycbcr", UInt32(asked.ycbcrEncoding), UInt32(got.ycbcrEncoding),
                 { FormatNames.ycbcrEncodingName(UInt16(truncatingIfNeeded: $0)) }),
                ("quantization", UInt32(asked.quantization), UInt32(got.quantization),
                 { FormatNames.quantizationName(UInt16(truncatingIfNeeded: $0)) }),
            ]
            for part in named where part.asked != 0 && part.asked != part.got {
                notes.append("\(part.label) \(part.name(part.asked)) -> \(part.name(part.got))")
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
