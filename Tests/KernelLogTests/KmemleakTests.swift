import Foundation
import Testing
@testable import KernelLog

/// kmemleak's listings: the objects, the allocating frame, the syzbot-style title.
struct KmemleakTests {
    static let syzkallerFiles = ["151", "309", "310", "311", "312", "51", "52", "53", "54", "55", "752"]

    /// syzkaller's header (`TITLE: ...`) and the log after its first blank line.
    static func syzkallerLog(_ number: String) throws -> (title: String, log: String) {
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/kmemleak/syzkaller-\(number).txt", withExtension: nil))
        let text = try String(contentsOf: url, encoding: .utf8)
        let blank = try #require(text.range(of: "\n\n"))
        let header = text[..<blank.lowerBound]
        let title = try #require(header.split(separator: "\n").first { $0.hasPrefix("TITLE: ") })
        return (String(title.dropFirst("TITLE: ".count)), String(text[blank.upperBound...]))
    }

    @Test(arguments: syzkallerFiles)
    func titleIsSyzkallers(_ number: String) throws {
        let (title, log) = try Self.syzkallerLog(number)
        let object = try #require(KmemleakObject.parse(log).first)
        #expect(object.finding.syzbotTitle == title)
        #expect(object.finding.kind == .memoryLeak)
    }

    /// The same logs through the log classifier (`mediactl klog`): one report, a leak, titled
    /// as syzkaller's maintainers titled it.
    @Test(arguments: syzkallerFiles)
    func logClassifierReadsTheLeak(_ number: String) throws {
        let (title, log) = try Self.syzkallerLog(number)
        let findings = KernelLogClassifier().classify(text: log)
        let first = try #require(findings.first)
        #expect(first.kind == .memoryLeak)
        #expect(first.syzbotTitle == title)
        #expect(first.isComplete)
    }

    /// `kmemleak.verbose=1`: kmemleak prints each object into the log, every line after
    /// `kmemleak: ` (pr_fmt of mm/kmemleak.c); dmesg's timestamps before that.
    @Test func verboseKmemleakInTheLog() {
        let log = """
            [   35.101010] kmemleak: unreferenced object 0xffff888003a1c000 (size 32):
            [   35.101020] kmemleak:   comm "insmod", pid 97, jiffies 4294894821
            [   35.101030] kmemleak:   backtrace (crc 0):
            [   35.101040] kmemleak:     __kmalloc_cache_noprof+0x2b4/0x390
            [   35.101050] kmemleak:     kmemleak_test_init+0x55/0x160 [kmemleak_test]
            [   35.101060] kmemleak:     do_one_initcall+0xa5/0x390
            [   35.101070] kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)
            """
        let findings = KernelLogClassifier().classify(text: log)
        #expect(findings.count == 1)
        #expect(findings.first?.function == "kmemleak_test_init")
        #expect(findings.first?.module == "kmemleak_test")
        #expect(findings.first?.syzbotTitle == "memory leak in do_one_initcall")
    }

    /// 312 read by hand: the object, its task, and the allocator's frames (`__kmalloc`, the
    /// per-cpu allocator's `pcpu_*` and `__alloc_percpu_gfp`) before htab_map_alloc, which
    /// allocated; syzkaller's title skips that too (it has "alloc" in it): map_create.
    @Test func fieldsOfOneObject() throws {
        let object = try #require(KmemleakObject.parse(try Self.syzkallerLog("312").log).first)
        #expect(object.address == "0xffff88005f7ac800")
        #expect(object.size == 2048)
        #expect(object.task == "syz-executor0")
        #expect(object.pid == 6839)
        #expect(object.jiffies == 4_294_947_130)
        #expect(object.backtrace.first?.function == "__kmalloc")
        #expect(object.backtrace.count == 10)  // the 0xffffffffffffffff end marker is no frame
        let finding = object.finding
        #expect(finding.function == "htab_map_alloc")
        #expect(finding.frames.map(\.function).prefix(2) == ["htab_map_alloc", "map_create"])
        #expect(finding.signature == "memory-leak: htab_map_alloc <- map_create <- __x64_sys_bpf <- do_syscall_64")
        #expect(finding.syzbotTitle == "memory leak in map_create")
    }

    /// The 6.12 form (`backtrace (crc N):`, `%pS` frames with a module), several objects,
    /// text around them skipped. Written from mm/kmemleak.c print_unreferenced and
    /// samples/kmemleak/kmemleak-test.c (kmalloc(32) in kmemleak_test_init).
    @Test func currentFormatWithModules() {
        let listing = """
            unreferenced object 0xffff888003a1c000 (size 32):
              comm "insmod", pid 97, jiffies 4294894821
              hex dump (first 32 bytes):
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
              backtrace (crc 0):
                __kmalloc_cache_noprof+0x2b4/0x390
                kmemleak_test_init+0x55/0x160 [kmemleak_test]
                do_one_initcall+0xa5/0x390
            unreferenced object 0xffff888004b2e400 (size 1024):
              comm "stress", pid 120, jiffies 4294899000
              backtrace (crc 5e7a0e4f):
                __kmalloc_noprof+0x1f0/0x4a0
                vimc_sensor_add+0x6d/0x2a0
                vimc_probe+0x2ee/0x4f0
            """
        let objects = KmemleakObject.parse(listing)
        #expect(objects.count == 2)
        // syzkaller's title rule skips any frame named like kmemleak: the caller is titled.
        #expect(objects.first?.finding.syzbotTitle == "memory leak in do_one_initcall")
        #expect(objects.first?.finding.function == "kmemleak_test_init")
        #expect(objects.first?.finding.module == "kmemleak_test")
        #expect(objects.last?.finding.function == "vimc_sensor_add")
        #expect(objects.last?.task == "stress")
    }

    @Test func nothingToReport() {
        #expect(KmemleakObject.parse("").isEmpty)
        #expect(KmemleakObject.parse("kmemleak: 2 new suspected memory leaks (see /sys/kernel/debug/kmemleak)\n").isEmpty)
    }
}
