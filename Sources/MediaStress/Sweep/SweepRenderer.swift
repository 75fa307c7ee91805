/// A sweep as text: a line per cell as it ends, then the tally and the distinct findings.
package enum SweepRenderer {
    package static func line(_ row: SweepRow) -> String {
        let cell = row.cell + String(repeating: " ", count: max(0, 38 - row.cell.count))
        let result = row.result.rawValue + String(repeating: " ", count: max(0, 18 - row.result.rawValue.count))
        return "\(cell) \(result) \(row.detail)\(row.unbindWaited ? " (the unbind waited for the parked ioctl)" : "")\n"
    }

    package static func summary(_ report: SweepReport) -> String {
        let minutes = report.seconds / 60
        let rate = minutes > 0 ? Double(report.rows.count) / minutes : 0
        var text = "\(report.rows.count) of \(report.cells.count) cells on \(report.device) (\(report.driver)), "
            + "\(report.kernelRelease), \(report.boots) boot\(report.boots == 1 ? "" : "s"), "
            + "\(Int(report.seconds.rounded())) s (\(Int(rate.rounded())) cells a minute): "
            + report.tally.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + "\n"
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
}
