/// What kind of kernel report a finding is.
public enum FindingKind: String, Codable, Sendable, CaseIterable {
    /// KASAN or KFENCE use-after-free (including slab-use-after-free, vmalloc-use-after-free).
    case useAfterFree = "use-after-free"
    /// KASAN or KFENCE out-of-bounds access (slab, global, stack, vmalloc ...).
    case outOfBounds = "out-of-bounds"
    /// KASAN or KFENCE double-free or invalid-free.
    case doubleFree = "double-free"
    /// KASAN null-ptr-deref (also on a general protection fault KASAN decodes as such),
    /// or `BUG: kernel NULL pointer dereference`.
    case nullPointerDereference = "null-pointer-dereference"
    /// `Oops: general protection fault` that KASAN did not decode as a NULL dereference.
    case generalProtectionFault = "general-protection-fault"
    /// `BUG: unable to handle page fault` / kernel paging request.
    case pageFault = "page-fault"
    /// Any other KASAN report (wild-memory-access, user-memory-access, invalid-access ...).
    case kasan = "kasan"
    /// `kernel BUG at file:line!` and other `BUG:` lines (sleeping in atomic, bad page state ...).
    case bug = "bug"
    /// An `Oops:` with no more specific header.
    case oops = "oops"
    /// `WARNING: CPU: ... at file:line func` (WARN_ON and friends).
    case warning = "warning"
    /// `refcount_t: underflow; use-after-free.` and the other refcount_t warnings.
    case refcount = "refcount"
    /// `list_add corruption` / `list_del corruption` (CONFIG_DEBUG_LIST).
    case listCorruption = "list-corruption"
    /// slub_debug object checks: `BUG kmalloc-1k (Tainted: ...): Poison overwritten`.
    case slabCorruption = "slab-corruption"
    /// Lockdep: circular or recursive locking, inconsistent lock state, suspicious RCU usage ...
    case lockdep = "lockdep"
    /// `INFO: task comm:pid blocked for more than N seconds.`
    case hungTask = "hung-task"
    /// Soft or hard lockup, RCU stall.
    case lockup = "lockup"
    /// `UBSAN: <check> in file:line:col`.
    case ubsan = "ubsan"
    /// `Kernel panic - not syncing:` not attached to another report.
    case panic = "panic"

    /// Memory-safety kinds: the ones a lifetime bug around unbind shows up as.
    public var isMemorySafety: Bool {
        switch self {
        case .useAfterFree, .outOfBounds, .doubleFree, .nullPointerDereference,
             .generalProtectionFault, .pageFault, .kasan, .slabCorruption, .refcount, .listCorruption:
            true
        default:
            false
        }
    }
}

/// One frame of a call trace, without offset: `media_device_ioctl [mc]`.
/// Compiler suffixes (`.constprop.0`, `.isra.0`, `.part.0`, `.cold`) are removed from the name.
public struct StackFrame: Sendable, Codable, Hashable, CustomStringConvertible {
    public var function: String
    /// The module the function is in (`mc` for `[mc]`); nil when built in.
    public var module: String?

    public init(function: String, module: String? = nil) {
        self.function = function
        self.module = module
    }

    public var description: String {
        if let module { "\(function) [\(module)]" } else { function }
    }
}

/// The bad memory access a report describes.
public struct MemoryAccess: Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Operation: String, Sendable, Codable {
        case read
        case write
        case instructionFetch = "instruction-fetch"
        case unknown
    }

    public var operation: Operation
    /// Access size in bytes (KASAN); nil when the report does not say.
    public var size: Int?
    /// The faulting address as the kernel printed it (hex).
    public var address: String?
    /// The line the access was read from, e.g. `Write of size 8 at addr ffff88800016cd28 by task race/48`
    /// or `#PF: supervisor read access in kernel mode`.
    public var line: String

    public init(operation: Operation, size: Int? = nil, address: String? = nil, line: String) {
        self.operation = operation
        self.size = size
        self.address = address
        self.line = line
    }

    public var description: String { line }
}

/// KASAN's "Allocated by task N:" or "Freed by task N:" stack.
public struct ObjectHistory: Sendable, Codable, Hashable {
    public var pid: Int?
    /// The frames without KASAN's own bookkeeping (`kasan_save_stack` ...), at most 8.
    public var frames: [StackFrame]

    public init(pid: Int?, frames: [StackFrame]) {
        self.pid = pid
        self.frames = frames
    }
}

/// One kernel report found in the log: a KASAN report, an oops, a warning, a lockdep splat ...
public struct KernelFinding: Sendable, Codable, Equatable {
    public var kind: FindingKind
    /// The header line that started the report, e.g.
    /// `BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a`.
    public var title: String
    /// More about the kind: KASAN's bug type (`slab-use-after-free`, `null-ptr-deref in range [...]`),
    /// the UBSAN check, the refcount or list-corruption message, the lockdep headline,
    /// a slab-poison hint for a general protection fault.
    public var detail: String?
    /// The faulting function: from the KASAN header, the `RIP: 0010:` / `pc :` line,
    /// the WARNING line; for reports without one (lockdep, hung task, UBSAN) the first
    /// frame that is not reporting or waiting machinery. Compiler suffixes removed.
    public var function: String?
    /// The offset of the faulting instruction as printed, e.g. `+0x5e/0x9a`.
    public var functionOffset: String?
    /// The module of the faulting function, or else the first module in the frames.
    public var module: String?
    /// `file:line` for WARNING, `kernel BUG at`, UBSAN.
    public var sourceLocation: String?
    /// The first reliable frames (no `? ` frames), starting at the faulting function, at most 8.
    public var frames: [StackFrame]
    /// KASAN/KFENCE: where the object was allocated and freed.
    public var allocatedBy: ObjectHistory?
    public var freedBy: ObjectHistory?
    /// The bad access (KASAN `Read/Write of size N at addr X`, or the `#PF:` line of a page fault).
    public var access: MemoryAccess?
    /// The address of a fault (`non-canonical address 0x...`, `address: 0000000000000008`).
    public var faultAddress: String?
    /// The slab cache of the object (`kmalloc-1k`), from KASAN's object description.
    public var slabCache: String?
    /// The task (comm) and pid the report names.
    public var task: String?
    public var pid: Int?
    public var cpu: Int?
    /// The kernel's taint flags from the `CPU:` line, compacted ("GB", "GOE"); "" for
    /// "Not tainted"; nil when the report did not say.
    public var taintFlags: String?
    /// The report was an oops, after which the kernel kills the current task, or a
    /// `note: comm[pid] exited with ...` line followed it.
    public var taskKilled: Bool
    /// A `Kernel panic - not syncing` line belonged to or followed the report.
    public var kernelPanicked: Bool
    /// The report reached its closing line (`---[ end trace`, `=====`) or the end of its
    /// call trace; false for a report cut off by the end of the log or by another report.
    public var isComplete: Bool
    /// De-duplication key: kind, faulting function and the first three reliable frames
    /// after it, e.g. `use-after-free: mutex_lock <- media_device_ioctl <- vfs_ioctl <- __x64_sys_ioctl`.
    public var signature: String
    /// The report's lines (text only, no timestamps), at most the classifier's cap (80 by default).
    public var lines: [String]
    /// How many more lines the report had beyond `lines`.
    public var omittedLineCount: Int
    /// The /dev/kmsg sequence number and timestamp of the header line, when known.
    public var firstSequence: UInt64?
    public var firstMicroseconds: UInt64?

    public init(
        kind: FindingKind, title: String, detail: String? = nil, function: String? = nil,
        functionOffset: String? = nil, module: String? = nil, sourceLocation: String? = nil,
        frames: [StackFrame] = [], allocatedBy: ObjectHistory? = nil, freedBy: ObjectHistory? = nil,
        access: MemoryAccess? = nil, faultAddress: String? = nil, slabCache: String? = nil,
        task: String? = nil, pid: Int? = nil, cpu: Int? = nil, taintFlags: String? = nil,
        taskKilled: Bool = false, kernelPanicked: Bool = false, isComplete: Bool = true,
        signature: String? = nil, lines: [String] = [], omittedLineCount: Int = 0,
        firstSequence: UInt64? = nil, firstMicroseconds: UInt64? = nil
    ) {
        self.kind = kind
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
    public var timestamp: String? {
        guard let firstMicroseconds else { return nil }
        let micros = String(firstMicroseconds % 1_000_000)
        return "\(firstMicroseconds / 1_000_000).\(String(repeating: "0", count: 6 - micros.count))\(micros)"
    }

    /// The frames as `__mutex_lock <- media_device_ioctl [mc] <- ...`.
    public var backtrace: String { frames.map(\.description).joined(separator: " <- ") }

    /// Builds the de-duplication signature: `kind: function <- caller1 <- caller2 <- caller3`.
    /// Without function and frames, the title with its numbers masked stands in.
    public static func signature(kind: FindingKind, function: String?, frames: [StackFrame], title: String) -> String {
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

/// A finding with the number of findings that had its signature.
public struct DeduplicatedFinding: Sendable, Codable, Equatable {
    /// The first finding with this signature.
    public var finding: KernelFinding
    public var count: Int

    public init(finding: KernelFinding, count: Int) {
        self.finding = finding
        self.count = count
    }

    public var signature: String { finding.signature }
}
