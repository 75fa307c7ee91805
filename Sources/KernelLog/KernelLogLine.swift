/// One line of kernel log text, from a /dev/kmsg record or from plain console/dmesg text.
///
/// A /dev/kmsg record whose message holds escaped newlines (`\x0a`) becomes several lines
/// that share the record's sequence number and timestamp, the way the console prints it.
package struct KernelLogLine: Sendable, Hashable, Codable {
    /// The /dev/kmsg sequence number; nil for console text.
    package var sequence: UInt64?
    /// Microseconds since boot: the kmsg timestamp, or the console's `[ seconds.micros]`.
    package var microseconds: UInt64?
    /// The syslog level (0 emergency ... 7 debug), without the facility; nil when unknown.
    package var priority: Int?
    /// The syslog facility of a /dev/kmsg record: 0 for the kernel, 1 and up for messages
    /// user space wrote to /dev/kmsg (which the classifier ignores); 1 also for another
    /// program's line in a syslog file; nil for console text.
    package var facility: Int?
    /// The message text, without timestamp or record header. Leading spaces are kept
    /// (call-trace frames start with one).
    package var text: String

    package init(sequence: UInt64? = nil, microseconds: UInt64? = nil, priority: Int? = nil,
                facility: Int? = nil, text: String) {
        self.sequence = sequence
        self.microseconds = microseconds
        self.priority = priority
        self.facility = facility
        self.text = text
    }

    /// True when the line carries a kernel timestamp or sequence number, i.e. it came
    /// from the kernel's log rather than from something printed alongside it.
    package var isStamped: Bool { sequence != nil || microseconds != nil }

    /// Parses one plain console or dmesg line: an optional log tool prefix (`journalctl -k`,
    /// syslog, `dmesg -T`; see `LogToolPrefix`), an optional `<N>` level prefix, an optional
    /// `[ seconds.micros]` timestamp, an optional printk caller id (`[  T48]`, `[ C0]`) or
    /// `host kernel: ` (`journalctl -o short-monotonic`), then the text. Lines without any of these become text-only lines.
    package static func parse(consoleLine line: Substring) -> KernelLogLine {
        var rest = line
        if rest.last == "\r" { rest = rest.dropLast() }
        var facility: Int?
        if let prefix = LogToolPrefix.parse(rest) {
            rest = prefix.rest
            // Another program's line in a syslog file: user space, not kernel output.
            if !prefix.isKernel { facility = 1 }
        }
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
            // `journalctl -o short-monotonic`: `[   12.345678] host kernel: TEXT`.
            if let prefix = LogToolPrefix.hostAndProgram(rest), prefix.isKernel { rest = prefix.rest }
        }
        return KernelLogLine(microseconds: microseconds, priority: priority, facility: facility, text: String(rest))
    }

    /// Parses text that holds raw /dev/kmsg records (`prio,seq,usec,flags;message` with
    /// ` KEY=VALUE` continuation lines), plain console/dmesg lines, or a mix of both.
    package static func parseLines(_ text: String) -> [KernelLogLine] {
        var lines: [KernelLogLine] = []
        var parser = Parser()
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: isLineBreak) {
            lines.append(contentsOf: parser.parse(raw))
        }
        // A trailing newline yields one empty line at the end; drop it.
        if let last = lines.last, last.text.isEmpty, !last.isStamped { lines.removeLast() }
        return lines
    }

    /// Parses a log one raw line at a time (`parseLines` and `KernelLogStream` use it): it
    /// remembers whether the line before was a /dev/kmsg record, whose ` KEY=VALUE`
    /// continuation lines are dropped.
    package struct Parser: Sendable {
        private var inRecord = false

        package init() {}

        /// The kernel log lines of one raw line, without its line break.
        package mutating func parse(_ raw: Substring) -> [KernelLogLine] {
            if inRecord, KmsgRecord.isContinuationLine(raw) { return [] }
            if let record = KmsgRecord.parse(raw) {
                inRecord = true
                return record.lines
            }
            inRecord = false
            return [KernelLogLine.parse(consoleLine: raw)]
        }
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
