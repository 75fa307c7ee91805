import FoundationEssentials
import MediaStress

/// One row of a sweep's expectations (Scripts/kernel/sweep-expected.tsv): what a cell of
/// the reduced sweep must show on a kernel.
struct SweepExpectation: Sendable, Equatable {
    var kernel: String
    var cell: String
    /// `clean`, `finding`, `contract-deviation` or `not-applicable`.
    var result: String
    /// `KIND in FUNCTION` that must be among the cell's findings; nil for `-`.
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
    /// hit the cell must be it (an out-of-bounds counts as the use-after-free: SweepFindingRule).
    func disagreement(with state: SweepReport?) -> String? {
        let got = state?.rows.first { $0.cell == cell }?.result.rawValue
        let headlines = state?.findings.filter { $0.cells.contains(cell) }.map(\.headline) ?? []
        let found = finding.map { wanted in headlines.contains { SweepFindingRule.headline($0, matches: wanted) } } ?? true
        if got == result && found { return nil }
        let seen = headlines.isEmpty ? "no finding" : headlines.map(SweepFindingRule.normalized).joined(separator: ";")
        return "expected \(result)\(finding.map { " (\($0))" } ?? ""), got \(got ?? "nothing") (\(seen))"
    }
}

/// The reproduction of one distinct finding, run alone in a fresh boot.
enum SweepReproduction {
    /// Whether the report of the reproduction (`mediactl stress unbind ... --format json`)
    /// found `signature` again; false when no report came back.
    static func found(_ signature: String, inReport json: String) -> Bool {
        // Only the signatures are read: what the jq of the old script read, nothing the
        // report's other fields could make fail.
        struct Report: Decodable {
            struct Unique: Decodable { var finding: Finding }
            struct Finding: Decodable { var signature: String }
            var uniqueFindings: [Unique]
        }
        guard let report = try? JSONDecoder().decode(Report.self, from: Data(json.utf8)) else { return false }
        return report.uniqueFindings.contains { SweepFindingRule.same($0.finding.signature, signature) }
    }
}
