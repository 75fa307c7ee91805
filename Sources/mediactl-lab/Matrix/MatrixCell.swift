import FoundationEssentials
import MediaStress

/// One cell of the kernel matrix: one scenario in one boot of one kernel, as its stress
/// report's summary says, and how the boot ended.
struct MatrixCell: Sendable, Equatable {
    var key: MatrixKey
    /// The report's verdict, or why there is none: `no-report` (no JSON report came back),
    /// `vm-exit-N` (Scripts/vm/run's timeout and boot failures, 124 to 126: they override
    /// a verdict), `no-kernel` (the row's kernel could not be made).
    var verdict: String
    /// What the report says (nil: none came back); an empty summary's lists are empty.
    var summary: StressSummary?
    /// Seconds the boot took, as Scripts/matrix measured it ("10.6").
    var wall: String
    /// Scripts/vm/run's exit status, `-` when nothing ran.
    var exitStatus: String

    /// The cell of a run: `summary` from its JSON report (nil when none came back), the
    /// exit status and wall time of its boot.
    init(_ key: MatrixKey, summary: StressSummary?, exitStatus: Int32, wall: String) {
        self.key = key
        self.wall = wall
        self.exitStatus = String(exitStatus)
        self.summary = summary
        verdict = summary?.verdict.rawValue ?? "no-report"
        if (124...126).contains(exitStatus) { verdict = "vm-exit-\(exitStatus)" }
    }

    /// A cell of a kernel that could not be made: it fails, never a silent skip.
    init(noKernel key: MatrixKey) {
        self.key = key
        verdict = "no-kernel"
        wall = "0"
        exitStatus = "-"
    }

    var kinds: [String] { summary?.kinds ?? [] }
    var functions: [String] { summary?.functions ?? [] }

    /// Whether a report came back: no report and an exit of the VM are worth the stderr's tail.
    var hasReport: Bool { verdict != "no-report" && !verdict.hasPrefix("vm-exit-") }

    /// The summary of a `mediactl stress unbind --format json` report; nil when the text
    /// is not one (empty, cut off, an error message).
    static func summary(json: String) -> StressSummary? {
        struct Report: Decodable { var summary: StressSummary }
        return try? JSONDecoder().decode(Report.self, from: Data(json.utf8)).summary
    }
}

/// A cell compared with its expectation.
struct JudgedCell: Sendable, Equatable {
    enum Agreement: Sendable, Equatable {
        case agrees
        /// Why not: each reason once.
        case disagrees([String])
        /// No expectation for this cell: shown, not compared.
        case notCompared

        var text: String {
            switch self {
            case .agrees: "yes"
            case .disagrees: "NO"
            case .notCompared: "n/a"
            }
        }

        var why: String {
            if case .disagrees(let reasons) = self { return reasons.joined(separator: "; ") }
            return ""
        }
    }

    var cell: MatrixCell
    var expectation: MatrixExpectation?
    var agreement: Agreement

    init(_ cell: MatrixCell, expectation: MatrixExpectation?) {
        self.cell = cell
        self.expectation = expectation
        if let expectation {
            let reasons = expectation.disagreements(with: cell)
            agreement = reasons.isEmpty ? .agrees : .disagrees(reasons)
        } else {
            agreement = .notCompared
        }
    }

    /// A cell of a kernel that could not be made, disagreeing for `reason`.
    init(noKernel key: MatrixKey, reason: String, expectation: MatrixExpectation?) {
        cell = MatrixCell(noKernel: key)
        self.expectation = expectation
        agreement = .disagrees([reason])
    }

    var disagrees: Bool { if case .disagrees = agreement { true } else { false } }

    /// The progress line of Scripts/matrix:
    /// `verdict (kinds) in functions; 10.6 s; agrees: yes`.
    var line: String {
        let kinds = cell.kinds.isEmpty ? "" : " (\(cell.kinds.joined(separator: ",")))"
        let functions = cell.functions.isEmpty ? "" : " in \(cell.functions.joined(separator: ","))"
        let why = agreement.why.isEmpty ? "" : ": \(agreement.why)"
        return "\(cell.key.kernel) / \(cell.key.scenario): \(cell.verdict)\(kinds)\(functions); \(cell.wall) s; agrees: \(agreement.text)\(why)"
    }
}
