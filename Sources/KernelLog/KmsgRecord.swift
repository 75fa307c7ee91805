/// One record read from /dev/kmsg: `prio,seq,usec,flags[,...];message` followed by
/// optional continuation lines ` KEY=VALUE` (device properties such as SUBSYSTEM, DEVICE).
package struct KmsgRecord: Sendable, Hashable, Codable {
    /// The syslog level, `prio & 7`.
    package var level: Int
    /// The syslog facility, `prio >> 3` (0 for the kernel, 1 for user messages written to /dev/kmsg).
    package var facility: Int
    package var sequence: UInt64
    /// Microseconds since boot.
    package var microseconds: UInt64
    /// The flags field: `-` normally, `c` for a continuation fragment (older kernels).
    package var flags: String
    /// The message with `\xHH` escapes decoded; may contain newlines.
    package var message: String
    /// The ` KEY=VALUE` continuation lines.
    package var properties: [String: String]

    package init(level: Int, facility: Int = 0, sequence: UInt64, microseconds: UInt64, flags: String = "-",
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
    package var lines: [KernelLogLine] {
        message.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak).map {
            KernelLogLine(sequence: sequence, microseconds: microseconds, priority: level, facility: facility,
                          text: String($0))
        }
    }

    /// Parses one record as returned by one read(2) of /dev/kmsg: the header line plus
    /// any continuation lines. Returns nil when the header is malformed (fewer than three
    /// numeric fields before `;`, or no `;`).
    package static func parse(_ raw: some StringProtocol) -> KmsgRecord? {
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
    package static func unescape(_ text: Substring) -> String {
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
