import KernelLog
import Testing

@testable import MediaStress

/// kmemleak's listing judged by `--leaks`, and how a run reports it. The listing is written
/// from mm/kmemleak.c's print_unreferenced (6.12): the kmemleak sample's kmalloc in
/// kmemleak_test_init, and an allocation in v4l2_fh_open (what a driver leaking a file
/// handle would show), a vimc one, and one of kernfs, no media code.
@Suite struct LeakScanTests {
    static let listing = """
        unreferenced object 0xffff888003a1c000 (size 32):
          comm "insmod", pid 97, jiffies 4294894821
          backtrace (crc 0):
            __kmalloc_cache_noprof+0x2b4/0x390
            kmemleak_test_init+0x55/0x160 [kmemleak_test]
            do_one_initcall+0xa5/0x390
        unreferenced object 0xffff888004b2e400 (size 512):
          comm "mediactl", pid 120, jiffies 4294899000
          backtrace (crc 5e7a0e4f):
            __kmalloc_cache_noprof+0x2b4/0x390
            v4l2_fh_open+0x4d/0x1a0
            v4l2_open+0x1a1/0x3e0
        unreferenced object 0xffff888004b2e800 (size 64):
          comm "mediactl", pid 120, jiffies 4294899001
          backtrace (crc 5e7a0e4f):
            __kmalloc_noprof+0x1f0/0x4a0
            vimc_sensor_add+0x6d/0x2a0
            vimc_probe+0x2ee/0x4f0
        unreferenced object 0xffff888004b2ec00 (size 128):
          comm "mediactl", pid 120, jiffies 4294899002
          backtrace (crc 1):
            kmem_cache_alloc_noprof+0x1c0/0x3a0
            __kernfs_new_node+0x5a/0x2f0
            kernfs_new_node+0x80/0xd0

        """

    @Test func deviceScopeChargesMediaV4l2AndTheDriver() {
        let report = LeakScan(scope: .device, driver: "vimc").judge(Self.listing)
        #expect(report.scanned)
        #expect(report.unreferenced == 4)
        #expect(report.findings.map(\.function) == ["v4l2_fh_open", "vimc_sensor_add"])
        #expect(report.findings.map(\.syzbotTitle) == ["memory leak in v4l2_fh_open", "memory leak in vimc_sensor_add"])
        #expect(report.otherFunctions == ["kmemleak_test_init", "__kernfs_new_node"])
    }

    @Test func anotherDriverDoesNotClaimVimcsLeak() {
        let report = LeakScan(scope: .device, driver: "vivid").judge(Self.listing)
        #expect(report.findings.map(\.function) == ["v4l2_fh_open"])
    }

    @Test func allScopeTakesEveryObject() {
        let report = LeakScan(scope: .all, driver: "vimc").judge(Self.listing)
        #expect(report.findings.count == 4)
        #expect(report.findings.first?.module == "kmemleak_test")
        #expect(report.otherFunctions.isEmpty)
    }

    @Test func noKmemleakNoScan() {
        let off = LeakScan(scope: .device, driver: "vimc", path: "/nonexistent/kmemleak").run(cyclesEnded: 0, kmemleak: .off)
        #expect(!off.scanned && off.note == "the kernel has no kmemleak")
        let unknown = LeakScan(scope: .device, driver: "vimc", path: "/nonexistent/kmemleak").run(cyclesEnded: 0, kmemleak: .unknown)
        #expect(!unknown.scanned && unknown.note?.hasPrefix("kmemleak unknown") == true)
    }

    /// kmemleak on but its file missing (debugfs not mounted): one line, not a finding.
    @Test func missingFileIsANoteNotAFinding() {
        let report = LeakScan(scope: .device, driver: "vimc", path: "/nonexistent/kmemleak").run(cyclesEnded: 0, kmemleak: .on)
        #expect(!report.scanned)
        #expect(report.note?.contains("/nonexistent/kmemleak") == true)
        #expect(report.findings.isEmpty)
    }

    @Test func textAndKtapSayWhatTheScanFound() {
        var report = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        let leaks = LeakScan(scope: .device, driver: "vimc").judge(Self.listing)
        report.leaks = leaks
        report.uniqueFindings = leaks.findings.map { UniqueFinding(finding: $0, count: 1, cycles: []) }
        let text = StressReportRenderer().text(report)
        #expect(text.contains("finding: memory-leak in v4l2_fh_open (x1, kmemleak after the cycles)\n"))
        #expect(text.contains("kmemleak: 2 leaks in the device's code, 2 other unreferenced objects (kmemleak_test_init, __kernfs_new_node); scanned in 0.0 s\n"))
        let ktap = StressReportRenderer().ktap(report)
        #expect(ktap.hasPrefix("KTAP version 1\n1..2\n"))
        #expect(ktap.hasSuffix("not ok 2 kmemleak # memory leak in v4l2_fh_open; memory leak in vimc_sensor_add\n"))
    }
}
