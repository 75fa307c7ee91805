import FoundationEssentials
import MediaStress

/// One row of a sweep's expectations (Scripts/kernel/sweep-expected.tsv): what a cell of
/// the reduced sweep must show on a kernel.
struct SweepExpectation: Sendable, Equatable {
    var kernel: String
    var cell: String
    /// `clean`, `finding`, `contract-deviation` or `not-applicable`, the last optionally
    /// with its class: `not-applicable:kernel`, `:device`, `:tool`.
    var result: String
    /// `KIND in FUNCTION` (or `any kind in FUNCTION`) that must be among the cell's
    /// findings; nil for `-`.
    var finding: String?

    /// `kernel<TAB>cell<TAB>result<TAB>finding` a line, `#` comments and blank lines skipped.
    static func parse(_ text: String) throws(LabInputError) -> [SweepExpectation] {
        try MatrixRun.rows(text, fields: 4, naming: "kernel, cell, result, finding").map {
            SweepExpectation(kernel: $0[0], cell: $0[1], result: $0[2], finding: $0[3] == "-" ? nil : $0[3])
        }
    }

    /// The cells the expectations name, each once, in the order they first appear: what
    /// the reduced sweep runs.
    static func cells(_ expectations: [SweepExpectation]) -> [String] {
        expectations.map(\.cell).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Why the sweep `state` disagrees with this row, or nil when it agrees: the cell's
    /// result must be the expected one, and with a finding named, one of the findings that
    /// hit the cell must be it (another KASAN kind counts only where SweepFindingRule.facts
    /// recorded it for the driver and function).
    func disagreement(with state: SweepReport?, driver: String) -> String? {
        let row = state?.rows.first { $0.cell == cell }
        // `not-applicable:CLASS` compares the class too; plain `not-applicable` any class.
        let got = result.contains(":") ? row.map { row in row.notApplicable.map { "\(row.result.rawValue):\($0.cause.rawValue)" } ?? row.result.rawValue } : row?.result.rawValue
        let headlines = state?.findings.filter { $0.cells.contains(cell) }.map(\.headline) ?? []
        let found = finding.map { wanted in headlines.contains { SweepFindingRule.headline($0, matches: wanted, driver: driver) } } ?? true
        if got == result && found { return nil }
        let seen = headlines.isEmpty ? "no finding" : headlines.joined(separator: "; ")
        return "expected \(result)\(finding.map { " (\($0))" } ?? ""), got \(got ?? "nothing") (\(seen))"
    }
}

/// The gate on the tool's own gaps: the drivers whose sweeps must have no `tool`
/// not-applicable cell (every state it needs is built for them), in the reduced sweeps CI
/// runs and in the full ones.
enum SweepToolGate {
    static let drivers: Set = ["vimc", "vivid", "vim2m"]

    /// Why `state` fails the gate (its `tool` cells), or nil.
    static func failure(_ state: SweepReport) -> String? {
        guard drivers.contains(state.driver) else { return nil }
        let tool = state.notApplicable(.tool)
        guard !tool.isEmpty else { return nil }
        return "\(tool.count) cells the tool could not build the state for: "
            + tool.map { "\($0.cell) (\($0.notApplicable?.errno ?? "-"))" }.joined(separator: ", ")
    }
}

/// The reproduction of one distinct finding, run alone in a fresh boot.
enum SweepReproduction {
    /// Whether the report of the reproduction (`mediactl stress unbind ... --format json`)
    /// found `signature` again; false when no report came back.
    static func found(_ signature: String, inReport json: String, driver: String) -> Bool {
        // Only the signatures are read: what the jq of the old script read, nothing the
        // report's other fields could make fail.
        struct Report: Decodable {
            struct Unique: Decodable { var finding: Finding }
            struct Finding: Decodable { var signature: String }
            var uniqueFindings: [Unique]
        }
        guard let report = try? JSONDecoder().decode(Report.self, from: Data(json.utf8)) else { return false }
        return report.uniqueFindings.contains { SweepFindingRule.same($0.finding.signature, signature, driver: driver) }
    }
}
