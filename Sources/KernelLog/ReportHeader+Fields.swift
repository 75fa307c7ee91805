/// The readers of a header's fields: the bug type and symbol of a sanitizer header, the
/// fields of a WARNING line, a fault address, a lockup's task.
extension ReportHeader {
    /// `BUG: soft lockup - CPU#0 stuck for 22s! [race:48]`, a hard lockup, an RCU stall.
    static func lockup(_ text: Substring) -> ReportHeader {
        var header = ReportHeader(kind: .lockup, detail: String(text))
        if let open = text.lastIndex(of: "["), let close = text.lastIndex(of: "]"), open < close {
            let (task, pid) = splitTaskPid(text[text.index(after: open)..<close], separator: ":")
            header.task = task
            header.pid = pid
        }
        return header
    }

    /// `general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b9c: 0000 [#1] ...`
    static func generalProtectionFault(_ text: Substring) -> ReportHeader {
        var header = ReportHeader(kind: .generalProtectionFault, isOops: true)
        if let address = text.firstRange(of: "address ") {
            let value = text[address.upperBound...].prefix(while: { $0.isHexDigit || $0 == "x" })
            if !value.isEmpty { header.faultAddress = String(value) }
        }
        if let address = header.faultAddress, address.lowercased().contains("6b6b6b6b") {
            header.detail = "address made of slab free poison (0x6b): a use of freed memory"
        }
        return header
    }


    /// `slab-use-after-free in mutex_lock+0x5e/0x9a [mc]`
    static func kasanLike(_ rest: Substring, source: Source) -> ReportHeader {
        var type = rest
        var header = ReportHeader(kind: .kasan, source: source)
        if let inRange = rest.firstRange(of: " in ") {
            type = rest[..<inRange.lowerBound]
            header.symbol = ParsedSymbol.parse(rest[inRange.upperBound...])
        }
        header.detail = String(type)
        header.kind = kasanKind(type)
        return header
    }

    /// `use-after-free read in media_device_get_info+0x3e/0x1cc`
    static func kfence(_ rest: Substring) -> ReportHeader {
        var header = kasanLike(rest, source: .kfence)
        if rest.hasPrefix("memory corruption") { header.kind = .kasan }
        return header
    }

    static func kasanKind(_ type: some StringProtocol) -> FindingKind {
        if type.contains("use-after-free") { return .useAfterFree }
        if type.contains("null-ptr-deref") { return .nullPointerDereference }
        if type.contains("double-free") || type.contains("invalid-free") { return .doubleFree }
        if type.contains("out-of-bounds") { return .outOfBounds }
        return .kasan
    }

    /// `CPU: 0 PID: 48 at drivers/media/mc/mc-devnode.c:123 media_devnode_release+0x12/0x34 [mc]`,
    /// `kernel/x.c:12 at func+0x1/0x2, CPU#0: comm/48` (newer), or a lockdep headline.
    /// Any other `WARNING:` line is a driver's own printk, not a report.
    static func warning(_ rest: Substring) -> ReportHeader? {
        guard isLocationWarning(rest) else {
            return isLockdepHeadline(rest) ? ReportHeader(kind: .lockdep, detail: String(rest)) : nil
        }
        var header = ReportHeader(kind: .warning, role: .warningMarker)
        let words = rest.split(separator: " ")
        for (index, word) in words.enumerated() {
            if word == "CPU:", index + 1 < words.count { header.cpu = Int(words[index + 1]) }
            if word == "PID:", index + 1 < words.count { header.pid = Int(words[index + 1]) }
            if word.hasPrefix("CPU#") {
                header.cpu = Int(word.dropFirst(4).prefix(while: \.isNumber))
                if index + 1 < words.count {
                    let (task, pid) = splitTaskPid(words[index + 1], separator: "/")
                    header.task = task
                    header.pid = pid ?? header.pid
                }
            }
            if header.symbol == nil, word.contains("+0x"), let symbol = ParsedSymbol.parse(words[index...].joined(separator: " ")[...]) {
                header.symbol = symbol
            }
            if header.location == nil, !word.contains("+0x"), word.contains("/") || word.contains(".c:") || word.contains(".h:"),
               let colon = word.lastIndex(of: ":"), word.index(after: colon) < word.endIndex,
               word[word.index(after: colon)...].allSatisfy(\.isNumber) {
                header.location = String(word)
            }
        }
        // The checkers that warn through __warn(): the kind is theirs.
        if let location = header.location {
            if location.contains("lib/refcount.c") { header.kind = .refcount }
            if location.contains("lib/list_debug.c") { header.kind = .listCorruption }
            if location.contains("kernel/locking/lockdep.c") { header.kind = .lockdep }
        }
        return header
    }

    /// The forms of `__warn()`: `CPU: 0 PID: 1 at FILE:LINE FUNC+off` (3.x to 6.x, also with
    /// `FUNC+off/size()` before 4.x), `at FILE:LINE FUNC()` (2.6), `FILE:LINE at FUNC+off, CPU#0: comm/1`
    /// (6.16), `[comm] FILE:LINE at ...`.
    static func isLocationWarning(_ rest: Substring) -> Bool {
        if rest.hasPrefix("CPU: "), rest.contains(" at ") { return true }
        if rest.hasPrefix("at "), rest.dropFirst(3).prefix(while: { $0 != " " }).contains(":") { return true }
        var words = rest.split(separator: " ", maxSplits: 3)[...]
        if words.first?.hasPrefix("[") == true { words = words.dropFirst() }
        guard words.count >= 3, words[words.startIndex + 1] == "at" else { return false }
        let location = words[words.startIndex]
        guard let colon = location.lastIndex(of: ":") else { return false }
        return location[..<colon].contains(".") && location[location.index(after: colon)...].allSatisfy(\.isKernelLogDigit)
    }

    /// `address: 0000000000000008`, `at 0000000000000008`, `at virtual address 0000000000000008`.
    static func faultAddress(in text: Substring) -> String? {
        for marker in ["address: ", "virtual address ", "address ", " at "] {
            if let range = text.firstRange(of: marker) {
                let value = text[range.upperBound...].prefix(while: { $0.isHexDigit || $0 == "x" })
                if !value.isEmpty { return String(value) }
            }
        }
        return nil
    }
}
