/// The prefix a log tool writes before the kernel's text, and what it says about the line.
///
/// - `journalctl -k`, syslog files: `Nov 30 17:19:13 host kernel: TEXT` (the day may be
///   space-padded: `Nov  3`), or with an RFC 3339 time (`journalctl -o short-iso`, rsyslog):
///   `2026-11-30T17:19:13.123456+00:00 host kernel: TEXT`. A line whose program is not
///   `kernel` (`systemd[1]: ...` in /var/log/syslog) is user space, not kernel output.
/// - `dmesg -T`: `[Mon Nov 30 17:19:13 2026] TEXT`.
///
/// What follows the prefix may still hold the kernel's own `[ seconds.micros]` timestamp
/// (rsyslog keeps it); `KernelLogLine.parse(consoleLine:)` reads that next.
struct LogToolPrefix: Equatable {
    /// The text after the prefix, leading spaces kept (call-trace frames start with one).
    var rest: Substring
    /// False for a syslog line of another program than the kernel.
    var isKernel: Bool

    /// The prefix at the start of `line`, or nil when it starts with none of the forms above.
    static func parse(_ line: Substring) -> LogToolPrefix? {
        if line.first == "[" { return dmesgHumanTime(line) }
        guard let afterTime = syslogTime(line) ?? isoTime(line) ?? logreadTime(line) else { return nil }
        return hostAndProgram(afterTime)
    }

    /// OpenWrt's logread: `Sun Sep  1 19:30:19 2019 ` -> the text after it.
    static func logreadTime(_ line: Substring) -> Substring? {
        guard weekdays.contains(String(line.prefix(3))), line.dropFirst(3).first == " ",
              let rest = syslogTime(line.dropFirst(4)) else { return nil }
        let year = rest.prefix(while: \.isKernelLogDigit)
        guard year.count == 4, rest.dropFirst(4).first == " " else { return nil }
        return rest.dropFirst(5)
    }

    /// `[Mon Nov 30 17:19:13 2026] ` -> the text after it.
    static func dmesgHumanTime(_ line: Substring) -> LogToolPrefix? {
        guard let close = line.firstIndex(of: "]") else { return nil }
        let words = line[line.index(after: line.startIndex)..<close].split(separator: " ")
        guard words.count == 5, weekdays.contains(String(words[0])), months.contains(String(words[1])),
              isNumber(words[2], digits: 1...2), isClock(words[3]), isNumber(words[4], digits: 4...4)
        else { return nil }
        var rest = line[line.index(after: close)...]
        if rest.first == " " { rest = rest.dropFirst() }
        return LogToolPrefix(rest: rest, isKernel: true)
    }

    /// `Nov 30 17:19:13 ` or `Nov  3 17:19:13 ` -> the text after it.
    static func syslogTime(_ line: Substring) -> Substring? {
        let month = line.prefix(3)
        guard months.contains(String(month)) else { return nil }
        var rest = line.dropFirst(3)
        guard rest.first == " " else { return nil }
        rest = rest.drop(while: { $0 == " " })
        let day = rest.prefix(while: \.isKernelLogDigit)
        guard isNumber(day, digits: 1...2) else { return nil }
        rest = rest.dropFirst(day.count)
        guard rest.first == " " else { return nil }
        rest = rest.dropFirst()
        let clock = rest.prefix(8)
        guard isClock(clock) else { return nil }
        rest = rest.dropFirst(8)
        guard rest.first == " " else { return nil }
        return rest.dropFirst()
    }

    /// `2026-11-30T17:19:13+0000 `, `2026-11-30T17:19:13.123456+00:00 `, `...Z ` -> the text after it.
    static func isoTime(_ line: Substring) -> Substring? {
        guard let space = line.firstIndex(of: " ") else { return nil }
        let stamp = line[..<space]
        guard stamp.count >= 19 else { return nil }
        let date = stamp.prefix(10)
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, isNumber(parts[0], digits: 4...4), isNumber(parts[1], digits: 2...2),
              isNumber(parts[2], digits: 2...2),
              stamp.dropFirst(10).first == "T", isClock(stamp.dropFirst(11).prefix(8))
        else { return nil }
        let zone = stamp.dropFirst(19)
        guard zone.allSatisfy({ $0.isKernelLogDigit || ".:+-Z".contains($0) }) else { return nil }
        return line[line.index(after: space)...]
    }

    /// `host kernel: TEXT`, `host systemd[1]: TEXT`, `host kernel:` (an empty message), with the
    /// facility and level rsyslog or logread may put before the program: `host kern.warn kernel: TEXT`,
    /// `kern.warn kernel: TEXT`.
    static func hostAndProgram(_ text: Substring) -> LogToolPrefix? {
        if let dot = facilityLevel(text) { return programOnly(dot) ?? hostAndProgram(dot) }
        guard let hostEnd = text.firstIndex(of: " "), hostEnd > text.startIndex else { return nil }
        var afterHost = text[text.index(after: hostEnd)...]
        if let rest = facilityLevel(afterHost) { afterHost = rest }
        let program: Substring
        let rest: Substring
        if let colon = afterHost.firstRange(of: ": ") {
            program = afterHost[..<colon.lowerBound]
            rest = afterHost[colon.upperBound...]
        } else if afterHost.last == ":" {
            program = afterHost.dropLast()
            rest = afterHost[afterHost.endIndex...]
        } else {
            return nil
        }
        guard !program.isEmpty, !program.contains(" ") else { return nil }
        return LogToolPrefix(rest: rest, isKernel: program == "kernel")
    }

    /// `kern.warn ` at the start of `text` -> the text after it.
    static func facilityLevel(_ text: Substring) -> Substring? {
        let word = text.prefix(while: { $0 != " " })
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, facilities.contains(String(parts[0])), levels.contains(String(parts[1])),
              text.dropFirst(word.count).first == " " else { return nil }
        return text.dropFirst(word.count + 1)
    }

    /// `kernel: TEXT` after a facility and level without a host.
    static func programOnly(_ text: Substring) -> LogToolPrefix? {
        guard let rest = text.removingPrefix("kernel: ") ?? text.removingPrefix("kernel:") else { return nil }
        return LogToolPrefix(rest: rest, isKernel: true)
    }

    static let facilities: Set<String> = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
                                          "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4",
                                          "local5", "local6", "local7"]
    static let levels: Set<String> = ["emerg", "alert", "crit", "err", "warn", "warning", "notice", "info", "debug"]

    static let months: Set<String> = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    private static func isNumber(_ text: Substring, digits: ClosedRange<Int>) -> Bool {
        digits.contains(text.count) && text.allSatisfy(\.isKernelLogDigit)
    }

    /// `17:19:13`.
    private static func isClock(_ text: Substring) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { isNumber($0, digits: 2...2) }
    }
}
