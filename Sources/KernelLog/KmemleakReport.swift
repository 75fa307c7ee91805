/// What `/sys/kernel/debug/kmemleak` lists after a scan: the objects kmemleak found no
/// reference to, each with the task that allocated it and the allocation's backtrace
/// (mm/kmemleak.c, `print_unreferenced`):
///
///     unreferenced object 0xffff888003a1c000 (size 32):
///       comm "insmod", pid 97, jiffies 4294894821
///       hex dump (first 32 bytes):
///         00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
///       backtrace (crc 0):
///         __kmalloc_cache_noprof+0x2b4/0x390
///         kmemleak_test_init+0x55/0x160 [kmemleak_test]
///
/// Older kernels print `backtrace:` and `[<address>] ` before each frame; both are read.
/// The same block, after syzkaller's `BUG: memory leak` line, is how syzbot reports a leak.
package struct KmemleakObject: Sendable, Equatable {
    /// `0xffff888003a1c000` as printed.
    package var address: String
    package var size: Int
    /// The allocating task's comm and pid (`kworker/0:1`, 12): pid 0 in interrupt context.
    package var task: String?
    package var pid: Int?
    /// The jiffies at allocation.
    package var jiffies: UInt64?
    /// The allocation's backtrace, innermost first (the allocator's own frames included).
    package var backtrace: [StackFrame]
    /// The block's lines as printed.
    package var lines: [String]

    /// Frames a leak's title skips besides the common ones (syzkaller's memory-leak rule):
    /// anything named like kmemleak or an allocator, so `kmemleak_test_init` and
    /// `media_request_alloc` are skipped too and the title names their caller.
    static let titleSkipRules = FrameSkipRules.common.adding([
        "kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get", "list_lru_init",
        "kasprintf", "kvasprintf", "pcpu_create", "strdup", "strndup", "memdup",
    ])

    /// The allocator's own frames: what `function` skips to name the code that allocated.
    static let allocatorRules = FrameSkipRules([
        "kmemleak_alloc", "^kmalloc", "^__kmalloc", "^kzalloc", "^kcalloc", "^kvmalloc", "^kvzalloc", "^__kvmalloc",
        "^krealloc", "kmem_cache_alloc", "slab_alloc", "slab_post_alloc_hook", "^__alloc_pages", "^alloc_pages",
        "vmalloc", "vzalloc", "^pcpu_", "alloc_percpu", "^kmemdup", "^kstrdup", "^kstrndup", "^memdup", "kasprintf",
        "kvasprintf", "^create_object", "^__do_kmalloc", "^do_kmalloc", "^mempool_alloc", "^__kmem_cache",
    ])

    /// The frame that allocated: the first that is not the allocator's (`kmemleak_test_init`).
    package var allocatingFrame: StackFrame? {
        backtrace.first { !Self.allocatorRules.skips($0.function) }
    }

    /// The finding: kind `memory-leak`, `function` the allocating frame, titled as syzbot
    /// titles it (`memory leak in F`, F by syzkaller's wider skip rule).
    package var finding: KernelFinding {
        let frame = allocatingFrame
        let start = frame.flatMap { backtrace.firstIndex(of: $0) } ?? backtrace.startIndex
        let frames = Array(backtrace[start...].prefix(8))
        let function = frame?.function
        let signature = (["memory-leak: " + (function ?? "?")] + frames.dropFirst().prefix(3).map(\.function))
            .joined(separator: " <- ")
        let titled = Self.titleSkipRules.first(backtrace.map(\.function)).map(FrameSkipRules.strippingSyscallPrefixes)
        return KernelFinding(
            kind: .memoryLeak, title: "unreferenced object \(address) (size \(size))",
            detail: "\(size) bytes unreferenced", function: function, module: frame?.module ?? frames.compactMap(\.module).first,
            frames: frames, task: task, pid: pid, signature: signature, lines: lines,
            syzbotTitle: titled.map { "memory leak in \($0)" } ?? "memory leak")
    }

    /// The objects of a kmemleak listing, in order; text that is not part of a block is skipped.
    package static func parse(_ text: String) -> [KmemleakObject] {
        var objects: [KmemleakObject] = []
        var current: KmemleakObject?
        var inBacktrace = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw.drop(while: { $0 == " " || $0 == "\t" })
            // kmemleak.verbose=1 prints the block into the log, every line after `kmemleak: `.
            if let rest = line.firstRange(of: "kmemleak: ").map({ line[$0.upperBound...] }), rest.first == " " || rest.hasPrefix("unreferenced") {
                line = rest.drop(while: { $0 == " " || $0 == "\t" })
            }
            if let header = header(line) {
                if let done = current { objects.append(done) }
                current = header
                current?.lines = [String(raw)]
                inBacktrace = false
                continue
            }
            guard current != nil else { continue }
            if line.isEmpty { continue }
            current?.lines.append(String(raw))
            if line.hasPrefix("comm \"") {
                readTask(line, into: &current)
            } else if line.hasPrefix("backtrace") {
                inBacktrace = true
            } else if line.hasPrefix("hex dump") {
                inBacktrace = false
            } else if inBacktrace, let frame = ParsedFrame.parse(line) {
                // A symbolized log names an inlined function, then the same function's own
                // line (`f file.c:774 [inline]`, `f+0x57/0x110 file.c:764`): one frame.
                if current?.backtrace.last?.function != frame.frame.function { current?.backtrace.append(frame.frame) }
            }
        }
        if let done = current { objects.append(done) }
        return objects
    }

    /// `unreferenced object 0xADDR (size N):`
    private static func header(_ line: Substring) -> KmemleakObject? {
        guard line.hasPrefix("unreferenced object ") else { return nil }
        let rest = line.dropFirst("unreferenced object ".count)
        let address = rest.prefix(while: { !$0.isWhitespace })
        guard address.hasPrefix("0x"), let open = rest.firstRange(of: "(size ") else { return nil }
        let digits = rest[open.upperBound...].prefix(while: \.isNumber)
        guard let size = Int(digits) else { return nil }
        return KmemleakObject(address: String(address), size: size, backtrace: [], lines: [])
    }

    /// `comm "kworker/0:1", pid 12, jiffies 4294894821` (older: `... (age 12.345s)`).
    private static func readTask(_ line: Substring, into object: inout KmemleakObject?) {
        let afterQuote = line.dropFirst("comm \"".count)
        guard let close = afterQuote.lastIndex(of: "\"") else { return }
        object?.task = String(afterQuote[..<close])
        let fields = afterQuote[afterQuote.index(after: close)...]
        if let pid = fields.firstRange(of: "pid ") {
            object?.pid = Int(fields[pid.upperBound...].prefix(while: \.isNumber))
        }
        if let jiffies = fields.firstRange(of: "jiffies ") {
            object?.jiffies = UInt64(fields[jiffies.upperBound...].prefix(while: \.isNumber))
        }
    }
}
