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
        #expect(expectations.count == 16)
        #expect(SweepExpectation.cells(expectations) == [
            "MEDIA_IOC_DEVICE_INFO:in", "VIDIOC_G_FMT:in", "file:read", "file:mmap", "file:open", "file:request",
            "file:request-poll", "file:m2m",
        ])
        #expect(expectations[0].finding == "use-after-free in mutex_lock" && expectations[5].finding == nil)
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
        #expect(uaf.disagreement(with: state) == nil)
        var other = uaf
        other.finding = "use-after-free in media_device_get_info"
        #expect(other.disagreement(with: state) == "expected finding (use-after-free in media_device_get_info), got finding (use-after-free in mutex_lock)")
        let clean = SweepExpectation(kernel: "kasan-6.12", cell: "VIDIOC_G_FMT:in", result: "finding", finding: nil)
        #expect(clean.disagreement(with: state) == "expected finding, got clean (no finding)")
        let missing = SweepExpectation(kernel: "kasan-6.12", cell: "file:read", result: "clean", finding: nil)
        #expect(missing.disagreement(with: state) == "expected clean, got nothing (no finding)")
        #expect(missing.disagreement(with: nil) == "expected clean, got nothing (no finding)")
    }

    /// The reproduction's report found the same signature, or an out-of-bounds at the same
    /// frames; another finding, or no report, is not a reproduction.
    @Test func aReproductionFindsTheSameSignatureOrItsOutOfBounds() throws {
        let uaf = Self.finding(.useAfterFree, "mutex_lock")
        let json = try JSONRenderer().renderValue(Self.report([Self.finding(.outOfBounds, "mutex_lock")]))
        #expect(SweepReproduction.found(uaf.signature, inReport: json))
        let other = try JSONRenderer().renderValue(Self.report([Self.finding(.nullPointerDereference, "mutex_lock")]))
        #expect(!SweepReproduction.found(uaf.signature, inReport: other))
        #expect(!SweepReproduction.found(uaf.signature, inReport: ""))
        #expect(!SweepReproduction.found(uaf.signature, inReport: "mediactl: no device matches -d vivid\n"))
    }
}
