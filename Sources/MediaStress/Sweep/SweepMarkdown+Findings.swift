import KernelLog

/// The findings part of SWEEP.md: every distinct finding once, across the kernels, with
/// where a fix belongs; and a write-up for each finding nobody listed before.
extension SweepMarkdown {
    /// One distinct finding across the sweeps: the first report that found it, and every
    /// kernel's cells.
    struct Distinct {
        var finding: SweepReport.Finding
        /// The driver of the first sweep that found it.
        var driver: String
        var cells: [(kernel: String, cells: [String])]
    }

    static func distinct(_ reports: [SweepReport]) -> [Distinct] {
        var found: [Distinct] = []
        for report in reports {
            for finding in report.findings {
                let cells = (kernel: report.label ?? report.kernelRelease, cells: finding.cells)
                if let index = found.firstIndex(where: { $0.finding.signature == finding.signature }) {
                    found[index].cells.append(cells)
                } else {
                    found.append(Distinct(finding: finding, driver: report.driver, cells: [cells]))
                }
            }
        }
        return found
    }

    /// `ioctl: media_device_ioctl -> media_device_get_info`, computed from the frames.
    static func cameIn(_ finding: SweepReport.Finding) -> String {
        FileOperationEntry.find(frames: finding.frames).map { "`\($0)`" }
            ?? "not from a file operation in its first \(finding.frames.count) frames"
    }

    static func findings(_ reports: [SweepReport], analysis: SweepAnalysis?) -> String {
        let found = distinct(reports)
        guard !found.isEmpty else { return "" }
        let v4Labels = Set(reports.filter(isV4Sweep).map { $0.label ?? $0.kernelRelease })
        var text = "\n## The findings: where a fix belongs\n\n"
            + "Each distinct finding once. \"Came in by\" is computed from its frames: the system call and the "
            + "driver's file operation the VFS called, down to the faulting function; that entry used the object "
            + "without holding a reference to it. "
        text += analysis == nil
            ? "No analysis file was given (`--analysis`): where a fix belongs is only that entry.\n"
            : "Where a fix belongs, whether it was listed before, and the analysis are written by hand "
                + "(Scripts/kernel/sweep-analysis.tsv) from the kernel source and the v4 series.\n"
        var unlisted: [Distinct] = []
        for item in found {
            let finding = item.finding
            let entry = analysis?[finding.signature]
            text += "\n### \(finding.headline)\(finding.frames.count > 1 ? " <- \(finding.frames[1])" : "")\n\n"
            text += "- signature: `\(finding.signature)`\n"
            text += "- first frames: \(firstFrames(finding))\n"
            text += "- cells: " + item.cells.map { "\($0.kernel): \($0.cells.joined(separator: ", "))" }.joined(separator: "; ") + "\n"
            let isV4Only = item.cells.allSatisfy { v4Labels.contains($0.kernel) }
            // Per driver: the series may close a bug for a driver it converts and not for another.
            let drivers = item.cells.compactMap { cells in
                reports.first { ($0.label ?? $0.kernelRelease) == cells.kernel && !isV4Sweep($0) }?.driver
            }
            let verdicts = drivers.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { driver in
                let sweep = reports.first { $0.driver == driver && !isV4Sweep($0) && $0.findings.contains { $0.signature == finding.signature } }
                return "\(driver): \(closed(sweep?.findings.first { $0.signature == finding.signature } ?? finding, by: v4Report(reports, driver: driver), of: sweep))"
            }
            text += "- closed by the v4 series: \(isV4Only || verdicts.isEmpty ? "no: found on the v4 kernel" : verdicts.joined(separator: "; "))\n"
            text += "- came in by: \(cameIn(finding))\n"
            guard let entry else {
                let computed = FileOperationEntry.find(frames: finding.frames)?.entry
                text += "- fix belongs in: \(computed.map { "`\($0)`, the entry (no analysis yet)" } ?? "unknown (no analysis yet)")\n"
                continue
            }
            text += "- fix belongs in: \(entry.fixBelongsIn)\n"
            text += "- listed before: \(entry.listed.text)\(entry.listed == .no ? " (write-up below)" : "")\n"
            text += "- analysis: \(entry.analysis)\n"
            if entry.listed == .no { unlisted.append(item) }
        }
        let missing = found.filter { analysis?[$0.finding.signature] == nil }.map(\.finding.signature)
        if analysis != nil, !missing.isEmpty {
            text += "\nNot analysed yet (no line in the analysis file): \(missing.map { "`\($0)`" }.joined(separator: ", ")).\n"
        }
        for item in unlisted {
            text += writeUp(item, reports: reports, analysis: analysis?[item.finding.signature])
        }
        return text
    }

    /// The upstream write-up of a finding nobody listed: the splat, how to reproduce it, why.
    /// The splat is the first report of a kernel that was not tainted before it, if any:
    /// no earlier report's damage in it.
    static func writeUp(_ item: Distinct, reports: [SweepReport], analysis: SweepAnalysis.Entry?) -> String {
        let finding = reports.lazy.flatMap(\.findings).first {
            $0.signature == item.finding.signature && $0.lines.contains { $0.contains(" Not tainted ") }
        } ?? item.finding
        let kernels = item.cells.compactMap { cells in
            reports.first { ($0.label ?? $0.kernelRelease) == cells.kernel }.map { "\(cells.kernel) (\($0.kernelRelease), \($0.driver))" }
        }
        var text = "\n## Write-up: \(finding.headline)\n\n"
        text += "Nobody listed it before this project's sweeps found it (the analysis file says `no`). "
            + "Seen on \(kernels.joined(separator: ", ")).\n\n"
        text += "**Reproduction.** As root, with the driver bound: `\(finding.reproduction)` (\(alone(finding)) alone in a fresh boot). "
            + (finding.reproduction.contains("--file-op")
                ? "It sets up the file operation (README, `stress unbind --file-op`), unbinds the driver through sysfs, and "
                    + "then does what is left of it: the last references go after every node was closed.\n\n"
                : "It opens the node, starts the ioctl with its argument in a userfaultfd-registered page so that the kernel "
                    + "sleeps at the park point (the copy-in, the copy-out or an inner array), unbinds the driver through sysfs, "
                    + "then lets the copy complete.\n\n")
        text += "**Splat** (\(finding.lines.contains { $0.contains(" Not tainted ") } ? "the first report on an untainted kernel" : "the first report"); `? ` frames, the code bytes and user-space registers left out):\n\n```\n"
        text += splat(finding.lines).joined(separator: "\n") + "\n```\n\n"
        if let analysis { text += "**Analysis.** \(analysis.analysis)\n\n**Fix belongs in** \(analysis.fixBelongsIn).\n" }
        return text
    }

    /// The report's lines up to the end of its kernel call trace, without unreliable frames.
    static func splat(_ lines: [String]) -> [String] {
        var kept: [String] = []
        for line in lines {
            if line.hasPrefix("RIP: 0033:") || line.hasPrefix(" </TASK>") { break }
            if line.hasPrefix(" ? ") || line.hasPrefix("Code: ") { continue }
            kept.append(line)
        }
        return kept
    }
}
