/// Reads one spec byte by byte with the token rules of media-ctl's parsers
/// (libmediactl, libv4l2subdev): C `isspace` whitespace between tokens, decimal numbers,
/// entity names in quotes. Keeps the offset so errors can point at a column.
struct SpecScanner {
    let text: String
    let bytes: [UInt8]
    /// The line of a pipeline file, carried into errors.
    let line: Int?
    private(set) var offset: Int

    init(_ text: String, line: Int? = nil, offset: Int = 0) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.line = line
        self.offset = offset
    }

    var atEnd: Bool { offset >= bytes.count }

    /// The byte at the offset; nil at the end.
    var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    func byte(at position: Int) -> UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func advance(_ count: Int = 1) { offset = min(bytes.count, offset + count) }

    mutating func move(to position: Int) { offset = min(bytes.count, max(0, position)) }

    /// C `isspace` in the "C" locale: space, \t, \n, \v, \f, \r.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0d).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5a).contains(byte) }
    static func isAlpha(_ byte: UInt8) -> Bool { isUpper(byte) || (0x61...0x7a).contains(byte) }

    mutating func skipSpaces() {
        while let byte = current, Self.isSpace(byte) { offset += 1 }
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        offset += 1
        return true
    }

    /// Consumes `literal` if the text continues with it (case-sensitive, as `strncmp`).
    mutating func consume(_ literal: String) -> Bool {
        let literalBytes = Array(literal.utf8)
        guard offset + literalBytes.count <= bytes.count,
            bytes[offset..<offset + literalBytes.count].elementsEqual(literalBytes)
        else { return false }
        offset += literalBytes.count
        return true
    }

    /// Consumes the longest run of bytes that satisfy `accept` and returns it as text.
    mutating func token(while accept: (UInt8) -> Bool) -> String {
        let start = offset
        while let byte = current, accept(byte) { offset += 1 }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// A decimal number that fits `UInt32`; `what` names it in the error ("a pad number").
    mutating func unsignedNumber(_ what: String) throws(PipelineSpecError) -> UInt32 {
        let start = offset
        var value: UInt64 = 0
        while let byte = current, Self.isDigit(byte) {
            value = value * 10 + UInt64(byte - 0x30)
            if value > UInt64(UInt32.max) { throw error("\(what) is too large", at: start) }
            offset += 1
        }
        guard offset > start else { throw error("expected \(what)", at: start) }
        return UInt32(value)
    }

    /// A decimal number with an optional leading `-` that fits `Int32`.
    mutating func signedNumber(_ what: String) throws(PipelineSpecError) -> Int32 {
        let start = offset
        let negative = consume(UInt8(ascii: "-"))
        let magnitude = try unsignedNumber(what)
        let value = negative ? -Int64(magnitude) : Int64(magnitude)
        guard let result = Int32(exactly: value) else { throw error("\(what) is out of range", at: start) }
        return result
    }

    /// Requires `byte` next, or fails with `message` at the current offset.
    mutating func expect(_ byte: UInt8, _ message: String) throws(PipelineSpecError) {
        guard consume(byte) else { throw error(message) }
    }

    func error(_ message: String, at position: Int? = nil) -> PipelineSpecError {
        PipelineSpecError(message: message, text: text, offset: position ?? offset, line: line)
    }

    /// Describes the byte at the offset for messages: `'x'` or "the end".
    var found: String {
        guard let byte = current else { return "the end" }
        if byte < 0x80 { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "a non-ASCII character"
    }
}
