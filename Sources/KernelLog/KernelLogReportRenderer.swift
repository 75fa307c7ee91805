import KTAP

/// Renders a `KernelLogReport` as `mediactl klog` prints it: text in the words of
/// `mediactl stress` (a `finding:` block per signature, then the verdict), or KTAP
/// (one test line per signature, a single `ok` when the log is clean).
package struct KernelLogReportRenderer {
    package init() {}

    /// ```
    /// finding: use-after-free in media_device_get_info [mc] (x3, first at 12.345678)
    ///   BUG: KASAN: slab-use-after-free in media_device_get_info+0x3e/0x1cc [mc]
    ///   call trace: media_device_get_info [mc] <- media_device_ioctl [mc] <- ...
    ///   signature: use-after-free: media_device_get_info <- media_device_ioctl [mc] <- ...
    /// verdict: finding, 4 reports with 2 signatures in 812 lines (exit 1)
    /// ```
    package func text(_ report: KernelLogReport) -> String {
        var out = ""
        for unique in report.unique {
            let finding = unique.finding
            out += "finding: \(finding.headline) (x\(unique.count)"
            if let timestamp = finding.timestamp { out += ", first at \(timestamp)" }
            out += ")\n"
            if let syzbotTitle = finding.syzbotTitle { out += "  syzbot title: \(syzbotTitle)\n" }
            if !finding.isComplete { out += "  cut off: the log ends, or another report begins, before this report's end\n" }
            out += finding.detailLines(frames: KernelLogReport.frameCount)
            out += "  signature: \(finding.signature)\n"
        }
        out += "verdict: \(verdict(report)) (exit \(report.isClean ? 0 : 1))\n"
        return out
    }

    /// KTAP version 1: a plan of one test per signature, each `not ok` with its header line,
    /// call trace and signature as diagnostic lines before it; `ok 1 kernel log clean` when clean.
    package func ktap(_ report: KernelLogReport) -> String {
        var points = KTAPPoints()
        var out = "KTAP version 1\n" + KTAP.diagnostic("mediactl klog: \(verdict(report))")
        guard !report.isClean else { return out + "1..1\n" + points.point("kernel log clean", .pass) }
        out += "1..\(report.unique.count)\n"
        for unique in report.unique {
            let finding = unique.finding
            out += KTAP.diagnostic("\(finding.headline) (x\(unique.count))")
            out += KTAP.diagnostic(finding.title)
            if !finding.frames.isEmpty {
                out += KTAP.diagnostic(
                    "call trace: \(finding.frames.prefix(KernelLogReport.frameCount).map(\.description).joined(separator: " <- "))")
            }
            out += KTAP.diagnostic("signature: \(finding.signature)")
            out += points.point(finding.syzbotTitle ?? finding.summary, .fail(reason: nil))
        }
        return out
    }

    /// `clean, no kernel report in 812 lines`, `finding, 1 report with 1 signature in 40 lines`.
    func verdict(_ report: KernelLogReport) -> String {
        let lines = "\(report.counts.lines) \(report.counts.lines == 1 ? "line" : "lines")"
        guard !report.isClean else { return "clean, no kernel report in \(lines)" + cutNote(report) }
        let reports = report.counts.findings == 1 ? "1 report" : "\(report.counts.findings) reports"
        let signatures = report.counts.unique == 1 ? "1 signature" : "\(report.counts.unique) signatures"
        var verdict = "finding, \(reports) with \(signatures) in \(lines)"
        if report.counts.unlistedFindings > 0 {
            verdict += " (\(report.counts.unlistedFindings) with further signatures not listed)"
        }
        return verdict + cutNote(report)
    }

    /// `, 2 over-long lines cut` when the reader cut lines.
    private func cutNote(_ report: KernelLogReport) -> String {
        switch report.counts.cutLines {
        case 0: ""
        case 1: ", 1 over-long line cut"
        case let count: ", \(count) over-long lines cut"
        }
    }
}
