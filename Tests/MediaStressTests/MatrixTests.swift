import Glibc
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

@testable import mediactl_lab

/// The kernel matrix's bookkeeping (`mediactl-lab matrix`): expectations, cells judged
/// against them, and MATRIX.md, byte for byte as the committed one.
@Suite struct MatrixTests {
    static let repository = TestMachine.repository
    static let run = repository + "/Tests/MediaStressTests/Fixtures/matrix-2026-12-01"

    static func expectations() throws -> [MatrixKey: MatrixExpectation] {
        try MatrixExpectation.parse(try TextFile.read(repository + "/Scripts/kernel/expected.tsv"))
    }

    static func summary(_ verdict: StressReport.Verdict, kinds: [String] = [], functions: [String] = []) throws -> StressSummary {
        let json = """
            {"summary": {"verdict": "\(verdict.rawValue)", "kinds": [\(kinds.map { "\"\($0)\"" }.joined(separator: ","))],
            "kindNames": [], "functions": [\(functions.map { "\"\($0)\"" }.joined(separator: ","))],
            "frames": [], "pin": [], "checks": "contract 7/7"}}
            """
        return try #require(MatrixCell.summary(json: json))
    }

    /// The MATRIX.md of 2026-12-01 (Fixtures/matrix-2026-12-01/MATRIX.md, as the Bash
    /// renderer Scripts/lib/matrix-md.sh wrote and committed it), from the inputs of its run:
    /// the Swift renderer writes the same, to the byte. (Scripts/kernel/MATRIX.md is the
    /// latest run's, which each run writes anew.)
    @Test func matrixMarkdownIsTheCommittedOneFromItsRunsInputs() throws {
        let table = try MatrixRun.scenarioTable(try TextFile.read(Self.run + "/scenarios.tsv"))
        let kernels = try MatrixRun.kernelTable(try TextFile.read(Self.run + "/kernels.tsv"))
        // The run's own inputs: its scenarios and expectations as they were that day.
        let expectations = try MatrixExpectation.parse(try TextFile.read(Self.run + "/expected.tsv"))
        var cells: [MatrixKey: JudgedCell] = [:]
        for kernel in kernels {
            for scenario in table {
                let key = MatrixKey(kernel: kernel.label, scenario: scenario.name)
                cells[key] = JudgedCell(try MatrixRun.cell(key, in: Self.run), expectation: expectations[key])
            }
        }
        let run = MatrixRun(
            kernels: kernels, scenarios: table, cells: cells, expectedName: "expected.tsv", debianRoute: "initramfs",
            date: "2026-12-01", commit: "bcf23c4", stepSeconds: try MatrixRun.pairs(try TextFile.read(Self.run + "/steps.tsv")))
        let committed = try TextFile.read(Self.run + "/MATRIX.md")
        let rendered = MatrixMarkdown.render(run)
        #expect(rendered == committed)
        if rendered != committed {
            let pairs = zip(rendered.split(separator: "\n", omittingEmptySubsequences: false), committed.split(separator: "\n", omittingEmptySubsequences: false))
            let first = pairs.first { $0.0 != $0.1 }
            Issue.record("first different line:\n\(first.map { "\($0.0)\n\($0.1)" } ?? "(one is longer)")")
        }
        #expect(run.disagreements == 0 && run.withoutExpectation == 0)
    }

    @Test func expectationsReadTheCommittedFileAndRefuseABadLine() throws {
        let expectations = try Self.expectations()
        #expect(expectations.count == 35)  // 5 kernels x 7 scenarios
        let uaf = try #require(expectations[MatrixKey(kernel: "kasan-6.12", scenario: "park-device-info")])
        #expect(uaf.kinds == ["use-after-free", "null-pointer-dereference"] && uaf.functions == ["mutex_lock", "media_device_get_info"])
        #expect(expectations[MatrixKey(kernel: "debian-6.12", scenario: "stream")]?.text == "clean [R (3 cycles,  KASAN kernels)]")
        #expect(throws: LabInputError(line: 2, reason: "3 fields, not kernel, scenario, verdict, kinds, functions, source")) {
            try MatrixExpectation.parse("# comment\nk\ts\tclean\n")
        }
        #expect(throws: LabInputError(line: 2, reason: "a second line for k s")) {
            try MatrixExpectation.parse("k\ts\tclean\t-\t-\tR\nk\ts\tclean\t-\t-\tR\n")
        }
    }

    /// Kinds compare as sets, functions as a subset: every reason is said, once.
    @Test func aCellDisagreesForEachReasonAndAgreesOnASetOfKinds() throws {
        let key = MatrixKey(kernel: "kasan-6.12", scenario: "park-device-info")
        let expectation = try #require(try Self.expectations()[key])
        let same = MatrixCell(key, summary: try Self.summary(.finding, kinds: ["null-pointer-dereference", "use-after-free"],
            functions: ["media_device_get_info", "mutex_lock", "other"]), exitStatus: 0, wall: "8.5")
        #expect(JudgedCell(same, expectation: expectation).agreement == .agrees)
        let clean = MatrixCell(key, summary: try Self.summary(.clean), exitStatus: 0, wall: "8.5")
        let judged = JudgedCell(clean, expectation: expectation)
        #expect(judged.agreement == .disagrees([
            "verdict clean, expected finding", "kinds {}, expected {null-pointer-dereference,use-after-free}",
            "no finding in mutex_lock", "no finding in media_device_get_info",
        ]))
        #expect(judged.line == "kasan-6.12 / park-device-info: clean; 8.5 s; agrees: NO: verdict clean, expected finding; kinds {}, expected {null-pointer-dereference,use-after-free}; no finding in mutex_lock; no finding in media_device_get_info")
        #expect(JudgedCell(clean, expectation: nil).agreement == .notCompared)
    }

    /// A clean cell on a kernel that cannot see what another row finds must say so: Debian's
    /// leak-control cells (no kmemleak in its configs) expect `clean (blind to memory leaks)`.
    @Test func aBlindCleanCellMustNameItsBlindSpot() throws {
        let key = MatrixKey(kernel: "debian-6.12", scenario: "leak-control")
        let expectation = try #require(try Self.expectations()[key])
        #expect(expectation.verdict == "clean" && expectation.blindTo == ["memory leaks"])
        #expect(expectation.text == "clean (blind to memory leaks) [K]")
        let silent = MatrixCell(key, summary: try Self.summary(.clean), exitStatus: 0, wall: "9.0")
        #expect(JudgedCell(silent, expectation: expectation).agreement == .disagrees(["does not say it was blind to memory leaks"]))
        var named = try Self.summary(.clean)
        named.blindTo = ["use-after-free of page allocations", "memory leaks"]
        #expect(JudgedCell(MatrixCell(key, summary: named, exitStatus: 0, wall: "9.0"), expectation: expectation).agreement == .agrees)
    }

    /// A boot that timed out is `vm-exit-124` even when a report came back; no report is
    /// `no-report`; a kernel that could not be made fails its cells, saying why.
    @Test func cellsWithoutAReportOrAKernelNeverPass() throws {
        let key = MatrixKey(kernel: "kasan-6.12", scenario: "stream")
        let expectation = try Self.expectations()[key]
        let timedOut = MatrixCell(key, summary: try Self.summary(.clean), exitStatus: 124, wall: "900.1")
        #expect(timedOut.verdict == "vm-exit-124" && !timedOut.hasReport)
        #expect(JudgedCell(timedOut, expectation: expectation).disagrees)
        let none = MatrixCell(key, summary: MatrixCell.summary(json: "mediactl: no device\n"), exitStatus: 2, wall: "7.0")
        #expect(none.verdict == "no-report" && JudgedCell(none, expectation: expectation).disagrees)
        let noKernel = JudgedCell(noKernel: key, reason: "no v4 series", expectation: expectation)
        #expect(noKernel.agreement == .disagrees(["no v4 series"]))
        #expect(MatrixMarkdown.cellRow(noKernel) == "| kasan-6.12 | stream | no-kernel | - | - | - | - | - | 0 | clean [R] | NO: no v4 series |\n")
    }

    @Test func aCellFileThatIsNotExitAndWallIsRefused() async throws {
        let directory = try #require(Self.temporaryDirectory())
        defer { FileTree.remove(directory) }
        _ = await BuiltBinary.runProgram("/bin/mkdir", [directory + "/k"])
        try TextFile.write("oops\n", to: directory + "/k/s.cell")
        #expect(throws: LabFileError.self) { try MatrixRun.cell(MatrixKey(kernel: "k", scenario: "s"), in: directory) }
        #expect(throws: LabFileError.self) { try MatrixRun.cell(MatrixKey(kernel: "k", scenario: "missing"), in: directory) }
    }

    static func temporaryDirectory() -> String? {
        FileTree.temporaryDirectory("matrix-test")
    }
}
