/// One kernel report found in the log: a KASAN report, an oops, a warning, a lockdep splat ...
package struct KernelFinding: Sendable, Codable, Equatable {
    package var kind: FindingKind
    /// The header line that started the report, e.g.
    /// `BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a`.
    package var title: String
    /// The title syzbot would give the report (`KASAN: slab-use-after-free Read in
    /// media_device_get_info`, `WARNING in vb2_core_reqbufs`, `INFO: task hung in X`), for
    /// matching a finding with syzbot and lore; nil only for findings made by hand.
    package var syzbotTitle: String?
    /// More about the kind: KASAN's bug type (`slab-use-after-free`, `null-ptr-deref in range [...]`),
    /// the UBSAN check, the refcount or list-corruption message, the lockdep headline,
    /// a slab-poison hint for a general protection fault.
    package var detail: String?
    /// The faulting function: from the KASAN header, the `RIP: 0010:` / `pc :` line,
    /// the WARNING line; for reports without one (lockdep, hung task, UBSAN) the first
    /// frame that is not reporting or waiting machinery. Compiler suffixes removed.
    package var function: String?
    /// The offset of the faulting instruction as printed, e.g. `+0x5e/0x9a`.
    package var functionOffset: String?
    /// The module of the faulting function, or else the first module in the frames.
    package var module: String?
    /// `file:line` for WARNING, `kernel BUG at`, UBSAN.
    package var sourceLocation: String?
    /// The first reliable frames (no `? ` frames), starting at the faulting function, at most 8.
    package var frames: [StackFrame]
    /// KASAN/KFENCE: where the object was allocated and freed.
    package var allocatedBy: ObjectHistory?
    package var freedBy: ObjectHistory?
    /// The bad access (KASAN `Read/Write of size N at addr X`, or the `#PF:` line of a page fault).
    package var access: MemoryAccess?
    /// The address of a fault (`non-canonical address 0x...`, `address: 0000000000000008`).
    package var faultAddress: String?
    /// The slab cache of the object (`kmalloc-1k`), from KASAN's object description.
    package var slabCache: String?
    /// The task (comm) and pid the report names.
    package var task: String?
    package var pid: Int?
    package var cpu: Int?
    /// The kernel's taint flags from the `CPU:` line, compacted ("GB", "GOE"); "" for
    /// "Not tainted"; nil when the report did not say.
    package var taintFlags: String?
    /// The report was an oops, after which the kernel kills the current task, or a
    /// `note: comm[pid] exited with ...` line followed it.
    package var taskKilled: Bool
    /// A `Kernel panic - not syncing` line belonged to or followed the report.
    package var kernelPanicked: Bool
    /// The report reached its closing line (`---[ end trace`, `=====`) or the end of its
    /// call trace; false for a report cut off by the end of the log or by another report.
    package var isComplete: Bool
    /// De-duplication key: kind, faulting function and the first three reliable frames
    /// after it, e.g. `use-after-free: mutex_lock <- media_device_ioctl <- vfs_ioctl <- __x64_sys_ioctl`.
    package var signature: String
    /// The report's lines (text only, no timestamps), at most the classifier's cap (80 by default).
    package var lines: [String]
    /// How many more lines the report had beyond `lines`.
    package var omittedLineCount: Int
    /// The /dev/kmsg sequence number and timestamp of the header line, when known.
    package var firstSequence: UInt64?
    package var firstMicroseconds: UInt64?

    package init(
        kind: FindingKind, title: String, detail: String? = nil, function: String? = nil,
        functionOffset: String? = nil, module: String? = nil, sourceLocation: String? = nil,
        frames: [StackFrame] = [], allocatedBy: ObjectHistory? = nil, freedBy: ObjectHistory? = nil,
        access: MemoryAccess? = nil, faultAddress: String? = nil, slabCache: String? = nil,
        task: String? = nil, pid: Int? = nil, cpu: Int? = nil, taintFlags: String? = nil,
        taskKilled: Bool = false, kernelPanicked: Bool = false, isComplete: Bool = true,
        signature: String? = nil, lines: [String] = [], omittedLineCount: Int = 0,
        firstSequence: UInt64? = nil, firstMicroseconds: UInt64? = nil, syzbotTitle: String? = nil
    ) {
        self.kind = kind
        self.syzbotTitle = syzbotTitle
        self.title = title
        self.detail = detail
        self.function = function
        self.functionOffset = functionOffset
        self.module = module
        self.sourceLocation = sourceLocation
        self.frames = frames
        self.allocatedBy = allocatedBy
        self.freedBy = freedBy
        self.access = access
        self.faultAddress = faultAddress
        self.slabCache = slabCache
        self.task = task
        self.pid = pid
        self.cpu = cpu
        self.taintFlags = taintFlags
        self.taskKilled = taskKilled
        self.kernelPanicked = kernelPanicked
        self.isComplete = isComplete
        self.lines = lines
        self.omittedLineCount = omittedLineCount
        self.firstSequence = firstSequence
        self.firstMicroseconds = firstMicroseconds
        self.signature = signature ?? KernelFinding.signature(kind: kind, function: function, frames: frames, title: title)
    }

    /// The header's timestamp as the console prints it, `3.084064`.
    package var timestamp: String? {
        guard let firstMicroseconds else { return nil }
        let micros = String(firstMicroseconds % 1_000_000)
        return "\(firstMicroseconds / 1_000_000).\(String(repeating: "0", count: 6 - micros.count))\(micros)"
    }

    /// The frames as `__mutex_lock <- media_device_ioctl [mc] <- ...`.
    package var backtrace: String { frames.map(\.description).joined(separator: " <- ") }

    /// Builds the de-duplication signature: `kind: function <- caller1 <- caller2 <- caller3`.
    /// Without function and frames, the title with its numbers masked stands in.
    package static func signature(kind: FindingKind, function: String?, frames: [StackFrame], title: String) -> String {
        var callers = frames[...]
        if let function, callers.first?.function == function { callers = callers.dropFirst() }
        if function == nil, callers.isEmpty {
            return "\(kind.rawValue): \(maskNumbers(title))"
        }
        let parts = [function ?? "?"] + callers.prefix(3).map(\.description)
        return "\(kind.rawValue): " + parts.joined(separator: " <- ")
    }

    /// Replaces hex and decimal numbers with `#`, so addresses, pids and times do not
    /// split identical reports.
    static func maskNumbers(_ text: String) -> String {
        var result = ""
        var inNumber = false
        var chars = text[...]
        while let c = chars.first {
            if chars.hasPrefix("0x") {
                chars = chars.dropFirst(2).drop(while: \.isHexDigit)
                if !inNumber { result.append("#") }
                inNumber = true
                continue
            }
            if c.isNumber || (inNumber && c.isHexDigit) {
                if !inNumber { result.append("#") }
                inNumber = true
            } else {
                inNumber = false
                result.append(c)
            }
            chars = chars.dropFirst()
        }
        return result
    }
}
