/// The title syzbot gives a report (`KASAN: slab-use-after-free Read in media_device_get_info`,
/// `WARNING in vb2_core_reqbufs`, `INFO: task hung in media_device_unregister`), so a finding
/// can be looked up on syzbot and lore. The rules are those of syzkaller's pkg/report for
/// the kinds this classifier knows, read from its source and test data; the code is ours.
struct ReportTitle {
    /// What the title is built from.
    struct Input {
        var kind: FindingKind
        var header: String
        var headerFunction: String?
        var warningFunction: String?
        var warningLocation: String?
        var ripFunction: String?
        var traceFunctions: [String]
        var lockFunctions: [String]
        var unsafeOrderFrames: [String]?
        var accessWord: String?
        var kasanType: String?
        var absorbedKernelBug: Bool
    }

    static func make(_ input: Input) -> String {
        let header = Substring(input.header)
        if let title = warningTitle(input, header) { return title }
        if header.hasPrefix("BUG: KASAN: ") || header.hasPrefix("BUG: KFENCE: ") { return sanitizerTitle(input, header) }
        switch input.kind {
        case .refcount:
            return named("WARNING: refcount bug", fault(input, extra: ["refcount", "kobject_"]))
        case .listCorruption where header.hasPrefix("kernel BUG at ") || input.absorbedKernelBug:
            return named("BUG: corrupted list", fault(input))
        case .listCorruption:
            // CONFIG_DEBUG_LIST without BUG_ON_DATA_CORRUPTION and no WARNING line: `list_del corruption in F`.
            let name = header.firstRange(of: "corruption").map { String(header[..<$0.upperBound]) } ?? "list corruption"
            return named(name, fault(input))
        case .lockdep:
            return lockdepTitle(input, header)
        case .hungTask:
            return named("INFO: task hung", hungFunction(input.traceFunctions))
        case .lockup:
            return lockupTitle(input, header)
        case .ubsan:
            return ubsanTitle(input, header)
        case .invalidContext:
            return invalidContextTitle(input, header)
        case .panic:
            return panicTitle(header)
        default:
            return oopsTitle(input, header)
        }
    }

    /// `name in function`, or `name` alone when no frame is left to name.
    static func named(_ name: String, _ function: String?) -> String {
        guard let function else { return name }
        return "\(name) in \(FrameSkipRules.strippingSyscallPrefixes(function))"
    }

    /// The faulting function by the title rules: the instruction pointer's, then the call trace's.
    static func fault(_ input: Input, extra: [String] = []) -> String? {
        let rules = extra.isEmpty ? FrameSkipRules.common : FrameSkipRules.common.adding(extra)
        return rules.first((input.ripFunction.map { [$0] } ?? []) + input.traceFunctions)
    }

    static func trace(_ input: Input, extra: [String] = []) -> String? {
        let rules = extra.isEmpty ? FrameSkipRules.common : FrameSkipRules.common.adding(extra)
        return rules.first(input.traceFunctions)
    }

    /// `WARNING: CPU: 0 PID: 1 at FILE:LINE FUNC+off`: `WARNING in FUNC`, or the special
    /// titles of the checkers that warn (refcount, debug objects, lockdep, kobject, usercopy).
    static func warningTitle(_ input: Input, _ header: Substring) -> String? {
        guard header.hasPrefix("WARNING: "), input.warningLocation != nil || input.warningFunction != nil else { return nil }
        let location = input.warningLocation ?? ""
        let special: [(file: String, title: String, skip: [String])] = [
            ("lib/debugobjects.c", "WARNING: ODEBUG bug", ["debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_",
                                                          "vunmap", "vfree", "__free_", "debug_check", "kobject_"]),
            ("mm/usercopy.c", "WARNING: bad usercopy", ["usercopy", "__check"]),
            ("lib/kobject.c", "WARNING: kobject bug", ["kobject_"]),
            ("lib/refcount.c", "WARNING: refcount bug", ["refcount", "kobject_"]),
            ("kernel/locking/lockdep.c", "WARNING: locking bug", ["lock_sock", "release_sock"]),
        ]
        for entry in special where location.contains(entry.file) {
            return named(entry.title, fault(input, extra: entry.skip))
        }
        if input.warningFunction == "usb_submit_urb", let caller = fault(input, extra: ["usb_submit_urb"]) {
            return "WARNING in \(FrameSkipRules.strippingSyscallPrefixes(caller))/usb_submit_urb"
        }
        return named("WARNING", fault(input) ?? input.warningFunction)
    }

    /// `KASAN: slab-use-after-free Read in F`, `KASAN: invalid-free in F`, `KFENCE: use-after-free read in F`.
    static func sanitizerTitle(_ input: Input, _ header: Substring) -> String {
        let candidates = (input.headerFunction.map { [$0] } ?? []) + input.traceFunctions
        if header.hasPrefix("BUG: KFENCE: ") {
            let type = header.dropFirst("BUG: KFENCE: ".count).split(separator: " in ").first.map(String.init) ?? "bug"
            return named("KFENCE: \(type)", FrameSkipRules.common.first(candidates))
        }
        let type = input.kasanType ?? "bug"
        if type.contains("double-free") || type.contains("invalid-free") {
            let rules = FrameSkipRules.common.adding(["slab_", "kfree", "vunmap", "vfree"])
            return named("KASAN: invalid-free", rules.first(candidates))
        }
        let rules = FrameSkipRules.common.adding(["kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"])
        let name = input.accessWord.map { "KASAN: \(type) \($0)" } ?? "KASAN: \(type)"
        return named(name, rules.first(candidates))
    }

    static func lockdepTitle(_ input: Input, _ header: Substring) -> String {
        let text = header.drop(while: { $0 != " " }).dropFirst()
        if text.contains("-unsafe lock order detected"), let frames = input.unsafeOrderFrames {
            return named("possible deadlock", FrameSkipRules.common.first(frames))
        }
        if text.hasPrefix("possible circular locking") || text.hasPrefix("possible recursive locking")
            || text.hasPrefix("possible irq lock inversion") || text.contains("-unsafe lock order detected") {
            if header.hasPrefix("INFO: ") { return named("possible deadlock", input.lockFunctions.first) }
            let rules = FrameSkipRules.common.adding(["process_one_work", "flush_workqueue", "drain_workqueue",
                                                      "destroy_workqueue"])
            return named("possible deadlock", rules.first(input.lockFunctions + input.traceFunctions))
        }
        if text.hasPrefix("inconsistent lock state") { return named("inconsistent lock state", trace(input)) }
        if text.hasPrefix("suspicious RCU usage") {
            let prefix = header.hasPrefix("INFO: ") ? "INFO" : "WARNING"
            return named("\(prefix): suspicious RCU usage", trace(input, extra: ["rcu", "kmem", "slab"]))
        }
        if text.hasPrefix("trying to register non-static key") {
            return named("INFO: trying to register non-static key", trace(input, extra: ["stack", "lock", "IRQ"]))
        }
        if text.hasPrefix("bad unlock balance") { return named("WARNING: bad unlock balance", fault(input)) }
        if text.hasPrefix("held lock freed") { return named("WARNING: held lock freed", fault(input)) }
        if text.contains("still has locks held") { return named("WARNING: still has locks held", fault(input)) }
        if text.hasPrefix("Nested lock was not taken") { return named("WARNING: nested lock was not taken", fault(input)) }
        if text.hasPrefix("lock held when returning to user space") {
            return named("WARNING: lock held when returning to user space", input.lockFunctions.first)
        }
        return named(String(header.prefix(while: { $0 != "!" && $0 != "." })), trace(input))
    }

    static func lockupTitle(_ input: Input, _ header: Substring) -> String {
        if header.contains("soft lockup") {
            return named("BUG: soft lockup", stallFunction(FrameSkipRules.common, input, withRIP: true))
        }
        if header.contains("stall") {
            let rules = FrameSkipRules.common.adding(["apic_timer_interrupt", "rcu"])
            return named("INFO: rcu detected stall", stallFunction(rules, input, withRIP: false))
        }
        return named("watchdog: hard LOCKUP", fault(input))
    }

    static func ubsanTitle(_ input: Input, _ header: Substring) -> String {
        let function = trace(input, extra: ["ubsan", "overflow"])
        if header.hasPrefix("UBSAN: Undefined behaviour in") { return named("UBSAN: undefined-behaviour", function) }
        let rest = header.dropFirst("UBSAN: ".count)
        let check = rest.firstRange(of: " in ").map { rest[..<$0.lowerBound] } ?? rest
        return named("UBSAN: \(check)", function)
    }

    static func invalidContextTitle(_ input: Input, _ header: Substring) -> String {
        if header.hasPrefix("BUG: scheduling while atomic") {
            return named("BUG: scheduling while atomic", trace(input, extra: ["schedule"]))
        }
        if header.hasPrefix("BUG: using "), let open = header.firstIndex(of: "(") {
            let call = header.dropFirst("BUG: using ".count)[..<open]
            return named("BUG: using \(call)() in preemptible code",
                         trace(input, extra: ["dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"]))
        }
        return named("BUG: sleeping function called from invalid context", trace(input))
    }

    static func panicTitle(_ header: Substring) -> String {
        let message = header.drop(while: { $0 != ":" }).dropFirst().drop(while: { $0 == " " })
        if message.hasPrefix("Attempted to kill init!") { return "kernel panic: Attempted to kill init!" }
        return "kernel panic: \(message)"
    }

    /// Oopses: general protection fault, NULL dereference, page fault, kernel BUG, arm's
    /// `Internal error`, invalid opcode.
    static func oopsTitle(_ input: Input, _ header: Substring) -> String {
        let function = fault(input)
        if header.hasPrefix("general protection fault") || header.hasPrefix("Oops: general protection fault") {
            return named("general protection fault", function)
        }
        if input.kind == .nullPointerDereference {
            return named("BUG: unable to handle kernel NULL pointer dereference", function)
        }
        if input.kind == .pageFault {
            if header.contains("access to user memory") {
                return named("BUG: unable to handle kernel access to user memory", function)
            }
            return named("BUG: unable to handle kernel paging request", function)
        }
        if header.hasPrefix("kernel BUG at ") {
            if header.contains("mm/usercopy.c") { return named("BUG: bad usercopy", fault(input, extra: ["usercopy", "__check"])) }
            return named("kernel BUG", fault(input, extra: ["^skb_"]))
        }
        for (prefix, name) in [("Internal error:", "Internal error"), ("invalid opcode:", "invalid opcode"),
                               ("Oops: invalid opcode", "invalid opcode"), ("divide error:", "divide error"),
                               ("Oops: divide error", "divide error"), ("stack segment:", "stack segment fault"),
                               ("Unhandled fault:", "Unhandled fault")] where header.hasPrefix(prefix) {
            return named(name, function)
        }
        if input.kind == .slabCorruption { return "BUG: \(header.split(separator: ": ").last ?? "slab corruption")" }
        if header.hasPrefix("BUG: ") {
            let what = header.dropFirst(5).prefix(while: { $0 != ":" && $0 != "!" && $0 != "," })
            return named("BUG: \(what)", function)
        }
        return named(String(header.prefix(while: { $0 != ":" })), function)
    }
}
