import FoundationEssentials
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
        #expect(lines.contains("ok 1 cycle 1"))
        #expect(lines.contains("not ok 2 cycle 2"))
        #expect(lines.contains("    not ok 2 DEVICE_INFO after unbind /dev/media0 # expected EIO, got OK"))
        #expect(lines.contains("    ok 3 kernel log clean"))
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

    @Test func seededGeneratorIsReproducible() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        #expect((0..<5).map { _ in first.next() } == (0..<5).map { _ in second.next() })
    }
}

import SystemPackage
