import FoundationEssentials
import KernelLog
import MediaController
import Testing

@testable import MediaStress

@Suite struct StressReportTests {
    static func cycle(_ index: Int, clean: Bool) -> CycleReport {
        var cycle = CycleReport(index: index)
        cycle.held = [HeldNode(kind: .media, path: "/dev/media0", entity: "VIMC MDEV")]
        cycle.afterUnbind.record("DEVICE_INFO", .ioError)
        cycle.contract = [
            ContractCheck(name: "DEVICE_INFO after unbind", node: "/dev/media0", expected: "EIO", actual: clean ? "EIO" : "OK")
        ]
        cycle.topologyUnchanged = true
        return cycle
    }

    static func report(_ cycles: [CycleReport], verdict: StressReport.Verdict) -> StressReport {
        var report = StressReport(
            configuration: StressConfiguration(cycles: cycles.count),
            environment: StressEnvironment(
                kernelRelease: "6.12.117+deb12-amd64", kernelCommandLine: "slub_debug=FZPU", panicOnOops: false,
                enumerator: "udev", waiting: "sysfs polling"))
        report.cycles = cycles
        report.verdict = verdict
        return report
    }

    @Test(arguments: [
        (StressReport.Verdict.clean, Int32(0)), (.finding, 1), (.setupError, 2), (.deviceLost, 3),
    ])
    func exitCodesFollowTheVerdict(verdict: StressReport.Verdict, code: Int32) {
        #expect(Self.report([], verdict: verdict).exitCode == code)
    }

    @Test func contractDeviationIsAFindingOfItsOwnKind() {
        let report = Self.report([Self.cycle(1, clean: true), Self.cycle(2, clean: false)], verdict: .finding)
        #expect(report.cycles[0].isClean)
        #expect(!report.cycles[1].isClean)
        #expect(report.contractDeviations.map(\.name) == ["DEVICE_INFO after unbind"])
        let text = StressReportRenderer().text(report)
        #expect(text.contains("contract: DEVICE_INFO after unbind on /dev/media0: expected EIO, got OK"))
        #expect(text.contains("verdict: finding after 2 cycles"))
    }

    @Test func ktapHasATestPointPerCycleAndASubtestPerCheck() {
        let report = Self.report([Self.cycle(1, clean: true), Self.cycle(2, clean: false)], verdict: .finding)
        let lines = StressReportRenderer().ktap(report).split(separator: "\n").map(String.init)
        #expect(lines.first == "KTAP version 1")
        #expect(lines[1] == "1..2")
        #expect(lines.contains("ok 1 cycle_1"))
        #expect(lines.contains("not ok 2 cycle_2"))
        #expect(lines.contains("    not ok 2 DEVICE_INFO_after_unbind_dev_media0 # expected EIO, got OK"))
        #expect(lines.contains("    ok 3 kernel_log_clean"))
    }

    /// A clean run names what the kernel could not see, in text, KTAP and JSON: here the
    /// stock Debian 6.12 kernel booted with slub_debug=FZPU (KernelDetectorsTests).
    @Test func cleanVerdictNamesTheBlindSpots() throws {
        var report = Self.report([Self.cycle(1, clean: true)], verdict: .clean)
        report.environment.detectors = KernelDetectors(
            KernelFacts(
                config: KernelDetectorsTests.debian612, commandLine: "slub_debug=FZPU", slabPoison: true,
                kfenceSampleInterval: 0, lockdepFile: false, kmemleakFile: false))
        let text = StressReportRenderer().text(report)
        #expect(text.contains(
            "verdict: clean; blind to use-after-free of page allocations, out-of-bounds accesses, deadlocks and lock misuse, memory leaks after 1 cycles"))
        #expect(text.contains(
            "  blind to use-after-free of page allocations: KASAN off, page_poison off, init_on_free off, debug_pagealloc off (to see it: boot with page_poison=1 init_on_free=1)\n"))
        #expect(text.contains("detectors: KASAN off, KFENCE off, slub_debug poison (slub_debug=FZPU), page_poison off"))
        let ktap = StressReportRenderer().ktap(report)
        #expect(ktap.contains("\n# blind to memory leaks: kmemleak off (to see it: build with CONFIG_DEBUG_KMEMLEAK=y)\n"))
        #expect(report.summary.blindTo?.first == "use-after-free of page allocations")
        report.verdict = .finding
        #expect(!StressReportRenderer().text(report).contains("; blind to"), "a finding's verdict is not hedged")
    }

    @Test func ktapOfARunThatNeverStartedSaysWhy() {
        var report = Self.report([], verdict: .setupError)
        report.error = "must run as root"
        #expect(StressReportRenderer().ktap(report).contains("not ok 1 setup # must run as root"))
    }

    @Test func reportRoundTripsThroughJSON() throws {
        let report = Self.report([Self.cycle(1, clean: true)], verdict: .clean)
        let json = try JSONRenderer().renderValue(report)
        let decoded = try JSONDecoder().decode(StressReport.self, from: Data(json.utf8))
        #expect(decoded.cycles.count == 1)
        #expect(decoded.cycles[0].afterUnbind == report.cycles[0].afterUnbind)
        #expect(decoded.environment == report.environment)
    }

    /// Three cycles with pins, streams and a contract deviation, and four unique findings:
    /// one with more than three frames, one with a single frame, one without function or frames.
    static func summarizedReport() -> StressReport {
        var report = Self.report([Self.cycle(1, clean: true), Self.cycle(2, clean: false), Self.cycle(3, clean: true)], verdict: .finding)
        report.cycles[1].contract.append(ContractCheck(name: "G_TOPOLOGY after unbind", node: "/dev/media0", expected: "EIO", actual: "EIO"))
        let outcomes: [UserfaultPin.Outcome] = [.returned(errno: nil), .killed(tid: 77), .returned(errno: "ENODEV")]
        for (index, outcome) in outcomes.enumerated() {
            report.cycles[index].pin = PinReport(ioctl: .deviceInfo, node: "/dev/media0", parkSeconds: 0.5, outcome: outcome)
        }
        for (index, frames) in [3, 4].enumerated() {
            report.cycles[index].stream = StreamReport(
                node: "/dev/video0", framesBeforeUnbind: frames, dequeueAfterUnbind: "ENODEV", streamOffAfterUnbind: "ENODEV", close: "OK")
        }
        let uaf = KernelFinding(
            kind: .useAfterFree, title: "BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a", function: "mutex_lock",
            frames: [StackFrame(function: "mutex_lock"), StackFrame(function: "media_device_ioctl", module: "mc"),
                     StackFrame(function: "vfs_ioctl"), StackFrame(function: "__x64_sys_ioctl")])
        let gpf = KernelFinding(kind: .generalProtectionFault, title: "Oops: general protection fault", function: "__mutex_lock",
                                frames: [StackFrame(function: "__mutex_lock")])
        let warning = KernelFinding(kind: .warning, title: "WARNING: CPU: 0 PID: 1 at x.c:1")
        let null = KernelFinding(kind: .nullPointerDereference, title: "BUG: kernel NULL pointer dereference", function: "media_device_get_info",
                                 frames: [StackFrame(function: "media_device_get_info", module: "mc")])
        report.uniqueFindings = [
            UniqueFinding(finding: uaf, count: 2, cycles: [1, 2]), UniqueFinding(finding: gpf, count: 1, cycles: [2]),
            UniqueFinding(finding: warning, count: 1, cycles: [3]), UniqueFinding(finding: null, count: 3, cycles: [1, 2, 3]),
        ]
        return report
    }

    @Test func summaryIsTheReportInFlatValues() {
        let summary = Self.summarizedReport().summary
        #expect(summary.verdict == .finding)
        #expect(summary.kinds == ["contract", "general-protection-fault", "null-pointer-dereference", "use-after-free", "warning"])
        #expect(summary.kindNames == ["contract", "oops/GPF", "null deref", "use-after-free", "warning"])
        #expect(summary.functions == ["__mutex_lock", "media_device_get_info", "mutex_lock"])
        #expect(summary.frames == [
            "UAF: mutex_lock <- media_device_ioctl [mc] <- vfs_ioctl (x2)", "GPF: __mutex_lock (x1)", "warning:  (x1)",
            "null deref: media_device_get_info [mc] (x3)",
        ])
        #expect(summary.pin == ["killed", "returned 0", "returned ENODEV"])
        // Cycles 1 and 3: one check each, passed; cycle 2: one deviation, one passed.
        #expect(summary.checks == "contract 3/4, 7 frame(s) streamed")
    }

    @Test func summaryOfACleanRunWithoutPinOrStream() {
        let summary = Self.report([Self.cycle(1, clean: true), Self.cycle(2, clean: true)], verdict: .clean).summary
        #expect(summary.verdict == .clean)
        #expect(summary.kinds.isEmpty && summary.kindNames.isEmpty && summary.functions.isEmpty)
        #expect(summary.frames.isEmpty && summary.pin.isEmpty)
        #expect(summary.checks == "contract 2/2")
    }

    /// Any key of a JSON object.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The keys of the JSON report, and its summary.
    struct Emitted: Decodable {
        var keys: Set<String>
        var summary: StressSummary
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            keys = Set(container.allKeys.map(\.stringValue))
            summary = try container.decode(StressSummary.self, forKey: AnyKey(stringValue: "summary"))
        }
    }

    @Test func jsonHasEveryStoredPropertyAndTheSummary() throws {
        var report = Self.summarizedReport()
        // Every optional set, so that every stored property has a key.
        report.target = StressTarget(
            mediaNode: "/dev/media0", deviceName: "vimc.0", deviceSysPath: "/sys/devices/platform/vimc.0", driver: "vimc",
            driverSysPath: "/sys/bus/platform/drivers/vimc", nodes: [])
        report.error = "x"
        report.otherUser = "cam (pid 1)"
        report.recovered = ["vimc.0"]
        report.notApplicable = NotApplicable(.kernel, errno: "ENOTTY", function: "__video_do_ioctl")
        report.leaks = LeakReport(scope: "device", scanned: true, seconds: 9.5, unreferenced: 2)
        let json = try JSONRenderer().renderValue(report)
        let emitted = try JSONDecoder().decode(Emitted.self, from: Data(json.utf8))
        let stored = Set(Mirror(reflecting: report).children.compactMap(\.label))
        #expect(stored.subtracting(emitted.keys).isEmpty, "not written: \(stored.subtracting(emitted.keys).sorted())")
        #expect(emitted.keys == stored.union(["summary"]))
        #expect(emitted.summary == report.summary)
        // Read back, the report is what was written (the summary is derived again).
        let decoded = try JSONDecoder().decode(StressReport.self, from: Data(json.utf8))
        #expect(decoded.recovered == ["vimc.0"] && decoded.otherUser == "cam (pid 1)" && decoded.error == "x")
        #expect(decoded.target == report.target)
        #expect(decoded.summary == report.summary)
        #expect(emitted.summary.frames.first == "UAF: mutex_lock <- media_device_ioctl [mc] <- vfs_ioctl (x2)")
    }

    @Test func outcomeCountsMergeAndTotal() {
        var first = OutcomeCounts()
        first.record("DEVICE_INFO", nil)
        first.record("DEVICE_INFO", .ioError)
        var second = OutcomeCounts()
        second.record("DEVICE_INFO", .ioError)
        second.record("G_FMT", .operationNotSupportedByDevice)
        first.merge(second)
        #expect(first.counts["DEVICE_INFO"] == ["OK": 1, "EIO": 2])
        #expect(first.counts["G_FMT"] == ["ENODEV": 1])
        #expect(first.total == 4)
    }

    @Test(arguments: [(1.25, 1, "1.3"), (0.04, 1, "0.0"), (12.0, 0, "12"), (3.14159, 3, "3.142")])
    func fixedDecimals(value: Double, digits: Int, text: String) {
        #expect(fixed(value, digits: digits) == text)
    }

    /// The finding block and the progress line keep the wording the README shows from a real
    /// run on Debian's 6.12.117 (the words `mediactl klog` shares).
    @Test func aKernelFindingIsPrintedInTheREADMEsWords() {
        let finding = KernelFinding(
            kind: .generalProtectionFault,
            title: "Oops: general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b9c: 0000 [#2] PREEMPT SMP NOPTI",
            function: "__mutex_lock", module: "mc",
            frames: [
                StackFrame(function: "__mutex_lock"), StackFrame(function: "media_device_ioctl", module: "mc"),
                StackFrame(function: "__x64_sys_ioctl"), StackFrame(function: "do_syscall_64"),
                StackFrame(function: "entry_SYSCALL_64_after_hwframe"),
            ])
        var cycle = Self.cycle(1, clean: true)
        cycle.findings = [CycleFinding(finding: finding, precededBy: "unbind")]
        var report = Self.report([cycle], verdict: .finding)
        report.uniqueFindings = [UniqueFinding(finding: finding, count: 1, cycles: [1])]
        let text = StressReportRenderer().text(report)
        #expect(text.contains("""
            finding: general-protection-fault in __mutex_lock [mc] (x1, cycles 1)
              Oops: general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b9c: 0000 [#2] PREEMPT SMP NOPTI
              call trace: __mutex_lock <- media_device_ioctl [mc] <- __x64_sys_ioctl <- do_syscall_64 <- entry_SYSCALL_64_after_hwframe

            """))
        #expect(StressReportRenderer().progressLine(cycle, of: 1).hasSuffix(", kernel: general-protection-fault in __mutex_lock"))
        #expect(StressReportRenderer().ktap(report).contains("    not ok 3 kernel_log_clean # general-protection-fault in __mutex_lock\n"))
    }

    @Test func seededGeneratorIsReproducible() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        #expect((0..<5).map { _ in first.next() } == (0..<5).map { _ in second.next() })
    }
}

import SystemPackage
