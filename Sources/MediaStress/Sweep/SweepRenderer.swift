import KTAP

/// A sweep as text: a line per cell as it ends, then the tally and the distinct findings.
package enum SweepRenderer {
    package static func line(_ row: SweepRow) -> String {
        let cell = row.cell + String(repeating: " ", count: max(0, 38 - row.cell.count))
        let result = row.resultText + String(repeating: " ", count: max(0, 18 - row.resultText.count))
        return "\(cell) \(result) \(row.detail)\(row.unbindWaited ? " (the unbind waited for the parked ioctl)" : "")\n"
    }

    package static func summary(_ report: SweepReport) -> String {
        let minutes = report.seconds / 60
        let rate = minutes > 0 ? Double(report.rows.count) / minutes : 0
        var text = "\(report.rows.count) of \(report.cells.count) cells on \(report.device) (\(report.driver)), "
            + "\(report.kernelRelease), \(report.boots) boot\(report.boots == 1 ? "" : "s"), "
            + "\(Int(report.seconds.rounded())) s (\(Int(rate.rounded())) cells a minute): "
            + report.tallyText + "\n"
        let waited = report.rows.filter(\.unbindWaited).map(\.cell)
        if !waited.isEmpty { text += "the unbind waited for the parked ioctl: \(waited.joined(separator: ", "))\n" }
        for finding in report.findings {
            text += "\nfinding: \(finding.headline)\n  cells: \(finding.cells.joined(separator: ", "))\n"
            text += "  frames: \(finding.frames.joined(separator: " <- "))\n  reproduce: \(finding.reproduction)\n"
        }
        if !report.isComplete {
            text += "\n\(report.remaining.count) cells left: run again with --resume in a fresh boot\n"
        }
        return text
    }

    /// KTAP: a test point per cell run (a clean cell ok, a finding or deviation not ok with
    /// its detail, a not-applicable one `# SKIP`), the findings' titles as diagnostics.
    package static func ktap(_ report: SweepReport) -> String {
        var points = KTAPPoints()
        var out = points.header(plan: report.rows.count)
        out += KTAP.diagnostic("mediactl stress sweep: \(report.device) (\(report.driver)) on \(report.kernelRelease)")
        for row in report.rows {
            for finding in report.findings where row.signatures.contains(finding.signature) {
                out += KTAP.diagnostic("\(row.cell): \(finding.title ?? finding.headline)")
            }
            switch row.result {
            case .clean: out += points.point(row.cell, .pass)
            case .notApplicable:
                out += points.point(row.cell, .skip(reason: row.notApplicable.map { "\($0.brief): \(row.detail)" } ?? row.detail))
            case .finding, .contractDeviation, .deviceLost, .error: out += points.point(row.cell, .fail(reason: row.detail))
            }
        }
        if !report.isComplete { out += KTAP.diagnostic("\(report.remaining.count) cells left: run again with --resume in a fresh boot") }
        return out + points.totals
    }
}
