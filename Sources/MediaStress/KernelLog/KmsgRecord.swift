/// One line of kernel log text, from a /dev/kmsg record or from plain console/dmesg text.
///
/// A /dev/kmsg record whose message holds escaped newlines (`\x0a`) becomes several lines
/// that share the record's sequence number and timestamp, the way the console prints it.
public struct KernelLogLine: Sendable, Hashable, Codable {
    /// The /dev/kmsg sequence number; nil for console text.
    public var sequence: UInt64?
    /// Microseconds since boot: the kmsg timestamp, or the console's `[ seconds.micros]`.
    public var microseconds: UInt64?
    /// The syslog level (0 emergency ... 7 debug), without the facility; nil when unknown.
    public var priority: Int?
    /// The syslog facility of a /dev/kmsg record: 0 for the kernel, 1 and up for messages
    /// user space wrote to /dev/kmsg (which the classifier ignores); nil for console text.
    public var facility: Int?
    /// The message text, without timestamp or record header. Leading spaces are kept
    /// (call-trace frames start with one).
    public var text: String

    public init(sequence: UInt64? = nil, microseconds: UInt64? = nil, priority: Int? = nil,
                facility: Int? = nil, text: String) {
        self.sequence = sequence
        self.microseconds = microseconds
        self.priority = priority
        self.facility = facility
        self.text = text
    }

    /// True when the line carries a kernel timestamp or sequence number, i.e. it came
    /// from the kernel's log rather than from something printed alongside it.
    public var isStamped: Bool { sequence != nil || microseconds != nil }

    /// Parses one plain console or dmesg line: an optional `<N>` level prefix, an optional
    /// `[ seconds.micros]` timestamp, an optional printk caller id (`[  T48]`, `[ C0]`),
    /// then the text. Lines without any of these become text-only lines.
    public static func parse(consoleLine line: Substring) -> KernelLogLine {
        var rest = line
        if rest.last == "\r" { rest = rest.dropLast() }
        var priority: Int?
        if rest.first == "<", let close = rest.firstIndex(of: ">"),
           let value = Int(rest[rest.index(after: rest.startIndex)..<close]), (0...191).contains(value) {
            priority = value & 7
            rest = rest[rest.index(after: close)...]
        }
        var microseconds: UInt64?
        if let (value, after) = parseTimestamp(rest) {
            microseconds = value
            rest = after
            if let after = dropCallerID(rest) { rest = after }
            if rest.first == " " { rest = rest.dropFirst() }
        }
        return KernelLogLine(microseconds: microseconds, priority: priority, text: String(rest))
    }

    /// Parses text that holds raw /dev/kmsg records (`prio,seq,usec,flags;message` with
    /// ` KEY=VALUE` continuation lines), plain console/dmesg lines, or a mix of both.
    public static func parseLines(_ text: String) -> [KernelLogLine] {
        var lines: [KernelLogLine] = []
        var inRecord = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak) {
            if inRecord, KmsgRecord.isContinuationLine(raw) { continue }
            if let record = KmsgRecord.parse(raw) {
                lines.append(contentsOf: record.lines)
                inRecord = true
            } else {
                inRecord = false
                lines.append(parse(consoleLine: raw))
            }
        }
        // A trailing newline yields one empty line at the end; drop it.
        if let last = lines.last, last.text.isEmpty, !last.isStamped { lines.removeLast() }
        return lines
    }

    /// `[    3.084064]` -> 3084064 microseconds and the text after the bracket.
    static func parseTimestamp(_ text: Substring) -> (UInt64, Substring)? {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return nil }
        let inside = text[text.index(after: text.startIndex)..<close].drop(while: { $0 == " " })
        let parts = inside.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let seconds = UInt64(parts[0]),
              !parts[1].isEmpty, parts[1].count <= 9, parts[1].allSatisfy(\.isKernelLogDigit),
              let fraction = UInt64(parts[1])
        else { return nil }
        var micros = fraction
        var digits = parts[1].count
        while digits < 6 { micros *= 10; digits += 1 }
        while digits > 6 { micros /= 10; digits -= 1 }
        return (seconds * 1_000_000 + micros, text[text.index(after: close)...])
    }

    /// Drops a printk caller id such as `[  T48]` or `[ C0]` (CONFIG_PRINTK_CALLER).
    static func dropCallerID(_ text: Substring) -> Substring? {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return nil }
        let inside = text[text.index(after: text.startIndex)..<close].drop(while: { $0 == " " })
        guard let kind = inside.first, kind == "T" || kind == "C",
              inside.count > 1, inside.dropFirst().allSatisfy(\.isKernelLogDigit)
        else { return nil }
        return text[text.index(after: close)...]
    }
}

/// One record read from /dev/kmsg: `prio,seq,usec,flags[,...];message` followed by
/// optional continuation lines ` KEY=VALUE` (device properties such as SUBSYSTEM, DEVICE).
public struct KmsgRecord: Sendable, Hashable, Codable {
    /// The syslog level, `prio & 7`.
    public var level: Int
    /// The syslog facility, `prio >> 3` (0 for the kernel, 1 for user messages written to /dev/kmsg).
    public var facility: Int
    public var sequence: UInt64
    /// Microseconds since boot.
    public var microseconds: UInt64
    /// The flags field: `-` normally, `c` for a continuation fragment (older kernels).
    public var flags: String
    /// The message with `\xHH` escapes decoded; may contain newlines.
    public var message: String
    /// The ` KEY=VALUE` continuation lines.
    public var properties: [String: String]

    public init(level: Int, facility: Int = 0, sequence: UInt64, microseconds: UInt64, flags: String = "-",
                message: String, properties: [String: String] = [:]) {
        self.level = level
        self.facility = facility
        self.sequence = sequence
        self.microseconds = microseconds
        self.flags = flags
        self.message = message
        self.properties = properties
    }

    /// The message as log lines, one per embedded newline, all with this record's
    /// sequence number, timestamp and level.
    public var lines: [KernelLogLine] {
        message.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak).map {
            KernelLogLine(sequence: sequence, microseconds: microseconds, priority: level, facility: facility,
                          text: String($0))
        }
    }

    /// Parses one record as returned by one read(2) of /dev/kmsg: the header line plus
    /// any continuation lines. Returns nil when the header is malformed (fewer than three
    /// numeric fields before `;`, or no `;`).
    public static func parse(_ raw: some StringProtocol) -> KmsgRecord? {
        let raw = String(raw)
        let rawLines = raw.split(omittingEmptySubsequences: true, whereSeparator: isLineBreak)
        guard let first = rawLines.first, var record = parseHeader(first) else { return nil }
        for line in rawLines.dropFirst() {
            guard isContinuationLine(line) else { break }
            let body = line.dropFirst()
            if let equals = body.firstIndex(of: "=") {
                record.properties[String(body[..<equals])] = unescape(body[body.index(after: equals)...])
            }
        }
        return record
    }

    /// Whether a line is a continuation (` KEY=VALUE`) line of a kmsg record.
    static func isContinuationLine(_ line: Substring) -> Bool {
        guard line.first == " " else { return false }
        let body = line.dropFirst()
        guard let equals = body.firstIndex(of: "="), equals > body.startIndex else { return false }
        return body[..<equals].allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
    }

    static func parseHeader(_ line: Substring) -> KmsgRecord? {
        var line = line
        if line.last == "\r" { line = line.dropLast() }
        guard let semicolon = line.firstIndex(of: ";") else { return nil }
        let fields = line[..<semicolon].split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 3,
              fields[0].allSatisfy(\.isKernelLogDigit), let prio = Int(fields[0]),
              fields[1].allSatisfy(\.isKernelLogDigit), let sequence = UInt64(fields[1]),
              fields[2].allSatisfy(\.isKernelLogDigit), let usec = UInt64(fields[2])
        else { return nil }
        let flags = fields.count > 3 && !fields[3].isEmpty ? String(fields[3]) : "-"
        return KmsgRecord(level: prio & 7, facility: prio >> 3, sequence: sequence, microseconds: usec,
                          flags: flags, message: unescape(line[line.index(after: semicolon)...]))
    }

    /// Decodes the `\xHH` escapes /dev/kmsg uses for non-printable bytes and backslashes.
    /// A backslash not followed by `x` and two hex digits is kept as it is.
    public static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count,
               utf8[index + 1] == UInt8(ascii: "x"),
               let high = hexValue(utf8[index + 2]), let low = hexValue(utf8[index + 3]) {
                bytes.append(high << 4 | low)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Character {
    var isKernelLogDigit: Bool { isASCII && isNumber }
}

/// `\n` or `\r\n` (one Character in Swift), so console captures with CRLF line ends split too.
func isLineBreak(_ character: Character) -> Bool {
    character == "\n" || character == "\r\n"
}
