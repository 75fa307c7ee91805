import KernelLog
import MediaController
import Testing

@testable import MediaStress
@testable import mediactl_lab

/// What Scripts/sweep asks `mediactl-lab sweep` on the host: the cells of the expectations,
/// whether a reproduction found its finding again, whether a state agrees with its rows.
@Suite struct SweepLabTests {
    static func state(_ rows: [(String, StressReport, [KernelFinding])]) throws -> SweepReport {
        var report = SweepReport(device: "platform:vivid-000", driver: "vivid", kernelRelease: "6.12.117", cells: rows.map(\.0))
        for (name, stress, findings) in rows {
            report.add(SweepRow(cell: try #require(SweepCell.named(name)), report: stress), findings: findings)
        }
        return report
    }

    static func finding(_ kind: FindingKind, _ function: String) -> KernelFinding {
        KernelFinding(
            kind: kind, title: "BUG: KASAN: \(kind.rawValue) in \(function)", function: function, module: nil,
            frames: [StackFrame(function: function), StackFrame(function: "media_device_ioctl")])
    }

    static func report(_ findings: [KernelFinding]) -> StressReport {
        var report = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: findings.isEmpty ? .clean : .finding)
        report.uniqueFindings = findings.map { UniqueFinding(finding: $0, count: 1, cycles: [1]) }
        return report
    }

    @Test func theReducedSweepRunsTheCellsTheCommittedExpectationsName() throws {
        let text = try TextFile.read(MatrixTests.repository + "/Scripts/kernel/sweep-expected-vivid.tsv")
        let expectations = try SweepExpectation.parse(text)
        #expect(expectations.count == 30)
        #expect(SweepExpectation.cells(expectations) == [
            "MEDIA_IOC_DEVICE_INFO:in", "VIDIOC_G_FMT:in", "file:read", "file:mmap", "file:open", "file:request",
            "file:request-poll", "file:m2m", "VIDIOC_G_FMT:out@video-out", "VIDIOC_QBUF:out@video-out",
            "VIDIOC_DQBUF:out@video-out", "VIDIOC_G_FMT:out@vbi-out", "VIDIOC_G_MODULATOR:out@radio-tx", "VIDIOC_QBUF:out",
            "VIDIOC_DQBUF:out",
        ])
        // Every cell named is one the sweep has (a misspelled kind would run nothing).
        #expect(SweepExpectation.cells(expectations).allSatisfy { SweepCell.named($0) != nil })
        #expect(expectations[0].finding == "use-after-free in mutex_lock" && expectations[5].finding == "any kind in media_request_release" && expectations[2].finding == nil)
        #expect(throws: LabInputError(line: 1, reason: "3 fields, not kernel, cell, result, finding")) {
            try SweepExpectation.parse("k\tc\tclean\n")
        }
    }

    /// vivid's freed media device, handed out again: KASAN says out-of-bounds where the
    /// expectation says use-after-free, and the row agrees.
    @Test func aRowAgreesWithItsResultAndFindingOutOfBoundsCountingAsUseAfterFree() throws {
        let oob = Self.finding(.outOfBounds, "mutex_lock")
        let state = try Self.state([
            ("MEDIA_IOC_DEVICE_INFO:in", Self.report([oob]), [oob]),
            ("VIDIOC_G_FMT:in", Self.report([]), []),
        ])
        let uaf = SweepExpectation(kernel: "kasan-6.12", cell: "MEDIA_IOC_DEVICE_INFO:in", result: "finding", finding: "use-after-free in mutex_lock")
        #expect(uaf.disagreement(with: state, driver: "vivid") == nil)
        var other = uaf
        other.finding = "use-after-free in media_device_get_info"
        #expect(other.disagreement(with: state, driver: "vivid") == "expected finding (use-after-free in media_device_get_info), got finding (out-of-bounds in mutex_lock)")
        let clean = SweepExpectation(kernel: "kasan-6.12", cell: "VIDIOC_G_FMT:in", result: "finding", finding: nil)
        #expect(clean.disagreement(with: state, driver: "vivid") == "expected finding, got clean (no finding)")
        let missing = SweepExpectation(kernel: "kasan-6.12", cell: "file:read", result: "clean", finding: nil)
        #expect(missing.disagreement(with: state, driver: "vivid") == "expected clean, got nothing (no finding)")
        #expect(missing.disagreement(with: nil, driver: "vivid") == "expected clean, got nothing (no finding)")
        // Not for vimc: no reproduction saw its device reused.
        #expect(uaf.disagreement(with: state, driver: "vimc") != nil)
        let any = SweepExpectation(kernel: "kasan-6.12", cell: "MEDIA_IOC_DEVICE_INFO:in", result: "finding", finding: "any kind in mutex_lock")
        #expect(any.disagreement(with: state, driver: "vimc") == nil)
    }

    /// The reproduction's report found the same signature, or an out-of-bounds at the same
    /// frames; another finding, or no report, is not a reproduction.
    @Test func aReproductionFindsTheSameSignatureOrItsOutOfBounds() throws {
        let uaf = Self.finding(.useAfterFree, "mutex_lock")
        let json = try JSONRenderer().renderValue(Self.report([Self.finding(.outOfBounds, "mutex_lock")]))
        #expect(SweepReproduction.found(uaf.signature, inReport: json, driver: "vivid"))
        // Recorded for vivid only: on vimc an out-of-bounds is another finding.
        #expect(!SweepReproduction.found(uaf.signature, inReport: json, driver: "vimc"))
        let other = try JSONRenderer().renderValue(Self.report([Self.finding(.nullPointerDereference, "mutex_lock")]))
        #expect(!SweepReproduction.found(uaf.signature, inReport: other, driver: "vivid"))
        #expect(!SweepReproduction.found(uaf.signature, inReport: "", driver: "vivid"))
        #expect(!SweepReproduction.found(uaf.signature, inReport: "mediactl: no device matches -d vivid\n", driver: "vivid"))
    }

    /// `not-applicable:CLASS` compares the class; plain `not-applicable` takes any.
    @Test func aNotApplicableRowCanNameItsClass() throws {
        var state = try Self.state([])
        state.cells = ["VIDIOC_G_CROP:out"]
        state.rows = [SweepRow(cell: try #require(SweepCell.named("VIDIOC_G_CROP:out")), notApplicable: "no node")]
        state.rows[0].notApplicable = NotApplicable(.kernel, errno: "ENOTTY", function: "__video_do_ioctl")
        func row(_ result: String) -> SweepExpectation {
            SweepExpectation(kernel: "kasan-6.12", cell: "VIDIOC_G_CROP:out", result: result, finding: nil)
        }
        #expect(row("not-applicable").disagreement(with: state, driver: "vivid") == nil)
        #expect(row("not-applicable:kernel").disagreement(with: state, driver: "vivid") == nil)
        #expect(row("not-applicable:tool").disagreement(with: state, driver: "vivid") == "expected not-applicable:tool, got not-applicable:kernel (no finding)")
    }

    /// A `tool` cell fails the gate on vimc, vivid and vim2m, and names itself; not on
    /// drivers whose states the tool does not build yet.
    @Test func aToolCellFailsTheGateOnTheGatedDrivers() throws {
        var state = try Self.state([])
        state.rows = [SweepRow(cell: try #require(SweepCell.named("VIDIOC_G_PARM:out")), notApplicable: "zeros")]
        #expect(SweepToolGate.failure(state) == nil)
        state.rows[0].notApplicable = NotApplicable(.tool, errno: "EINVAL")
        #expect(SweepToolGate.failure(state) == "1 cells the tool could not build the state for: VIDIOC_G_PARM:out (EINVAL)")
        state.driver = "visl"
        #expect(SweepToolGate.failure(state) == nil)
    }
}
