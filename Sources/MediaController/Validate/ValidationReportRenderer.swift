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
            case .ok: out += "ok        \(link.name) (\(link.rule ?? "?"))\n"
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
        var out = "KTAP version 1\n1..\(report.links.count + report.captures.count)\n"
        out += "# mediactl validate \(oneLine(report.devnode)): driver \(oneLine(report.driver)), model \(oneLine(report.model))\n"
        var tests = KTAPTests()
        for link in report.links {
            if !link.warnings.isEmpty { out += "# warning: \(oneLine(warningLine(link)))\n" }
            let result: KTAPTests.Result = switch link.status {
            case .ok: .pass
            case .mismatch: .fail(diagnostic: oneLine(mismatchLine(link)), reason: LinkCheck.differ(link.differences))
            case .notChecked: .skip(oneLine(link.reason ?? "not checked"))
            }
            out += tests.line(testName("link \(link.name)"), result)
        }
        for capture in report.captures {
            let result: KTAPTests.Result = switch capture.verdict {
            case .starts: .pass
            case .fails: .fail(diagnostic: oneLine(captureLine(capture)), reason: capture.errno ?? "fails")
            case .unknown: .skip(oneLine(capture.reason ?? "unknown"))
            }
            out += tests.line(testName("capture \"\(capture.entity)\" STREAMON"), result)
        }
        for rule in report.notModelled { out += "# not modelled: \(oneLine(rule))\n" }
        return out + tests.totals
    }

    /// `"Debayer A":1 -> "Scaler":0: width, height differ: source fmt:..., sink fmt:...`.
    func mismatchLine(_ link: LinkCheck) -> String {
        "\(link.name): \(LinkCheck.differ(link.differences)): source \(link.sourceFormat ?? "?"), sink \(link.sinkFormat ?? "?")"
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

    /// A KTAP test name: one line, no `#` (which starts a directive).
    private func testName(_ text: String) -> String {
        oneLine(text).replacing("#", with: "_")
    }

    /// Keeps a KTAP line one line.
    private func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

/// The numbered test lines of a KTAP run, and kselftest's totals line for them.
private struct KTAPTests {
    enum Result {
        case pass
        /// `diagnostic` goes on a `#` line before the `not ok`, `reason` after its `#`.
        case fail(diagnostic: String, reason: String)
        case skip(String)
    }

    private var number = 0
    private var counts = (pass: 0, fail: 0, skip: 0)

    /// The next test's line (a failure's diagnostic line first).
    mutating func line(_ name: String, _ result: Result) -> String {
        number += 1
        switch result {
        case .pass:
            counts.pass += 1
            return "ok \(number) \(name)\n"
        case .fail(let diagnostic, let reason):
            counts.fail += 1
            return "# \(diagnostic)\nnot ok \(number) \(name) # \(reason)\n"
        case .skip(let reason):
            counts.skip += 1
            return "ok \(number) \(name) # SKIP \(reason)\n"
        }
    }

    var totals: String { "# Totals: pass:\(counts.pass) fail:\(counts.fail) xfail:0 xpass:0 skip:\(counts.skip) error:0\n" }
}
