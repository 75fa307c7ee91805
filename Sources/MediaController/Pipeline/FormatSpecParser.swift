/// Parses media-ctl's `-V` syntax: `PAD '[' PROPERTIES ']'` with pads separated by `,`.
///
/// Properties are separated by whitespace, as media-ctl 1.22 accepts them (a comma
/// between properties is an error there too):
/// `fmt:CODE/WxH` (or `CODE WxH`; a first property starting upper-case is a format
/// without `fmt:`), `field:`, `colorspace:`, `xfer:`, `ycbcr:`, `quantization:` (names of
/// `FormatNames`, compared case-insensitively), `crop:(L,T)/WxH` (or a bare `(L,T)/WxH`),
/// `compose:(L,T)/WxH` and `@N/D`. Bus codes are matched case-sensitively, aliases included.
///
/// Stricter than media-ctl where it silently does nothing: colorimetry without `fmt:`,
/// empty brackets, a zero frame interval and missing numbers are errors here. A property
/// given before `fmt:` is kept (media-ctl drops it).
public enum FormatSpecParser {
    public static func parse(_ text: String, line: Int? = nil) throws(PipelineSpecError) -> [FormatSpec] {
        var scanner = SpecScanner(text, line: line)
        scanner.skipSpaces()
        guard !scanner.atEnd else { throw scanner.error("no format given") }
        var specs: [FormatSpec] = []
        while true {
            specs.append(try scanner.formatSpec())
            scanner.skipSpaces()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            guard scanner.atEnd else {
                throw scanner.error("expected ',' or the end after ']', found \(scanner.found)")
            }
            return specs
        }
    }
}

extension SpecScanner {
    /// `PAD '[' PROPERTIES ']'`.
    mutating func formatSpec() throws(PipelineSpecError) -> FormatSpec {
        skipSpaces()
        let start = offset
        let pad = try padReference(streams: true)
        let bracket = offset
        guard consume(UInt8(ascii: "[")) else { throw error("expected '[' and the format after the pad, found \(found)") }
        var spec = FormatSpec(text: text, line: line, offset: start, pad: pad)
        var first = true
        while true {
            skipSpaces()
            let propertyStart = offset
            func note(_ property: FormatSpec.Property) { spec.propertyOffsets[property.rawValue] = propertyStart }
            if consume("fmt:") || (first && current.map(Self.isUpper) == true) {
                note(.fmt)
                spec.busFormat = try busFormat()
            } else if consume("field:") {
                note(.field)
                spec.field = try named("field order", FormatNames.field(named:), letters: false)
            } else if consume("colorspace:") {
                note(.colorspace)
                spec.colorspace = try named("colorspace", FormatNames.colorspace(named:), letters: true)
            } else if consume("xfer:") {
                note(.xfer)
                spec.transferFunction = try named("transfer function", FormatNames.transferFunction(named:), letters: true)
            } else if consume("ycbcr:") {
                note(.ycbcr)
                spec.ycbcrEncoding = try named("YCbCr encoding", FormatNames.ycbcrEncoding(named:), letters: true)
            } else if consume("quantization:") {
                note(.quantization)
                spec.quantization = try named("quantization", FormatNames.quantization(named:), letters: true)
            } else if consume("crop:") || current == UInt8(ascii: "(") {
                note(.crop)
                spec.crop = try rectangle()
            } else if consume("compose:") {
                note(.compose)
                spec.compose = try rectangle()
            } else if consume(UInt8(ascii: "@")) {
                note(.interval)
                spec.interval = try frameInterval()
            } else {
                break
            }
            first = false
        }
        if current == UInt8(ascii: ",") {
            throw error("properties are separated by spaces, not commas")
        }
        guard consume(UInt8(ascii: "]")) else {
            throw error(
                "expected ']' or a property (fmt:, field:, colorspace:, xfer:, ycbcr:, quantization:, crop:, compose:, @), found \(found)"
            )
        }
        try validate(spec, bracket: bracket)
        return spec
    }

    /// Rejects what media-ctl would accept and then silently not apply.
    private func validate(_ spec: FormatSpec, bracket: Int) throws(PipelineSpecError) {
        if spec.busFormat == nil {
            for property in [FormatSpec.Property.field, .colorspace, .xfer, .ycbcr, .quantization] {
                if let position = spec.propertyOffsets[property.rawValue] {
                    throw error("\(property.rawValue): needs fmt: in the same brackets", at: position)
                }
            }
        }
        if spec.propertyOffsets.isEmpty {
            throw error("nothing to set: give fmt:, crop:, compose: or @", at: bracket)
        }
    }

    /// `CODE '/' WIDTH 'x' HEIGHT`; a space may stand for the `/` (media-ctl's old syntax).
    private mutating func busFormat() throws(PipelineSpecError) -> FormatSpec.BusFormat {
        skipSpaces()
        let codeStart = offset
        let name = token { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "]") && !Self.isSpace($0) }
        guard !name.isEmpty else { throw error("expected a media bus code (e.g. RGB888_1X24), found \(found)") }
        guard let code = FormatNames.mbusCode(named: name) else {
            throw error("unknown media bus code '\(name)'", at: codeStart)
        }
        guard let separator = current, separator == UInt8(ascii: "/") || Self.isSpace(separator) else {
            throw error("expected '/' and the frame size (WxH) after \(name), found \(found)")
        }
        advance()
        let (width, height) = try size()
        return FormatSpec.BusFormat(code: code, width: width, height: height)
    }

    /// `WIDTH 'x' HEIGHT`; whitespace may precede each number (as `strtoul` skips it).
    private mutating func size() throws(PipelineSpecError) -> (UInt32, UInt32) {
        skipSpaces()
        let width = try unsignedNumber("a width")
        guard consume(UInt8(ascii: "x")) else { throw error("expected 'x' between width and height, found \(found)") }
        skipSpaces()
        let height = try unsignedNumber("a height")
        return (width, height)
    }

    /// A name from one of the tables; `letters` allows digits too (colorimetry), as media-ctl.
    private mutating func named<Value>(
        _ what: String, _ lookup: (String) -> Value?, letters digitsAllowed: Bool
    ) throws(PipelineSpecError) -> Value {
        let start = offset
        let name = token { Self.isAlpha($0) || $0 == UInt8(ascii: "-") || (digitsAllowed && Self.isDigit($0)) }
        guard !name.isEmpty else { throw error("expected a \(what), found \(found)") }
        guard let value = lookup(name) else { throw error("unknown \(what) '\(name)'", at: start) }
        return value
    }

    /// `'(' LEFT ',' TOP ')' '/' WIDTH 'x' HEIGHT`.
    private mutating func rectangle() throws(PipelineSpecError) -> Rectangle {
        skipSpaces()
        guard consume(UInt8(ascii: "(")) else { throw error("expected '(' and the rectangle's left,top, found \(found)") }
        skipSpaces()
        let left = try signedNumber("the left edge")
        guard consume(UInt8(ascii: ",")) else { throw error("expected ',' between left and top, found \(found)") }
        skipSpaces()
        let top = try signedNumber("the top edge")
        guard consume(UInt8(ascii: ")")) else { throw error("expected ')' after the top edge, found \(found)") }
        guard consume(UInt8(ascii: "/")) else { throw error("expected '/' and the rectangle's size, found \(found)") }
        let (width, height) = try size()
        return Rectangle(left: left, top: top, width: width, height: height)
    }

    /// `NUMERATOR '/' DENOMINATOR` after `@`, whitespace allowed around each part.
    private mutating func frameInterval() throws(PipelineSpecError) -> Fraction {
        skipSpaces()
        let numeratorStart = offset
        let numerator = try unsignedNumber("the frame interval's numerator")
        skipSpaces()
        guard consume(UInt8(ascii: "/")) else { throw error("expected '/' in the frame interval, found \(found)") }
        skipSpaces()
        let denominatorStart = offset
        let denominator = try unsignedNumber("the frame interval's denominator")
        if numerator == 0 { throw error("the frame interval's numerator must not be 0", at: numeratorStart) }
        if denominator == 0 { throw error("the frame interval's denominator must not be 0", at: denominatorStart) }
        return Fraction(numerator: numerator, denominator: denominator)
    }
}
