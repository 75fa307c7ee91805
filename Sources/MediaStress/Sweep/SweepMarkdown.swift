/// Sweeps as Markdown (Scripts/kernel/SWEEP.md): per kernel, the tally, the distinct
/// findings (signature, first frames, cells, reproduction, whether the v4 series closes
/// it), and every cell that was not clean; then, per distinct finding across the kernels,
/// where a fix belongs (`SweepMarkdown+Findings.swift`).
package enum SweepMarkdown {
    /// `analysis`: Scripts/kernel/sweep-analysis.tsv, or nil (the findings then say only
    /// what the sweep computed).
    package static func render(_ reports: [SweepReport], analysis: SweepAnalysis? = nil) -> String {
        var text = "# Stress sweep\n\nWritten by `Scripts/sweep` (`mediactl stress sweep`, one boot per finding). "
            + "A cell is `NAME:POINT[@KIND]` of `mediactl stress unbind --pin` or `file:OPERATION` of its `--file-op`; "
            + "not-applicable cells (the ioctl returned before its park point, the driver lacks what the operation "
            + "needs, the device has no node of the kind) are never counted as clean, and say why: `kernel` (the driver "
            + "or core refused before the park point: its errno, and the refusing function where the source names it), "
            + "`device` (no node, read I/O, requests, mutable link or control of the kind) or `tool` (we could not build "
            + "the state the cell needs).\n"
        for report in reports {
            let isV4 = isV4Sweep(report)
            let v4 = v4Report(reports, driver: report.driver)
            let minutes = report.seconds / 60
            text += "\n## \(report.label ?? report.kernelRelease): \(report.driver) (\(report.device))\n\n"
            text += "Kernel \(report.kernelRelease); \(report.rows.count) of \(report.cells.count) cells in \(report.boots) boots, "
                + "\(Int(report.seconds.rounded())) s in the guests (\(minutes > 0 ? Int((Double(report.rows.count) / minutes).rounded()) : 0) cells a minute): "
                + report.tallyText + ".\n"
            if !report.findings.isEmpty {
                text += "\n| finding | first frames | cells | reproduction | alone in a fresh boot |\(isV4 ? "" : " closed by v4? |")\n"
                text += "|---|---|---|---|---|\(isV4 ? "" : "---|")\n"
                for finding in report.findings {
                    text += "| \(finding.headline) | \(firstFrames(finding)) | "
                        + "\(finding.cells.joined(separator: ", ")) | `\(finding.reproduction)` | \(alone(finding)) |"
                    if !isV4 { text += " \(closed(finding, by: v4, of: report)) |" }
                    text += "\n"
                }
            }
            let notClean = report.rows.filter { $0.result != .clean }
            if !notClean.isEmpty {
                text += "\n| cell | result | what it saw |\n|---|---|---|\n"
                for row in notClean {
                    text += "| \(row.cell) | \(row.resultText) | \(row.detail.replacingPipes)\(row.unbindWaited ? " (the unbind waited for the parked ioctl)" : "") |\n"
                }
            }
            let waited = report.rows.filter { $0.unbindWaited && $0.result == .clean }.map(\.cell)
            if !waited.isEmpty { text += "\nClean, but the unbind waited for the parked ioctl: \(waited.joined(separator: ", ")).\n" }
        }
        return text + findings(reports, analysis: analysis)
    }

    /// Whether `report` swept the kernel with the v4 series: its label names `mc-v4`.
    static func isV4Sweep(_ report: SweepReport) -> Bool { (report.label ?? "").contains("mc-v4") }

    /// The rows of every sweep of the v4 kernel on `driver`, as one report (a driver's
    /// cells may be swept in several runs), or nil when there is none: a finding on one
    /// driver is never judged by another driver's v4 rows.
    static func v4Report(_ reports: [SweepReport], driver: String) -> SweepReport? {
        let sweeps = reports.filter { isV4Sweep($0) && $0.driver == driver }
        guard var merged = sweeps.first else { return nil }
        merged.rows = sweeps.flatMap(\.rows)
        return merged
    }

    static func firstFrames(_ finding: SweepReport.Finding) -> String {
        finding.frames.prefix(4).joined(separator: " <- ")
    }

    static func alone(_ finding: SweepReport.Finding) -> String {
        finding.reproduced.map { $0 ? "reproduced" : "NOT reproduced" } ?? "not tried"
    }

    /// Whether a finding of `report` can be judged by the v4 sweep at all: its name comes from
    /// the kernel's detectors (what a stock kernel's slub poison turns into a general
    /// protection fault, KASAN names a use-after-free), so both kernels must have the same.
    /// The project's kernels (Scripts/kernel/build: release `...-mediactl-KEY`) all carry
    /// kasan-vimc.config; a distribution's kernel or one built elsewhere is judged only by a
    /// v4 kernel of the same kind.
    static func sameDetectors(_ report: SweepReport, _ v4: SweepReport) -> Bool {
        report.kernelRelease.contains("-mediactl-") == v4.kernelRelease.contains("-mediactl-")
    }

    /// Whether the v4 kernel's sweep still finds this signature in the cells that hit it:
    /// `yes`, `no` or `unknown`, and what that rests on. `report`: the sweep that found it
    /// (nil: the same detectors as v4's).
    static func closed(_ finding: SweepReport.Finding, by v4: SweepReport?, of report: SweepReport? = nil) -> String {
        guard let v4 else { return "unknown: no v4 sweep" }
        if let report, !sameDetectors(report, v4) {
            return "unknown here: v4 was swept on \(v4.label ?? v4.kernelRelease) (\(v4.kernelRelease)), whose detectors "
                + "\(report.kernelRelease) does not share; they name the same bug differently: see the sweep of a kernel like it"
        }
        let rows = v4.rows.filter { finding.cells.contains($0.cell) }
        let missing = finding.cells.filter { cell in !rows.contains { $0.cell == cell } }
        let notRun = missing.isEmpty ? "" : " (not run on v4: \(missing.joined(separator: ", ")))"
        if rows.isEmpty { return "unknown: its cells were not run on v4" }
        let still = rows.filter { $0.signatures.contains { SweepFindingRule.same($0, finding.signature, driver: v4.driver) } }.map(\.cell)
        if !still.isEmpty { return "no: still found in \(still.joined(separator: ", "))" }
        let ran = rows.filter { $0.result == .clean || $0.result == .finding }
        if ran.isEmpty {
            return "unknown: on v4 its cells were \(Set(rows.map(\.result.rawValue)).sorted().joined(separator: ", "))\(notRun)"
        }
        let others = Set(ran.flatMap(\.signatures)).compactMap { signature in
            v4.findings.first { $0.signature == signature }?.headline
        }.sorted()
        if others.isEmpty && ran.count == rows.count { return "yes: clean on v4\(notRun)" }
        let elsewhere = ran.filter { !$0.signatures.isEmpty }.map(\.cell)
        let found = others.isEmpty ? "" : "; \(elsewhere.joined(separator: ", ")) found \(others.joined(separator: ", ")) instead"
        return "yes: not found on v4\(found)\(notRun)"
    }
}

extension String {
    var replacingPipes: String { split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
}
