/// A pipeline file: one media-ctl spec a line, links (`-l` syntax) or formats (`-V`
/// syntax), each line possibly a comma-separated list of one kind. `#` starts a comment
/// (outside quoted entity names); blank lines are ignored.
///
/// ```
/// # vimc: Sensor B through Debayer B into the scaler
/// "Debayer A":1 -> "Scaler":0 [0]
/// "Debayer B":1 -> "Scaler":0 [1]
/// "Sensor B":0 [fmt:SRGGB8_1X8/640x480]
/// ```
public struct PipelineDescription: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case links([LinkSpec])
        case formats([FormatSpec])
    }

    public struct Line: Sendable, Equatable {
        /// 1-based.
        public var number: Int
        public var content: Content
    }

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    /// Parses a whole file; the first bad line fails with its line and column.
    public static func parse(_ text: String) throws(PipelineSpecError) -> PipelineDescription {
        var lines: [Line] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let spec = withoutComment(line)
            var scanner = SpecScanner(spec, line: index + 1)
            scanner.skipSpaces()
            if scanner.atEnd { continue }
            lines.append(Line(number: index + 1, content: try classify(spec, line: index + 1)))
        }
        return PipelineDescription(lines: lines)
    }

    /// The line up to a `#` that is not inside a quoted entity name.
    static func withoutComment(_ line: String) -> String {
        var quote: Character?
        var result = ""
        for character in line {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                break
            }
            result.append(character)
        }
        return result
    }

    /// A link line has `->` after its first pad, a format line `[`.
    static func classify(_ spec: String, line: Int) throws(PipelineSpecError) -> Content {
        var scanner = SpecScanner(spec, line: line)
        _ = try scanner.padReference()
        if scanner.consume("->") { return .links(try LinkSpecParser.parse(spec, line: line)) }
        if scanner.current == UInt8(ascii: "[") { return .formats(try FormatSpecParser.parse(spec, line: line)) }
        throw scanner.error("expected '->' (a link) or '[' (a format) after the pad, found \(scanner.found)")
    }
}
