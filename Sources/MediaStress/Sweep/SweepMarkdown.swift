/// Sweeps as Markdown (Scripts/kernel/SWEEP.md): per kernel, the tally, the distinct
/// findings (signature, first frames, cells, reproduction, whether the v4 series closes
/// it), and every cell that was not clean.
package enum SweepMarkdown {
    package static func render(_ reports: [SweepReport]) -> String {
        var text = "# Stress sweep\n\nWritten by `Scripts/sweep` (`mediactl stress sweep` on vimc, one boot per finding). "
            + "A cell is `NAME:POINT` of `mediactl stress unbind --pin`; not-applicable cells (the ioctl returned "
            + "before its park point) are never counted as clean.\n"
        let v4 = reports.first { ($0.label ?? "").contains("mc-v4") }
        for report in reports {
            let isV4 = v4 != nil && report.label == v4?.label
            let minutes = report.seconds / 60
            text += "\n## \(report.label ?? report.kernelRelease): \(report.driver) (\(report.device))\n\n"
            text += "Kernel \(report.kernelRelease); \(report.rows.count) of \(report.cells.count) cells in \(report.boots) boots, "
                + "\(Int(report.seconds.rounded())) s in the guests (\(minutes > 0 ? Int((Double(report.rows.count) / minutes).rounded()) : 0) cells a minute): "
                + report.tally.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ") + ".\n"
            if !report.findings.isEmpty {
                text += "\n| finding | first frames | cells | reproduction | alone in a fresh boot |\(isV4 ? "" : " closed by v4? |")\n"
                text += "|---|---|---|---|---|\(isV4 ? "" : "---|")\n"
                for finding in report.findings {
                    let alone = finding.reproduced.map { $0 ? "reproduced" : "NOT reproduced" } ?? "not tried"
                    text += "| \(finding.headline) | \(finding.frames.prefix(4).joined(separator: " <- ")) | "
                        + "\(finding.cells.joined(separator: ", ")) | `\(finding.reproduction)` | \(alone) |"
                    if !isV4 { text += " \(closed(finding, by: v4)) |" }
                    text += "\n"
                }
            }
            let notClean = report.rows.filter { $0.result != .clean }
            if !notClean.isEmpty {
                text += "\n| cell | result | what it saw |\n|---|---|---|\n"
                for row in notClean {
                    text += "| \(row.cell) | \(row.result.rawValue) | \(row.detail.replacingPipes)\(row.unbindWaited ? " (the unbind waited for the parked ioctl)" : "") |\n"
                }
            }
            let waited = report.rows.filter { $0.unbindWaited && $0.result == .clean }.map(\.cell)
            if !waited.isEmpty { text += "\nClean, but the unbind waited for the parked ioctl: \(waited.joined(separator: ", ")).\n" }
        }
        return text
    }

    /// Whether the v4 kernel's sweep still finds this signature in the cells that hit it.
    static func closed(_ finding: SweepReport.Finding, by v4: SweepReport?) -> String {
        guard let v4 else { return "no v4 sweep" }
        let rows = v4.rows.filter { finding.cells.contains($0.cell) }
        if rows.isEmpty { return "not run on v4" }
        if rows.contains(where: { $0.signatures.contains(finding.signature) }) { return "no: still found" }
        let results = Set(rows.map(\.result.rawValue)).sorted().joined(separator: ", ")
        return rows.allSatisfy { $0.result == .clean } ? "yes: clean on v4" : "changed: \(results) on v4"
    }
}

extension String {
    fileprivate var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
