/// A recognised report header line.
struct ReportHeader {
    enum Role {
        /// Starts a report of its own.
        case primary
        /// `Oops: 0000 [#1] ...`, `Oops: invalid opcode ...`: part of a preceding BUG/page-fault
        /// report when one is open, else a report of its own.
        case oopsMarker
        /// `WARNING: CPU: ...`: part of a preceding refcount/list-corruption report when open.
        case warningMarker
        /// `kernel BUG at ...!`: part of a preceding list-corruption/refcount report when open.
        case kernelBugMarker
        /// `Kernel panic - not syncing`: marks the open or just-closed report.
        case panicMarker
    }

    enum Source { case kasan, kfence, other }

    var kind: FindingKind
    var role: Role = .primary
    var source: Source = .other
    var detail: String?
    var symbol: ParsedSymbol?
    var location: String?
    var faultAddress: String?
    var task: String?
    var pid: Int?
    var cpu: Int?
    var isOops = false

    /// The header `text` starts, or nil when it starts none. The steps are tried in this
    /// order; each one recognises a family of headers.
    static func parse(_ text: Substring) -> ReportHeader? {
        var text = text
        // Lockdep before 4.15 frames its headline: `[ INFO: possible circular locking dependency detected ]`.
        if text.hasPrefix("[ "), text.hasSuffix(" ]"), text.dropFirst(2).first?.isUppercase == true {
            text = text.dropFirst(2).dropLast(2)
        }
        guard let first = text.first, first.isLetter || first == "-" else { return nil }
        return sanitizer(text) ?? invalidAccess(text) ?? bug(text) ?? generalProtectionOrOops(text)
            ?? corruption(text) ?? warningHeader(text) ?? info(text) ?? ubsan(text) ?? panic(text) ?? leak(text)
    }

    /// kmemleak's block in a log: `unreferenced object 0x... (size N):` as kmemleak prints it
    /// with `kmemleak.verbose=1` (every line after `kmemleak: `), or after syzkaller's
    /// `BUG: memory leak` line (`bug`).
    static func leak(_ text: Substring) -> ReportHeader? {
        let text = text.removingPrefix("kmemleak: ") ?? text
        guard text.hasPrefix("unreferenced object 0x"), text.contains("(size ") else { return nil }
        return ReportHeader(kind: .memoryLeak)
    }

    /// The strings of a lockdep headline after `WARNING: ` or (before 4.15) `INFO: `.
    static let lockdepHeadlines = [
        "possible circular locking dependency detected", "possible recursive locking detected",
        "possible irq lock inversion dependency detected", "inconsistent lock state", "suspicious RCU usage",
        "bad unlock balance detected", "held lock freed", "still has locks held", "Nested lock was not taken",
        "lock held when returning to user space", "trying to register non-static key", "-unsafe lock order detected",
        "Invalid wait context", "possible deadlock",
    ]

    static func isLockdepHeadline(_ text: Substring) -> Bool {
        lockdepHeadlines.contains { text.hasPrefix($0) || (text.contains($0) && $0.first == "-") }
            || text.contains("still has locks held")
    }

    /// `INFO: task ... blocked`, an RCU stall, a lockdep headline of kernels before 4.15.
    /// Other `INFO:` lines (`INFO: lockdep is turned off.`, `INFO: NMI handler ... took too long`) are not reports.
    static func info(_ text: Substring) -> ReportHeader? {
        if let header = hungTask(text) { return header }
        guard let rest = text.removingPrefix("INFO: ") else { return nil }
        if rest.hasPrefix("rcu_"), rest.contains("stall") { return lockup(text) }
        if isLockdepHeadline(rest) { return ReportHeader(kind: .lockdep, detail: String(rest)) }
        return nil
    }

    /// `BUG: KASAN: ...`, `BUG: KFENCE: ...`.
    static func sanitizer(_ text: Substring) -> ReportHeader? {
        if let rest = text.removingPrefix("BUG: KASAN: ") {
            return kasanLike(rest, source: .kasan)
        }
        if let rest = text.removingPrefix("BUG: KFENCE: ") {
            return kfence(rest)
        }
        return nil
    }

    /// A NULL pointer dereference or another page fault the kernel could not handle.
    static func invalidAccess(_ text: Substring) -> ReportHeader? {
        if text.hasPrefix("BUG: kernel NULL pointer dereference")
            || text.hasPrefix("BUG: unable to handle kernel NULL pointer dereference")
            || text.hasPrefix("Unable to handle kernel NULL pointer dereference") {
            return ReportHeader(kind: .nullPointerDereference, faultAddress: faultAddress(in: text))
        }
        if text.hasPrefix("BUG: unable to handle page fault")
            || text.hasPrefix("BUG: unable to handle kernel paging request")
            || text.hasPrefix("Unable to handle kernel paging request") {
            return ReportHeader(kind: .pageFault, faultAddress: faultAddress(in: text))
        }
        return nil
    }

    /// `kernel BUG at file:line!`, a lockup or RCU stall, any other `BUG: `, slub_debug's `BUG cache (...)`.
    static func bug(_ text: Substring) -> ReportHeader? {
        if let rest = text.removingPrefix("kernel BUG at ") {
            var location = rest
            if location.last == "!" { location = location.dropLast() }
            let kind: FindingKind = location.hasPrefix("lib/list_debug.c") ? .listCorruption : .bug
            return ReportHeader(kind: kind, role: .kernelBugMarker, location: String(location))
        }
        if text.contains("BUG: soft lockup") || text.hasPrefix("Watchdog detected hard LOCKUP")
            || (text.hasPrefix("rcu: INFO: rcu_") && text.contains("stall")) {
            return lockup(text)
        }
        if let rest = text.removingPrefix("BUG: ") {
            if rest.hasPrefix("memory leak") { return ReportHeader(kind: .memoryLeak) }
            if rest.hasPrefix("sleeping function called from invalid context") || rest.hasPrefix("scheduling while atomic")
                || (rest.hasPrefix("using ") && rest.contains("in preemptible")) {
                return ReportHeader(kind: .invalidContext, detail: String(rest))
            }
            if isLockdepHeadline(rest) { return ReportHeader(kind: .lockdep, detail: String(rest)) }
            return ReportHeader(kind: .bug, detail: String(rest))
        }
        if text.hasPrefix("BUG "), let close = text.firstRange(of: "): "), text.contains("ainted"),
           !text[close.upperBound...].hasPrefix("kasan") {
            // slub_debug: "BUG kmalloc-1k (Tainted: G    B   ): Poison overwritten"
            return ReportHeader(kind: .slabCorruption, detail: String(text[close.upperBound...]))
        }
        return nil
    }

    /// `Oops: general protection fault ...` (or without `Oops: `), any other `Oops: `.
    static func generalProtectionOrOops(_ text: Substring) -> ReportHeader? {
        if text.hasPrefix("Oops: general protection fault") || text.hasPrefix("general protection fault") {
            return generalProtectionFault(text)
        }
        if text.hasPrefix("Oops: ") || text.hasPrefix("Internal error: ") || text.hasPrefix("invalid opcode: ")
            || text.hasPrefix("divide error: ") || text.hasPrefix("stack segment: ") {
            return ReportHeader(kind: .oops, role: .oopsMarker, isOops: true)
        }
        return nil
    }

    /// `refcount_t: ...`, `list_add corruption ...` and the other CONFIG_DEBUG_LIST messages.
    static func corruption(_ text: Substring) -> ReportHeader? {
        if let rest = text.removingPrefix("refcount_t: ") {
            return ReportHeader(kind: .refcount, detail: String(rest))
        }
        if text.hasPrefix("list_add corruption") || text.hasPrefix("list_del corruption")
            || text.hasPrefix("list_add double add") || text.hasPrefix("list_del double") {
            return ReportHeader(kind: .listCorruption, detail: String(text))
        }
        return nil
    }

    /// `WARNING: ...`.
    static func warningHeader(_ text: Substring) -> ReportHeader? {
        text.removingPrefix("WARNING: ").flatMap(warning)
    }

    /// `INFO: task comm:pid blocked for more than N seconds.`
    static func hungTask(_ text: Substring) -> ReportHeader? {
        guard let rest = text.removingPrefix("INFO: task "),
              let blocked = rest.firstRange(of: " blocked for more than") else { return nil }
        let (task, pid) = splitTaskPid(rest[..<blocked.lowerBound], separator: ":")
        var detail = String(rest[blocked.lowerBound...].dropFirst())
        if detail.last == "." { detail.removeLast() }
        return ReportHeader(kind: .hungTask, detail: detail, task: task, pid: pid)
    }

    /// `UBSAN: check in file:line:col`.
    static func ubsan(_ text: Substring) -> ReportHeader? {
        guard let rest = text.removingPrefix("UBSAN: ") else { return nil }
        var header = ReportHeader(kind: .ubsan, detail: String(rest))
        if let inRange = rest.firstRange(of: " in ") {
            header.detail = String(rest[..<inRange.lowerBound])
            header.location = String(rest[inRange.upperBound...])
        }
        return header
    }

    /// `Kernel panic - not syncing: ...`.
    static func panic(_ text: Substring) -> ReportHeader? {
        guard let rest = text.removingPrefix("Kernel panic - not syncing") else { return nil }
        return ReportHeader(kind: .panic, role: .panicMarker,
                            detail: String(rest.drop(while: { $0 == ":" || $0 == " " })))
    }
}
