/// What kind of kernel report a finding is.
package enum FindingKind: String, Codable, Sendable, CaseIterable {
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
    /// Sleeping or scheduling where the kernel must not: `BUG: sleeping function called from
    /// invalid context`, `BUG: scheduling while atomic`, `BUG: using smp_processor_id() in preemptible`.
    case invalidContext = "invalid-context"
    /// An object kmemleak found unreferenced after a scan (`unreferenced object 0x... (size N)`):
    /// memory allocated and never freed. Not in the kernel log: read from kmemleak's debugfs file.
    case memoryLeak = "memory-leak"

    /// Memory-safety kinds: the ones a lifetime bug around unbind shows up as.
    package var isMemorySafety: Bool {
        switch self {
        case .useAfterFree, .outOfBounds, .doubleFree, .nullPointerDereference,
             .generalProtectionFault, .pageFault, .kasan, .slabCorruption, .refcount, .listCorruption:
            true
        default:
            false
        }
    }
}
