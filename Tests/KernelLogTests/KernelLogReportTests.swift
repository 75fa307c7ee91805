import Foundation
import Testing
@testable import KernelLog

@Suite("mediactl klog's report: text, KTAP, JSON")
struct KernelLogReportTests {
    static let oops = """
        [   12.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008
        [   12.000002] Oops: 0000 [#1] PREEMPT SMP NOPTI
        [   12.000003] CPU: 0 UID: 0 PID: 48 Comm: race Not tainted 6.12.117+ #1
        [   12.000004] RIP: 0010:media_device_get_info+0x3e/0x1cc [mc]
        [   12.000005] Call Trace:
        [   12.000006]  <TASK>
        [   12.000007]  media_device_ioctl+0x16e/0x1b0 [mc]
        [   12.000008]  __x64_sys_ioctl+0x94/0xd0
        [   12.000009]  </TASK>
        [   12.000010] ---[ end trace 0000000000000000 ]---
        """

    @Test("Text: a finding block in stress's words, then the verdict")
    func text() {
        let report = KernelLogReport(text: Self.oops + "\n" + Self.oops.replacingOccurrences(of: "[   12.", with: "[   13."))
        #expect(KernelLogReportRenderer().text(report) == """
            finding: null-pointer-dereference in media_device_get_info [mc] (x2, first at 12.000001)
              syzbot title: BUG: unable to handle kernel NULL pointer dereference in media_device_get_info
              BUG: kernel NULL pointer dereference, address: 0000000000000008
              call trace: media_device_get_info [mc] <- media_device_ioctl [mc] <- __x64_sys_ioctl
              signature: null-pointer-dereference: media_device_get_info <- media_device_ioctl [mc] <- __x64_sys_ioctl
            verdict: finding, 2 reports with 1 signature in 20 lines (exit 1)

            """)
    }

    @Test("Text and KTAP of a clean log")
    func clean() {
        let report = KernelLogReport(text: "[    0.000000] Linux version 6.12.117+\n")
        #expect(report.isClean)
        #expect(KernelLogReportRenderer().text(report) == "verdict: clean, no kernel report in 1 line (exit 0)\n")
        #expect(KernelLogReportRenderer().ktap(report) == """
            KTAP version 1
            # mediactl klog: clean, no kernel report in 1 line
            1..1
            ok 1 kernel_log_clean

            """)
    }

    @Test("KTAP: one not-ok test per signature named by its syzbot title (KernelCI's characters), its lines as diagnostics")
    func ktap() {
        let report = KernelLogReport(text: Self.oops)
        #expect(KernelLogReportRenderer().ktap(report) == """
            KTAP version 1
            # mediactl klog: finding, 1 report with 1 signature in 10 lines
            1..1
            # null-pointer-dereference in media_device_get_info [mc] (x1)
            # BUG: kernel NULL pointer dereference, address: 0000000000000008
            # call trace: media_device_get_info [mc] <- media_device_ioctl [mc] <- __x64_sys_ioctl
            # signature: null-pointer-dereference: media_device_get_info <- media_device_ioctl [mc] <- __x64_sys_ioctl
            not ok 1 BUG_unable_to_handle_kernel_NULL_pointer_dereference_in_media_device_get_info

            """)
    }

    @Test("JSON: every key present, null when the log does not say")
    func json() throws {
        let report = KernelLogReport(text: "refcount_t: underflow; use-after-free.\n")
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let counts = try #require(object["counts"] as? [String: Any])
        #expect(counts["lines"] as? Int == 1)
        #expect(counts["findings"] as? Int == 1)
        #expect(counts["unique"] as? Int == 1)
        #expect(counts["byKind"] as? [String: Int] == ["refcount": 1])
        let findings = try #require(object["findings"] as? [[String: Any]])
        try #require(findings.count == 1)
        #expect(Set(findings[0].keys) == [
            "kind", "function", "module", "title", "syzbotTitle", "detail", "frames", "signature", "count", "timestamp",
            "task", "pid",
        ])
        // No WARNING line and no frame followed: the title names no function.
        #expect(findings[0]["syzbotTitle"] as? String == "WARNING: refcount bug")
        #expect(findings[0]["kind"] as? String == "refcount")
        #expect(findings[0]["function"] is NSNull)
        #expect(findings[0]["timestamp"] is NSNull)
        #expect(findings[0]["title"] as? String == "refcount_t: underflow; use-after-free.")
        #expect(findings[0]["count"] as? Int == 1)
    }
}
