/// Finds kernel reports (KASAN, oops, BUG, WARNING, refcount, list corruption, lockdep,
/// hung task, UBSAN ...) in kernel log lines and describes each one.
///
/// A small state machine: a report begins at a recognised header line and ends at the
/// next header, at a closing line (`---[ end trace ...`, a `=====` rule), or after
/// `maximumReportLines` lines. Lines of the report are read for the call trace, the
/// faulting function, the task, the access. Unrelated lines are ignored: lines outside
/// reports, untimestamped lines in a log that has timestamped ones (firmware or user
/// space printing on the console), and records user space wrote to /dev/kmsg. A header
/// repeated later with the same timestamp (a log that echoes its own summary) is not a
/// new report.
public struct KernelLogClassifier: Sendable {
    /// A report is cut after this many lines.
    public var maximumReportLines: Int
    /// How many of a report's lines a finding keeps.
    public var maximumKeptLines: Int
    /// How many frames a finding keeps.
    public var maximumFrames: Int

    public init(maximumReportLines: Int = 400, maximumKeptLines: Int = 80, maximumFrames: Int = 8) {
        self.maximumReportLines = max(1, maximumReportLines)
        self.maximumKeptLines = max(1, maximumKeptLines)
        self.maximumFrames = max(1, maximumFrames)
    }

    /// The findings in `lines`, in log order.
    public func classify(_ lines: [KernelLogLine]) -> [KernelFinding] {
        var machine = ClassifierMachine(configuration: self, stampedLog: lines.contains(where: \.isStamped))
        for line in lines { machine.consume(line) }
        return machine.finish()
    }

    /// The findings in raw /dev/kmsg records, console text or dmesg output.
    public func classify(text: String) -> [KernelFinding] {
        classify(KernelLogLine.parseLines(text))
    }

    /// Groups findings by signature, in order of first appearance, with their counts.
    public static func deduplicated(_ findings: [KernelFinding]) -> [DeduplicatedFinding] {
        var result: [DeduplicatedFinding] = []
        var indexBySignature: [String: Int] = [:]
        for finding in findings {
            if let index = indexBySignature[finding.signature] {
                result[index].count += 1
            } else {
                indexBySignature[finding.signature] = result.count
                result.append(DeduplicatedFinding(finding: finding, count: 1))
            }
        }
        return result
    }
}

// MARK: - Headers

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

    static func parse(_ text: Substring) -> ReportHeader? {
        guard let first = text.first, first.isLetter || first == "-" else { return nil }

        if let rest = text.removingPrefix("BUG: KASAN: ") {
            return kasanLike(rest, source: .kasan)
        }
        if let rest = text.removingPrefix("BUG: KFENCE: ") {
            return kfence(rest)
        }
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
        if let rest = text.removingPrefix("kernel BUG at ") {
            var location = rest
            if location.last == "!" { location = location.dropLast() }
            return ReportHeader(kind: .bug, role: .kernelBugMarker, location: String(location))
        }
        if text.contains("BUG: soft lockup") || text.hasPrefix("Watchdog detected hard LOCKUP")
            || (text.hasPrefix("rcu: INFO: rcu_") && text.contains("stall")) {
            var header = ReportHeader(kind: .lockup, detail: String(text))
            if let open = text.lastIndex(of: "["), let close = text.lastIndex(of: "]"), open < close {
                let (task, pid) = splitTaskPid(text[text.index(after: open)..<close], separator: ":")
                header.task = task
                header.pid = pid
            }
            return header
        }
        if let rest = text.removingPrefix("BUG: ") {
            return ReportHeader(kind: .bug, detail: String(rest))
        }
        if text.hasPrefix("BUG "), let close = text.firstRange(of: "): "), text.contains("ainted") {
            // slub_debug: "BUG kmalloc-1k (Tainted: G    B   ): Poison overwritten"
            return ReportHeader(kind: .slabCorruption, detail: String(text[close.upperBound...]))
        }
        if text.hasPrefix("Oops: general protection fault") || text.hasPrefix("general protection fault") {
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
        if text.hasPrefix("Oops: ") || text.hasPrefix("Internal error: Oops") {
            return ReportHeader(kind: .oops, role: .oopsMarker, isOops: true)
        }
        if let rest = text.removingPrefix("refcount_t: ") {
            return ReportHeader(kind: .refcount, detail: String(rest))
        }
        if text.hasPrefix("list_add corruption") || text.hasPrefix("list_del corruption")
            || text.hasPrefix("list_add double add") || text.hasPrefix("list_del double") {
            return ReportHeader(kind: .listCorruption, detail: String(text))
        }
        if let rest = text.removingPrefix("WARNING: ") {
            return warning(rest)
        }
        if let rest = text.removingPrefix("INFO: task "), let blocked = rest.firstRange(of: " blocked for more than") {
            let (task, pid) = splitTaskPid(rest[..<blocked.lowerBound], separator: ":")
            var detail = String(rest[blocked.lowerBound...].dropFirst())
            if detail.last == "." { detail.removeLast() }
            return ReportHeader(kind: .hungTask, detail: detail, task: task, pid: pid)
        }
        if let rest = text.removingPrefix("UBSAN: ") {
            var header = ReportHeader(kind: .ubsan, detail: String(rest))
            if let inRange = rest.firstRange(of: " in ") {
                header.detail = String(rest[..<inRange.lowerBound])
                header.location = String(rest[inRange.upperBound...])
            }
            return header
        }
        if let rest = text.removingPrefix("Kernel panic - not syncing") {
            return ReportHeader(kind: .panic, role: .panicMarker,
                                detail: String(rest.drop(while: { $0 == ":" || $0 == " " })))
        }
        return nil
    }

    /// `slab-use-after-free in mutex_lock+0x5e/0x9a [mc]`
    private static func kasanLike(_ rest: Substring, source: Source) -> ReportHeader {
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
    private static func kfence(_ rest: Substring) -> ReportHeader {
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
    private static func warning(_ rest: Substring) -> ReportHeader? {
        let isLocationWarning = rest.hasPrefix("CPU: ") || rest.contains("+0x")
        guard isLocationWarning else {
            let lockdepWords = ["lock", "RCU", "irq", "IRQ", "deadlock"]
            let kind: FindingKind = lockdepWords.contains(where: { rest.contains($0) }) ? .lockdep : .warning
            return ReportHeader(kind: kind, detail: String(rest))
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
               let colon = word.lastIndex(of: ":"), word[word.index(after: colon)...].allSatisfy(\.isNumber) {
                header.location = String(word)
            }
        }
        return header
    }

    /// `address: 0000000000000008`, `at 0000000000000008`, `at virtual address 0000000000000008`.
    private static func faultAddress(in text: Substring) -> String? {
        for marker in ["address: ", "virtual address ", "address ", " at "] {
            if let range = text.firstRange(of: marker) {
                let value = text[range.upperBound...].prefix(while: { $0.isHexDigit || $0 == "x" })
                if !value.isEmpty { return String(value) }
            }
        }
        return nil
    }
}

/// Splits `comm:pid` / `comm/pid` at the last separator; comm may itself hold separators
/// (`kworker/0:1:123`).
fileprivate func splitTaskPid(_ text: some StringProtocol, separator: Character) -> (String?, Int?) {
    let text = Substring(text)
    guard let index = text.lastIndex(of: separator),
          let pid = Int(text[text.index(after: index)...]) else {
        return (text.isEmpty ? nil : String(text), nil)
    }
    let task = text[..<index]
    return (task.isEmpty ? nil : String(task), pid)
}

// MARK: - Symbols and frames

/// `__mutex_lock.constprop.0+0x5f5/0x6f0 [mc]` -> `__mutex_lock`, `+0x5f5/0x6f0`, `mc`.
struct ParsedSymbol: Equatable {
    var function: String
    var offset: String
    var module: String?

    /// Parses a symbol token at the start of `text`, with an optional ` [module]` after it.
    static func parse(_ text: Substring) -> ParsedSymbol? {
        let text = text.drop(while: { $0 == " " || $0 == "\t" })
        let tokenEnd = text.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "," }) ?? text.endIndex
        let token = text[..<tokenEnd]
        guard let plus = token.firstRange(of: "+0x") else { return nil }
        let name = token[..<plus.lowerBound]
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "$") })
        else { return nil }
        let offsetText = token[plus.lowerBound...]
        let hexRun = offsetText.dropFirst(3).prefix(while: \.isHexDigit)
        guard !hexRun.isEmpty else { return nil }
        var offset = "+0x" + hexRun
        let afterHex = offsetText.dropFirst(3 + hexRun.count)
        if afterHex.hasPrefix("/0x") {
            let size = afterHex.dropFirst(3).prefix(while: \.isHexDigit)
            offset += "/0x" + size
        }
        var module: String?
        let after = text[tokenEnd...].drop(while: { $0 == " " || $0 == "\t" || $0 == "," })
        if after.first == "[", let close = after.firstIndex(of: "]") {
            let inside = after[after.index(after: after.startIndex)..<close]
            if let word = inside.split(separator: " ").first,
               word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
                module = String(word)
            }
        }
        return ParsedSymbol(function: normalizedFunction(name), offset: offset, module: module)
    }

    /// Removes compiler suffixes: `__mutex_lock.constprop.0` -> `__mutex_lock`.
    static func normalizedFunction(_ name: some StringProtocol) -> String {
        if let dot = name.firstIndex(of: "."), dot > name.startIndex { return String(name[..<dot]) }
        return String(name)
    }

    var frame: StackFrame { StackFrame(function: function, module: module) }
}

/// A call-trace line: ` media_device_ioctl+0x16e/0x1b0 [mc]`, ` ? sigprocmask+0x9e/0xd0`,
/// ` [<ffffffff8108a3b5>] func+0x1/0x2`.
struct ParsedFrame {
    var frame: StackFrame
    var isReliable: Bool

    static func parse(_ text: Substring) -> ParsedFrame? {
        var rest = text.drop(while: { $0 == " " || $0 == "\t" })
        if rest.hasPrefix("[<") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            rest = rest[rest.index(after: close)...].drop(while: { $0 == " " })
        }
        var reliable = true
        if rest.hasPrefix("? ") {
            reliable = false
            rest = rest.dropFirst(2)
        }
        guard let symbol = ParsedSymbol.parse(rest) else { return nil }
        return ParsedFrame(frame: symbol.frame, isReliable: reliable)
    }
}

/// Frames that belong to the reporting machinery rather than to the bug.
enum FrameSets {
    static let reporting: Set<String> = [
        "dump_stack_lvl", "dump_stack", "show_stack", "show_trace_log_lvl", "__dump_stack",
        "print_report", "print_address_description", "kasan_report", "__kasan_report", "kasan_check_range",
        "check_memory_region", "kasan_report_invalid_free", "kasan_report_double_free", "kasan_bad_access",
        "kfence_report_error", "kfence_handle_page_fault", "kfence_guarded_free",
        "ubsan_epilogue", "ubsan_prologue",
        "__warn", "warn_slowpath_fmt", "__warn_printk", "report_bug", "handle_bug", "exc_invalid_op",
        "asm_exc_invalid_op", "do_trap", "do_error_trap", "die", "__die", "__die_body", "die_addr",
        "page_fault_oops", "kernelmode_fixup_or_oops", "__bad_area_nosemaphore", "bad_area_nosemaphore",
        "do_user_addr_fault", "exc_page_fault", "asm_exc_page_fault", "exc_general_protection",
        "asm_exc_general_protection", "fixup_exception", "no_context", "do_kern_addr_fault",
        "refcount_warn_saturate", "refcount_dec_not_one", "__list_add_valid_or_report",
        "__list_del_entry_valid_or_report", "__list_add_valid", "__list_del_entry_valid",
        "panic", "lockdep_rcu_suspicious", "print_circular_bug", "print_deadlock_bug", "check_noncircular",
        "check_prev_add", "check_prevs_add", "validate_chain", "__lock_acquire", "lock_acquire", "lock_release",
        "check_deadlock", "print_usage_bug", "valid_state", "mark_lock", "mark_lock_irq", "mark_usage",
        "print_unlock_imbalance_bug", "lock_is_held_type", "__might_resched", "__might_sleep", "__might_fault",
        "slab_err", "object_err", "check_bytes_and_report", "check_object", "free_debug_processing",
        "alloc_debug_processing", "print_trailer",
    ]
    static let reportingPrefixes = ["__asan_", "__hwasan_", "__kasan_", "kasan_", "__ubsan_handle_", "__kfence_"]

    /// Where a blocked task waits; skipped when naming the function of a hung task or lockdep report.
    static let waiting: Set<String> = [
        "__schedule", "schedule", "schedule_preempt_disabled", "schedule_timeout", "io_schedule",
        "schedule_timeout_uninterruptible", "schedule_timeout_interruptible", "__mutex_lock",
        "mutex_lock", "mutex_lock_nested", "mutex_lock_killable", "mutex_lock_interruptible",
        "__mutex_lock_slowpath", "__mutex_lock_killable_slowpath", "__mutex_lock_interruptible_slowpath",
        "rwsem_down_read_slowpath", "rwsem_down_write_slowpath", "down_read", "down_write", "down",
        "down_killable", "down_interruptible", "__down", "__down_common", "__down_killable",
        "_raw_spin_lock", "_raw_spin_lock_irq", "_raw_spin_lock_irqsave", "_raw_spin_lock_bh",
        "__wait_for_common", "wait_for_completion", "wait_for_completion_killable",
        "wait_for_completion_interruptible", "wait_for_completion_timeout", "do_wait_for_common",
        "__flush_work", "flush_work", "__synchronize_srcu", "synchronize_srcu", "synchronize_rcu",
        "__wait_rcu_gp", "synchronize_rcu_normal", "msleep", "usleep_range_state",
    ]

    static func isReporting(_ function: String) -> Bool {
        reporting.contains(function) || reportingPrefixes.contains(where: { function.hasPrefix($0) })
    }
}

// MARK: - Report builder

/// A report being read, line by line.
struct ReportBuilder {
    enum Section { case none, main, allocation, free, other }

    var header: ReportHeader
    var title: String
    var firstSequence: UInt64?
    var firstMicroseconds: UInt64?

    var kind: FindingKind
    var detail: String?
    var headerSymbol: ParsedSymbol?
    var warningSymbol: ParsedSymbol?
    var ripSymbol: ParsedSymbol?
    var location: String?
    var faultAddress: String?
    var task: String?
    var pid: Int?
    var cpu: Int?
    var taintFlags: String?
    var access: MemoryAccess?
    var slabCache: String?
    var isOops: Bool
    var noteKilled = false
    var panicked = false

    var section: Section = .none
    var traceStarted = false
    var traceEnded = false
    var sawTaskMarkers = false
    var mainFrames: [StackFrame] = []
    var allocationPid: Int?
    var allocationFrames: [StackFrame]?
    var freePid: Int?
    var freeFrames: [StackFrame]?

    var lines: [String] = []
    var lineCount = 0
    var omitted = 0
    var sawClosingLine = false

    init(header: ReportHeader, line: KernelLogLine, title: Substring) {
        self.header = header
        self.title = String(title)
        firstSequence = line.sequence
        firstMicroseconds = line.microseconds
        kind = header.kind
        detail = header.detail
        headerSymbol = header.symbol
        location = header.location
        faultAddress = header.faultAddress
        task = header.task
        pid = header.pid
        cpu = header.cpu
        isOops = header.isOops
        if header.role == .warningMarker { warningSymbol = header.symbol; headerSymbol = nil }
        if header.kind == .panic { panicked = true }
    }

    /// Whether `next`, a header that arrived while this report is open, belongs to it.
    func absorbs(_ next: ReportHeader) -> Bool {
        if next.role == .panicMarker { return true }
        guard !traceStarted, lineCount <= 20 else { return false }
        switch next.role {
        case .oopsMarker:
            return header.source == .other && kind != .warning && kind != .lockdep && kind != .hungTask
        case .warningMarker, .kernelBugMarker:
            return kind == .refcount || kind == .listCorruption
        case .primary, .panicMarker:
            return false
        }
    }

    mutating func absorb(_ next: ReportHeader) {
        switch next.role {
        case .panicMarker:
            panicked = true
        case .oopsMarker:
            isOops = true
        case .warningMarker, .kernelBugMarker:
            if warningSymbol == nil { warningSymbol = next.symbol }
            location = location ?? next.location
            pid = pid ?? next.pid
            cpu = cpu ?? next.cpu
            task = task ?? next.task
        case .primary:
            break
        }
    }

    /// A `------------[ cut here ]------------` line ends the report unless the report is a
    /// refcount/list-corruption message still waiting for its WARNING or BUG.
    var continuesThroughCutHere: Bool {
        !traceStarted && lineCount <= 20 && (kind == .refcount || kind == .listCorruption)
    }

    mutating func append(_ text: String, limit: Int) {
        lineCount += 1
        if lines.count < limit { lines.append(text) } else { omitted += 1 }
    }

    /// Reads what a line of the report says.
    mutating func interpret(_ text: Substring) {
        if updateSection(text) { return }
        if let frame = ParsedFrame.parse(text) {
            guard frame.isReliable else { return }
            switch section {
            case .main:
                mainFrames.append(frame.frame)
            case .allocation:
                allocationFrames?.append(frame.frame)
            case .free:
                freeFrames?.append(frame.frame)
            case .none, .other:
                break
            }
            return
        }
        if text.hasPrefix("Code: "), !sawTaskMarkers, section == .main {
            section = .none
            traceEnded = true
        }
        if let rest = text.removingPrefix("CPU: ") { readCPULine(rest); return }
        if readInstructionPointer(text) { return }
        if text.hasPrefix("Read of size ") || text.hasPrefix("Write of size ") { readKasanAccess(text); return }
        if let rest = text.removingPrefix("#PF: ") { readPageFaultAccess(rest, line: text); return }
        if let rest = text.removingPrefix("KASAN: ") {
            // On a general protection fault: "KASAN: null-ptr-deref in range [...]",
            // "KASAN: maybe wild-memory-access in range [...]".
            detail = String(rest)
            if rest.hasPrefix("null-ptr-deref") { kind = .nullPointerDereference }
            return
        }
        if let range = text.firstRange(of: "which belongs to the cache ") {
            let name = text[range.upperBound...].prefix(while: { $0 != " " })
            if !name.isEmpty { slabCache = String(name) }
            return
        }
        if let rest = text.removingPrefix("note: "), rest.contains(" exited with") { noteKilled = true; return }
        if let range = text.firstRange(of: " is trying to acquire lock") ?? text.firstRange(of: " is trying to release lock"),
           task == nil {
            let (name, number) = splitTaskPid(text[..<range.lowerBound], separator: "/")
            task = name
            pid = number
            return
        }
        if let rest = text.removingPrefix("task:"), task == nil {
            // "task:race state:D stack:0 pid:48 tgid:48 ppid:1 flags:0x00004002"
            task = String(rest.prefix(while: { $0 != " " }))
            if let range = rest.firstRange(of: " pid:") { pid = Int(rest[range.upperBound...].prefix(while: \.isNumber)) }
            return
        }
        if taintFlags == nil {
            if text.contains("Not tainted") { taintFlags = "" } else if let range = text.firstRange(of: "Tainted: ") {
                readTaint(text[range.upperBound...])
            }
        }
    }

    /// Handles call-trace section markers; true when the line was one.
    private mutating func updateSection(_ text: Substring) -> Bool {
        switch text {
        case "Call Trace:", "Call trace:":
            if !traceStarted {
                traceStarted = true
                section = .main
            } else {
                section = .other
            }
            return true
        case "<TASK>", "<IRQ>", "</IRQ>", "<NMI>", "</NMI>", "<SOFTIRQ>", "</SOFTIRQ>", "<#DF>", "</#DF>":
            sawTaskMarkers = true
            return true
        case "</TASK>":
            if section == .main {
                section = .none
                traceEnded = true
            }
            return true
        default:
            break
        }
        if let rest = text.removingPrefix("Allocated by task ") ?? text.removingPrefix("allocated by task ") {
            section = .allocation
            allocationPid = Int(rest.prefix(while: \.isNumber))
            allocationFrames = []
            return true
        }
        if let rest = text.removingPrefix("Freed by task ") ?? text.removingPrefix("freed by task ") {
            section = .free
            freePid = Int(rest.prefix(while: \.isNumber))
            freeFrames = []
            return true
        }
        if header.source == .kfence, !traceStarted, text.hasSuffix("):") || text.hasSuffix(":"),
           text.contains(" at 0x") {
            // KFENCE: "Use-after-free read at 0x... (in kfence-#12):" is followed by the frames.
            traceStarted = true
            section = .main
            return true
        }
        if text.hasSuffix(":"), section != .none {
            // "Last potentially related work creation:", "Memory state around the buggy address:" ...
            if section == .main { traceEnded = true }
            section = .none
            return false
        }
        if text.hasPrefix("The buggy address") || text.hasPrefix("Modules linked in:") {
            if section == .main { traceEnded = true }
            section = .none
        }
        return false
    }

    /// `0 UID: 0 PID: 48 Comm: race Not tainted 6.12.117+ #1`
    private mutating func readCPULine(_ rest: Substring) {
        if cpu == nil { cpu = Int(rest.prefix(while: \.isNumber)) }
        if let range = rest.firstRange(of: "PID: ") {
            let value = Int(rest[range.upperBound...].prefix(while: \.isNumber))
            if pid == nil { pid = value }
        }
        if let range = rest.firstRange(of: "Comm: ") {
            let after = rest[range.upperBound...]
            let end = after.firstRange(of: " Not tainted")?.lowerBound ?? after.firstRange(of: " Tainted:")?.lowerBound
                ?? after.firstIndex(of: " ") ?? after.endIndex
            let comm = after[..<end]
            if task == nil, !comm.isEmpty { task = String(comm) }
        }
        if taintFlags == nil {
            if rest.contains("Not tainted") { taintFlags = "" } else if let range = rest.firstRange(of: "Tainted: ") {
                readTaint(rest[range.upperBound...])
            }
        }
    }

    /// `G    B              6.12.117+ #1` -> "GB". `[B]=BAD_PAGE` lines are not flags.
    private mutating func readTaint(_ text: Substring) {
        guard text.first != "[" else { return }
        let flags = text.prefix(while: { $0 == " " || ($0.isLetter && $0.isUppercase) })
        // The release starts with a digit; a trailing capital run glued to it is not possible.
        let compact = flags.filter { $0 != " " }
        if !compact.isEmpty { taintFlags = String(compact) }
    }

    /// `RIP: 0010:__mutex_lock.constprop.0+0x5f5/0x6f0`, `pc : func+0x1/0x2 [mc]`, `EIP: func+0x1/0x2`.
    private mutating func readInstructionPointer(_ text: Substring) -> Bool {
        var symbolText: Substring?
        if let rest = text.removingPrefix("RIP: ") {
            guard let colon = rest.firstIndex(of: ":") else { return true }
            let segment = rest[..<colon]
            // 0033 / 002b / 0023: user mode.
            guard segment != "0033", segment != "002b", segment != "0023" else { return true }
            symbolText = rest[rest.index(after: colon)...]
        } else if let rest = text.removingPrefix("EIP: ") ?? text.removingPrefix("pc : ") ?? text.removingPrefix("PC is at ") {
            symbolText = rest
        } else {
            return false
        }
        if ripSymbol == nil, let symbolText, let symbol = ParsedSymbol.parse(symbolText) {
            ripSymbol = symbol
        }
        return true
    }

    /// `Write of size 8 at addr ffff88800016cd28 by task race/48`
    private mutating func readKasanAccess(_ text: Substring) {
        guard access == nil else { return }
        let words = text.split(separator: " ")
        let operation: MemoryAccess.Operation = text.hasPrefix("Write") ? .write : .read
        var size: Int?
        var address: String?
        for (index, word) in words.enumerated() where index + 1 < words.count {
            if word == "size" { size = Int(words[index + 1]) }
            if word == "addr" { address = String(words[index + 1]) }
        }
        access = MemoryAccess(operation: operation, size: size, address: address, line: String(text))
        if let range = text.firstRange(of: " by task ") {
            let (name, number) = splitTaskPid(text[range.upperBound...], separator: "/")
            task = name ?? task
            pid = number ?? pid
        }
    }

    /// `supervisor read access in kernel mode`
    private mutating func readPageFaultAccess(_ rest: Substring, line: Substring) {
        guard access == nil, rest.contains(" access ") || rest.contains("instruction fetch") else { return }
        let operation: MemoryAccess.Operation =
            rest.contains("instruction fetch") ? .instructionFetch
            : rest.contains("write access") ? .write
            : rest.contains("read access") ? .read : .unknown
        access = MemoryAccess(operation: operation, address: faultAddress, line: String(line))
    }

    /// Turns the builder into a finding.
    func finding(maximumFrames: Int) -> KernelFinding {
        let reliable = mainFrames
        // The faulting function: the header's, the WARNING line's, the instruction pointer's,
        // else the first frame that is not reporting or waiting machinery.
        var symbol = headerSymbol ?? warningSymbol ?? ripSymbol
        if let current = symbol, FrameSets.isReporting(current.function) {
            symbol = nil
        }
        var function = symbol?.function
        if function == nil {
            let skipWaiting = kind == .hungTask || kind == .lockdep
            function = reliable.first(where: {
                !FrameSets.isReporting($0.function) && !(skipWaiting && FrameSets.waiting.contains($0.function))
            })?.function
        }

        var frames: [StackFrame]
        if let function, let index = reliable.firstIndex(where: { $0.function == function }) {
            frames = Array(reliable[index...])
        } else {
            frames = Array(reliable.drop(while: { FrameSets.isReporting($0.function) }))
            if let symbol { frames.insert(symbol.frame, at: 0) }
        }
        frames = Array(frames.prefix(maximumFrames))

        let module = symbol?.module ?? frames.first(where: { $0.function == function })?.module
            ?? frames.compactMap(\.module).first

        func history(_ pid: Int?, _ frames: [StackFrame]?) -> ObjectHistory? {
            guard let frames else { return nil }
            let useful = frames.drop(while: { FrameSets.isReporting($0.function) })
            return ObjectHistory(pid: pid, frames: Array(useful.prefix(maximumFrames)))
        }

        return KernelFinding(
            kind: kind, title: title, detail: detail, function: function,
            functionOffset: symbol?.offset, module: module, sourceLocation: location, frames: frames,
            allocatedBy: history(allocationPid, allocationFrames), freedBy: history(freePid, freeFrames),
            access: access, faultAddress: faultAddress, slabCache: slabCache,
            task: task, pid: pid, cpu: cpu, taintFlags: taintFlags,
            taskKilled: isOops || noteKilled, kernelPanicked: panicked,
            isComplete: sawClosingLine || traceEnded,
            lines: lines, omittedLineCount: omitted,
            firstSequence: firstSequence, firstMicroseconds: firstMicroseconds)
    }
}

// MARK: - State machine

struct ClassifierMachine {
    let configuration: KernelLogClassifier
    private var builders: [ReportBuilder] = []
    private var openIndex: Int?
    /// The report that just closed with `---[ end trace`, for the lines that follow it
    /// (`note: comm[pid] exited with ...`, `Kernel panic - not syncing`).
    private var trailerIndex: Int?
    private var trailerRemaining = 0
    private var seenHeaders: Set<HeaderKey> = []
    /// In a log with timestamped kernel lines, untimestamped ones are text printed
    /// alongside (firmware, user space on the console), not kernel output.
    private let stampedLog: Bool

    private struct HeaderKey: Hashable {
        var stamp: UInt64
        var isSequence: Bool
        var text: Substring
    }

    init(configuration: KernelLogClassifier, stampedLog: Bool) {
        self.configuration = configuration
        self.stampedLog = stampedLog
    }

    mutating func consume(_ line: KernelLogLine) {
        // Messages user space wrote to /dev/kmsg are not kernel reports.
        if let facility = line.facility, facility != 0 { return }
        if stampedLog, !line.isStamped { return }
        let text = trimmed(line.text)

        if let header = ReportHeader.parse(text) {
            if let key = headerKey(line, text) {
                // The same header with the same timestamp again: an echo (a log that prints
                // its own summary), not a new report.
                guard seenHeaders.insert(key).inserted else { return }
            }
            if let open = openIndex, builders[open].absorbs(header) {
                builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
                builders[open].absorb(header)
                return
            }
            if header.role == .panicMarker, openIndex == nil, let trailer = trailerIndex, trailerRemaining > 0 {
                builders[trailer].panicked = true
                return
            }
            closeOpen()
            trailerIndex = nil
            var builder = ReportBuilder(header: header, line: line, title: text)
            builder.append(String(line.text), limit: configuration.maximumKeptLines)
            builders.append(builder)
            openIndex = builders.count - 1
            return
        }

        guard let open = openIndex else {
            readTrailer(line, text)
            return
        }

        if text.hasPrefix("---[ end trace") || text.hasPrefix("---[ end Kernel panic") {
            builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            builders[open].sawClosingLine = true
            closeOpen()
            trailerIndex = open
            trailerRemaining = 40
            return
        }
        if isRule(text) {
            builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            builders[open].sawClosingLine = true
            closeOpen()
            return
        }
        if text.hasPrefix("------------[ cut here ]") {
            if builders[open].continuesThroughCutHere {
                builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            } else {
                closeOpen()
            }
            return
        }
        if builders[open].kind == .slabCorruption, text.hasPrefix("FIX ") {
            builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
            builders[open].sawClosingLine = true
            closeOpen()
            return
        }

        builders[open].append(String(line.text), limit: configuration.maximumKeptLines)
        builders[open].interpret(text)
        if builders[open].lineCount >= configuration.maximumReportLines {
            closeOpen()
        }
    }

    mutating func finish() -> [KernelFinding] {
        closeOpen()
        return builders.map { $0.finding(maximumFrames: configuration.maximumFrames) }
    }

    private mutating func closeOpen() {
        openIndex = nil
    }

    private mutating func readTrailer(_ line: KernelLogLine, _ text: Substring) {
        guard let trailer = trailerIndex, trailerRemaining > 0 else { return }
        trailerRemaining -= 1
        if let rest = text.removingPrefix("note: "), rest.contains(" exited with") {
            builders[trailer].noteKilled = true
        }
    }

    private func headerKey(_ line: KernelLogLine, _ text: Substring) -> HeaderKey? {
        if let micros = line.microseconds { return HeaderKey(stamp: micros, isSequence: false, text: text) }
        if let sequence = line.sequence { return HeaderKey(stamp: sequence, isSequence: true, text: text) }
        return nil
    }

    /// A line of at least 20 `=` (KASAN, UBSAN, lockdep, slub_debug use them around reports).
    private func isRule(_ text: Substring) -> Bool {
        text.count >= 20 && text.allSatisfy { $0 == "=" }
    }

    private func trimmed(_ text: String) -> Substring {
        var result = text[...].drop(while: { $0 == " " || $0 == "\t" })
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}

fileprivate extension Substring {
    /// The rest of the string after `prefix`, or nil when it does not start with it.
    func removingPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
