import Foundation
import KernelLog
import Testing

@testable import MediaStress

/// SWEEP.md's findings part: where a fix belongs (computed entry, hand-written analysis),
/// whether the v4 series closes each finding, and the write-up of a finding nobody listed.
@Suite struct SweepMarkdownTests {
    static let uaf = KernelFinding(
        kind: .useAfterFree, title: "BUG: KASAN: slab-use-after-free in find_entity+0x1/0x2", function: "find_entity",
        frames: ["find_entity", "media_device_enum_links", "media_device_ioctl", "vfs_ioctl", "__x64_sys_ioctl"].map { StackFrame(function: $0) },
        lines: ["BUG: KASAN: slab-use-after-free in find_entity+0x1/0x2"])
    static let null = KernelFinding(
        kind: .nullPointerDereference, title: "Oops: general protection fault", function: "media_device_get_info",
        frames: ["media_device_get_info", "media_device_ioctl", "vfs_ioctl", "__x64_sys_ioctl"].map { StackFrame(function: $0) },
        lines: [
            "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] SMP KASAN",
            "CPU: 0 UID: 0 PID: 41 Comm: mediactl Not tainted 6.12.117 #2 ", "Code: 7c 24 68", "Call Trace:", " <TASK>",
            " media_device_ioctl+0x260/0x302", " ? copy_arg_from_user+0x26/0x26", " vfs_ioctl+0x6a/0x7d",
            "RIP: 0033:0x7f34ece9ed6b", "RSP: 002b:00007f34ec59ad50", " </TASK>",
        ])

    /// A stock sweep that finds both, and a v4 sweep that finds only the NULL dereference.
    static func sweeps() throws -> [SweepReport] {
        let names = ["MEDIA_IOC_DEVICE_INFO:in", "MEDIA_IOC_ENUM_LINKS:in"]
        func row(_ name: String, _ findings: [KernelFinding]) throws -> SweepRow {
            var report = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: findings.isEmpty ? .clean : .finding)
            report.uniqueFindings = findings.map { UniqueFinding(finding: $0, count: 1, cycles: [1]) }
            return SweepRow(cell: SweepCell(pin: try .parse(name)), report: report)
        }
        var stock = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: names)
        stock.label = "kasan-6.12"
        stock.add(try row(names[0], [null]), findings: [null])
        stock.add(try row(names[1], [uaf]), findings: [uaf])
        var v4 = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117-v4", cells: names)
        v4.label = "kasan-6.12-mc-v4"
        v4.add(try row(names[0], [null]), findings: [null])
        v4.add(try row(names[1], []), findings: [])
        return [stock, v4]
    }

    static let analysis = """
        # comment
        use-after-free: find_entity <- media_device_enum_links <- media_device_ioctl <- vfs_ioctl\tclass: the listed race\tmedia_device_ioctl: no reference\tThe list of a freed device.
        null-pointer-dereference: media_device_get_info <- media_device_ioctl <- vfs_ioctl <- __x64_sys_ioctl\tno\tmedia_device_get_info\tdev->dev->driver is NULL.

        """

    /// A finding on one driver is judged only by the v4 sweeps of that driver: vivid's
    /// finding is not "closed" because vimc's v4 row of the same cell was clean, and a
    /// driver's v4 cells swept in two runs count together.
    @Test func v4IsJudgedPerDriverAcrossItsRuns() throws {
        var sweeps = try Self.sweeps()
        var vivid = sweeps[0]
        vivid.driver = "vivid"
        vivid.label = "kasan-6.12-vivid"
        sweeps.append(vivid)
        let markdown = SweepMarkdown.render(sweeps)
        let vividPart = try #require(markdown.components(separatedBy: "## kasan-6.12-vivid").last)
        #expect(vividPart.contains("| unknown: no v4 sweep |"), "\(vividPart)")
        var first = sweeps[1]
        first.rows = [first.rows[0]]
        var second = sweeps[1]
        second.rows = [second.rows[1]]
        second.label = "kasan-6.12-mc-v4-more"
        let merged = try #require(SweepMarkdown.v4Report([sweeps[0], first, second], driver: "vimc"))
        #expect(merged.rows.map(\.cell) == ["MEDIA_IOC_DEVICE_INFO:in", "MEDIA_IOC_ENUM_LINKS:in"])
        #expect(SweepMarkdown.v4Report([sweeps[0], first], driver: "vivid") == nil)
    }

    /// KASAN calls the same access to freed memory out-of-bounds once the memory was handed
    /// out again: a v4 row with the out-of-bounds of the same frames has not closed it.
    /// An out-of-bounds at the same frames is another finding on vimc: no reproduction
    /// recorded vimc's freed memory reused (SweepFindingRule.facts); it does not count as
    /// the use-after-free still there.
    @Test func anOutOfBoundsAtTheSameFramesOnV4IsAnotherFindingUnlessRecorded() throws {
        var sweeps = try Self.sweeps()
        let outOfBounds = KernelFinding(
            kind: .outOfBounds, title: "BUG: KASAN: slab-out-of-bounds in find_entity+0x1/0x2", function: "find_entity",
            frames: Self.uaf.frames, lines: [])
        var report = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        report.uniqueFindings = [UniqueFinding(finding: outOfBounds, count: 1, cycles: [1])]
        sweeps[1].rows[1] = SweepRow(cell: SweepCell(pin: try .parse("MEDIA_IOC_ENUM_LINKS:in")), report: report)
        let stockFinding = try #require(sweeps[0].findings.first { $0.signature == Self.uaf.signature })
        #expect(SweepMarkdown.closed(stockFinding, by: sweeps[1]).hasPrefix("yes: "))
    }

    /// A stock kernel (no KASAN) names the use-after-free a general protection fault where
    /// slub's poison faults; the v4 kernel (KASAN) names it a use-after-free. The v4 sweep
    /// not finding "general-protection-fault" there says nothing about the bug: unknown,
    /// never closed (uvcvideo's three kernels in SWEEP-uvcvideo.md).
    @Test func aKernelWithOtherDetectorsIsNotJudgedByTheV4Sweep() throws {
        var sweeps = try Self.sweeps()
        let fault = KernelFinding(
            kind: .generalProtectionFault, title: "Oops: general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b68",
            function: "__mutex_lock", frames: ["__mutex_lock", "media_device_ioctl", "__x64_sys_ioctl"].map { StackFrame(function: $0) },
            lines: [])
        var report = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        report.uniqueFindings = [UniqueFinding(finding: fault, count: 1, cycles: [1])]
        var stock = SweepReport(device: "usb-vhci_hcd.0-1", driver: "vimc", kernelRelease: "6.12.117+deb12-amd64", cells: ["MEDIA_IOC_ENUM_LINKS:in"])
        stock.label = "debian-6.12"
        stock.add(SweepRow(cell: SweepCell(pin: try .parse("MEDIA_IOC_ENUM_LINKS:in")), report: report), findings: [fault])
        sweeps[1].kernelRelease = "6.12.117-mediactl-6ef05677"
        var uafOnV4 = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        uafOnV4.uniqueFindings = [UniqueFinding(finding: Self.uaf, count: 1, cycles: [1])]
        sweeps[1].rows[1] = SweepRow(cell: SweepCell(pin: try .parse("MEDIA_IOC_ENUM_LINKS:in")), report: uafOnV4)
        let finding = try #require(stock.findings.first)
        let verdict = SweepMarkdown.closed(finding, by: sweeps[1], of: stock)
        #expect(verdict.hasPrefix("unknown here: v4 was swept on kasan-6.12-mc-v4 (6.12.117-mediactl-6ef05677)"), "\(verdict)")
        let markdown = SweepMarkdown.render([stock, sweeps[1]])
        #expect(!markdown.contains("yes: not found on v4"), "\(markdown)")
    }

    @Test func eachFindingSaysWhereItCameInAndWhereAFixBelongs() throws {
        let markdown = SweepMarkdown.render(try Self.sweeps(), analysis: try SweepAnalysis.parse(Self.analysis))
        #expect(markdown.contains("""
            ### use-after-free in find_entity <- media_device_enum_links

            - signature: `use-after-free: find_entity <- media_device_enum_links <- media_device_ioctl <- vfs_ioctl`
            - first frames: find_entity <- media_device_enum_links <- media_device_ioctl <- vfs_ioctl
            - cells: kasan-6.12: MEDIA_IOC_ENUM_LINKS:in
            - closed by the v4 series: vimc: yes: clean on v4
            - came in by: `ioctl: media_device_ioctl -> media_device_enum_links -> find_entity`
            - fix belongs in: media_device_ioctl: no reference
            - listed before: same bug, new call site: the listed race
            - analysis: The list of a freed device.
            """), "\(markdown)")
        #expect(markdown.contains("- cells: kasan-6.12: MEDIA_IOC_DEVICE_INFO:in; kasan-6.12-mc-v4: MEDIA_IOC_DEVICE_INFO:in\n"))
        #expect(markdown.contains("- closed by the v4 series: vimc: no: still found in MEDIA_IOC_DEVICE_INFO:in\n"))
        #expect(markdown.contains("- listed before: no (write-up below)\n"))
    }

    @Test func anUnlistedFindingGetsAWriteUpWithTheSplatOfAnUntaintedKernel() throws {
        let markdown = SweepMarkdown.render(try Self.sweeps(), analysis: try SweepAnalysis.parse(Self.analysis))
        let writeUp = try #require(markdown.split(separator: "## Write-up: ").dropFirst().first)
        #expect(writeUp.hasPrefix("null-pointer-dereference in media_device_get_info\n"))
        #expect(writeUp.contains("`mediactl stress unbind -d platform:vimc --pin MEDIA_IOC_DEVICE_INFO:in`"))
        // No `? ` frames, code bytes or user-space registers; the trace up to the user-space RIP.
        #expect(writeUp.contains("""
            ```
            Oops: general protection fault, probably for non-canonical address 0xdffffc0000000000: 0000 [#1] SMP KASAN
            CPU: 0 UID: 0 PID: 41 Comm: mediactl Not tainted 6.12.117 #2 
            Call Trace:
             <TASK>
             media_device_ioctl+0x260/0x302
             vfs_ioctl+0x6a/0x7d
            ```
            """), "\(writeUp)")
        #expect(writeUp.contains("**Analysis.** dev->dev->driver is NULL."))
        #expect(markdown.components(separatedBy: "## Write-up: ").count == 2)
    }

    @Test func withoutAnAnalysisFileTheEntryStandsIn() throws {
        let markdown = SweepMarkdown.render(try Self.sweeps())
        #expect(markdown.contains("- fix belongs in: `media_device_ioctl`, the entry (no analysis yet)\n"))
        #expect(!markdown.contains("listed before") && !markdown.contains("## Write-up"))
    }

    @Test func theV4VerdictIsUnknownWhenItsCellsDidNotRunThere() throws {
        var sweeps = try Self.sweeps()
        let finding = sweeps[0].findings[1]
        sweeps[1].rows.removeAll { $0.cell == "MEDIA_IOC_ENUM_LINKS:in" }
        #expect(SweepMarkdown.closed(finding, by: sweeps[1]) == "unknown: its cells were not run on v4")
        sweeps[1].rows.append(SweepRow(cell: SweepCell(pin: try .parse("MEDIA_IOC_ENUM_LINKS:in")), notApplicable: "no media node"))
        #expect(SweepMarkdown.closed(finding, by: sweeps[1]) == "unknown: on v4 its cells were not-applicable")
        // A cell that finds something else on v4: this signature is gone, and it says what replaced it.
        var moved = finding
        moved.cells = ["MEDIA_IOC_DEVICE_INFO:in"]
        #expect(SweepMarkdown.closed(moved, by: sweeps[1]) == "yes: not found on v4; MEDIA_IOC_DEVICE_INFO:in found null-pointer-dereference in media_device_get_info instead")
    }

    @Test func analysisLinesAreCheckedOneByOne() throws {
        let parsed = try SweepAnalysis.parse(Self.analysis)
        #expect(parsed.entries.count == 2)
        #expect(parsed["null-pointer-dereference: media_device_get_info <- media_device_ioctl <- vfs_ioctl <- __x64_sys_ioctl"]?.listed == .no)
        #expect(throws: SweepAnalysisError(line: 2, reason: "3 fields, not signature, listed, fix-belongs-in, analysis")) {
            try SweepAnalysis.parse("# x\nsig\tno\tfix\n")
        }
        #expect(throws: SweepAnalysisError(line: 1, reason: "listed is \"maybe\", not `yes: WHERE`, `class: WHY` or `no`")) {
            try SweepAnalysis.parse("sig\tmaybe\tfix\twhy\n")
        }
        #expect(throws: SweepAnalysisError(line: 2, reason: "a second line for sig")) {
            try SweepAnalysis.parse("sig\tyes: KERNEL-LAB.md\tfix\twhy\nsig\tno\tfix\twhy\n")
        }
    }

    /// The committed analysis file parses, and every line's signature is one a committed
    /// SWEEP*.md names (SWEEP.md of vimc and vivid, SWEEP-uvcvideo.md of the USB camera,
    /// SWEEP-mc_mux.md of the routing module on the streams kernel).
    @Test func theCommittedAnalysisFileParses() throws {
        let kernel = UAPIIoctlTableTests.root + "/Scripts/kernel"
        let analysis = try SweepAnalysis.parse(try String(contentsOfFile: kernel + "/sweep-analysis.tsv", encoding: .utf8))
        let sweeps = try ["SWEEP.md", "SWEEP-uvcvideo.md", "SWEEP-mc_mux.md"].map { try String(contentsOfFile: kernel + "/" + $0, encoding: .utf8) }
        #expect(!analysis.entries.isEmpty)
        for signature in analysis.entries.keys {
            #expect(sweeps.contains { $0.contains("`\(signature)`") }, "\(signature)")
        }
    }
}
