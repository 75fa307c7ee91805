import KTAP

/// Prints a validation report as text for people or as KTAP (kselftest) for kernel CI.
/// (JSON is the report encoded with `JSONRenderer`.)
public struct ValidationReportRenderer {
    public init() {}

    /// One line per enabled link (a mismatch names the link, what differs and both
    /// formats), one per capture node with what STREAMON is expected to return, the rules
    /// not modelled, and the verdict.
    public func text(_ report: ValidationReport) -> String {
        var out = "mediactl validate \(report.devnode) (driver \(report.driver), model \(report.model))\n"
        for link in report.links {
            switch link.status {
            case .ok: out += "ok        \(link.name) (\(link.rule ?? "?")\(streamsNote(link)))\n"
            case .mismatch: out += "MISMATCH  \(mismatchLine(link))\n"
            case .notChecked: out += "skip      \(link.name): not checked: \(link.reason ?? "?")\n"
            }
            if !link.warnings.isEmpty { out += "warning   \(warningLine(link))\n" }
        }
        for capture in report.captures { out += "capture   \(captureLine(capture))\n" }
        for rule in report.notModelled { out += "not modelled: \(rule)\n" }
        out += "verdict: \(verdict(report)) (exit \(report.exitCode))\n"
        return out
    }

    /// KTAP version 1: one test per link, then one per capture node; a mismatch's and a
    /// failing node's reasons as `#` diagnostic lines before their `not ok`; links that
    /// could not be checked as `# SKIP`; kselftest's totals line.
    public func ktap(_ report: ValidationReport) -> String {
        var points = KTAPPoints()
        var out = points.header(plan: report.links.count + report.captures.count)
        out += KTAP.diagnostic("mediactl validate \(report.devnode): driver \(report.driver), model \(report.model)")
        for link in report.links {
            if !link.warnings.isEmpty { out += KTAP.diagnostic("warning: \(warningLine(link))") }
            // The name loses the quotes and the arrow: the link as written goes first.
            out += KTAP.diagnostic("link \(link.name)")
            switch link.status {
            case .ok: out += points.point("link \(link.name)", KTAPPoints.Result.pass)
            case .mismatch:
                out += KTAP.diagnostic(mismatchLine(link))
                out += points.point("link \(link.name)", KTAPPoints.Result.fail(reason: link.problem))
            case .notChecked: out += points.point("link \(link.name)", KTAPPoints.Result.skip(reason: link.reason ?? "not checked"))
            }
        }
        for capture in report.captures {
            let name = "capture \(capture.entity) STREAMON"
            switch capture.verdict {
            case .starts: out += points.point(name, KTAPPoints.Result.pass)
            case .fails:
                out += KTAP.diagnostic(captureLine(capture))
                out += points.point(name, KTAPPoints.Result.fail(reason: capture.errno ?? "fails"))
            case .unknown: out += points.point(name, KTAPPoints.Result.skip(reason: capture.reason ?? "unknown"))
            }
        }
        for rule in report.notModelled { out += KTAP.diagnostic("not modelled: \(rule)") }
        return out + points.totals
    }

    /// `"Debayer A":1 -> "Scaler":0: width, height differ: source fmt:..., sink fmt:...`.
    func mismatchLine(_ link: LinkCheck) -> String {
        if link.dangling?.isEmpty == false { return "\(link.name): \(link.problem)" }
        return "\(link.name): \(link.problem): source \(link.sourceFormat ?? "?"), sink \(link.sinkFormat ?? "?")"
    }

    /// `, streams 0, 1` on a link with routes (`, no streams` when the sink pad has none).
    func streamsNote(_ link: LinkCheck) -> String {
        guard let streams = link.streams else { return "" }
        if streams.isEmpty { return ", no streams: no active route ends at the sink pad" }
        return ", \(streams.count == 1 ? "stream" : "streams") " + streams.map(String.init).joined(separator: ", ")
    }

    func warningLine(_ link: LinkCheck) -> String {
        "\(link.name): \(LinkCheck.differ(link.warnings)) (the kernel does not compare it): source \(link.sourceFormat ?? "?"), "
            + "sink \(link.sinkFormat ?? "?")"
    }

    func captureLine(_ capture: CaptureVerdict) -> String {
        let node = "\"\(capture.entity)\"" + (capture.devnode.map { " (\($0))" } ?? "")
        switch capture.verdict {
        case .starts: return "\(node): STREAMON starts"
        case .fails: return "\(node): STREAMON fails with \(capture.errno ?? "an error"): \(capture.reason ?? "?")"
        case .unknown: return "\(node): STREAMON unknown: \(capture.reason ?? "?")"
        }
    }

    /// `1 mismatch on 7 enabled links; 3 capture nodes: 2 fail, 1 starts`.
    func verdict(_ report: ValidationReport) -> String {
        let mismatches = report.mismatches.count
        var text = "\(mismatches) \(mismatches == 1 ? "mismatch" : "mismatches") on \(report.links.count) enabled "
            + (report.links.count == 1 ? "link" : "links")
        let warnings = report.links.filter { !$0.warnings.isEmpty }.count
        if warnings > 0 { text += ", \(warnings) \(warnings == 1 ? "warning" : "warnings")" }
        let skipped = report.links.filter { $0.status == .notChecked }.count
        if skipped > 0 { text += ", \(skipped) not checked" }
        let fails = report.captures.filter { $0.verdict == .fails }.count
        let starts = report.captures.filter { $0.verdict == .starts }.count
        let unknown = report.captures.count - fails - starts
        text += "; \(report.captures.count) capture \(report.captures.count == 1 ? "node" : "nodes"): "
            + "\(fails) \(fails == 1 ? "fails" : "fail"), \(starts) \(starts == 1 ? "starts" : "start")"
        if unknown > 0 { text += ", \(unknown) unknown" }
        return text
    }
}
