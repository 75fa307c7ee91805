/// One link of media-ctl's `-l` syntax: `"Debayer B":1 -> "Scaler":0 [1]`.
public struct LinkSpec: Sendable, Equatable {
    /// The whole spec this link was written in (for errors).
    public var text: String
    /// The line of a pipeline file, nil for a command-line argument.
    public var line: Int?
    /// UTF-8 offset where this link starts in `text`.
    public var offset: Int
    public var source: PadReference
    public var sink: PadReference
    /// The number between the brackets: 1 enables, 0 disables.
    public var flags: UInt32
    /// UTF-8 offset of the flags number.
    public var flagsOffset: Int

    public init(
        text: String, line: Int? = nil, offset: Int = 0, source: PadReference, sink: PadReference, flags: UInt32,
        flagsOffset: Int = 0
    ) {
        self.text = text
        self.line = line
        self.offset = offset
        self.source = source
        self.sink = sink
        self.flags = flags
        self.flagsOffset = flagsOffset
    }

    /// An error about this link, pointing at `offset` in its text.
    func error(_ message: String, at position: Int) -> PipelineSpecError {
        PipelineSpecError(message: message, text: text, offset: position, line: line)
    }
}

/// Parses media-ctl's `-l` syntax: `LINK[,LINK...]` where
/// `LINK = PAD '->' PAD '[' FLAGS ']'` and `PAD = ENTITY ':' NUMBER`, an entity being a
/// quoted name or a decimal id. Whitespace is allowed around every token.
///
/// Stricter than media-ctl 1.22 where it would guess: numbers must have digits
/// (`[]` is not `[0]`), and anything after the last link is an error with its column.
public enum LinkSpecParser {
    public static func parse(_ text: String, line: Int? = nil) throws(PipelineSpecError) -> [LinkSpec] {
        var scanner = SpecScanner(text, line: line)
        scanner.skipSpaces()
        guard !scanner.atEnd else { throw scanner.error("no link given") }
        var links: [LinkSpec] = []
        while true {
            links.append(try scanner.linkSpec())
            scanner.skipSpaces()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            guard scanner.atEnd else { throw scanner.error("expected ',' or the end after the link, found \(scanner.found)") }
            return links
        }
    }
}

extension SpecScanner {
    /// One `PAD -> PAD [FLAGS]`.
    mutating func linkSpec() throws(PipelineSpecError) -> LinkSpec {
        skipSpaces()
        let start = offset
        let source = try padReference()
        guard consume("->") else { throw error("expected '->' after the source pad, found \(found)") }
        let sink = try padReference()
        guard consume(UInt8(ascii: "[")) else {
            throw error("expected '[' and the link flags (0 or 1) after the sink pad, found \(found)")
        }
        skipSpaces()
        let flagsOffset = offset
        let flags = try unsignedNumber("the link flags (0 or 1)")
        skipSpaces()
        guard consume(UInt8(ascii: "]")) else { throw error("expected ']' after the link flags, found \(found)") }
        return LinkSpec(
            text: text, line: line, offset: start, source: source, sink: sink, flags: flags, flagsOffset: flagsOffset)
    }
}
