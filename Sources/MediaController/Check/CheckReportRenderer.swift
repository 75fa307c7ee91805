import KTAP

/// Prints a check report as text for people, or as KTAP (kselftest) for kernel CI.
/// (JSON is the report encoded with `JSONRenderer`.)
public struct CheckReportRenderer {
    public init() {}

    /// One line per check, the problems of failed checks indented below it, then totals.
    public func text(_ report: CheckReport) -> String {
        var out = "mediactl check \(report.devnode) (driver \(report.driver), model \(report.model))\n"
        let width = (report.results.map(\.name.count).max() ?? 0) + 2
        for result in report.results {
            let status: String
            switch result.status {
            case .pass: status = "pass"
            case .fail: status = "FAIL"
            case .skip: status = "skip"
            }
            let name = result.name + String(repeating: " ", count: max(1, width - result.name.count))
            out += "\(status)  \(name)\(result.summary)"
            if result.status == .skip, let reason = result.reason { out += " (skipped: \(reason))" }
            out += "\n"
            for detail in result.details { out += "        \(detail)\n" }
        }
        out += "\(report.results.count) checks: \(report.passed) passed, \(report.failed) failed, \(report.skipped) skipped\n"
        return out
    }

    /// KTAP version 1: the plan right after the version line, one `ok`/`not ok` line per
    /// check (`# SKIP reason` for skips, `# reason` for failures, each problem as a `#`
    /// diagnostic line before it), and kselftest's totals line.
    public func ktap(_ report: CheckReport) -> String {
        var points = KTAPPoints()
        var out = points.header(plan: report.results.count)
        out += KTAP.diagnostic("mediactl check \(report.devnode): driver \(report.driver), model \(report.model)")
        for result in report.results {
            switch result.status {
            case .pass:
                out += points.point(result.name, .pass)
            case .skip:
                out += points.point(result.name, .skip(reason: result.reason ?? ""))
            case .fail:
                for detail in result.details { out += KTAP.diagnostic("\(result.name): \(detail)") }
                out += points.point(result.name, .fail(reason: result.reason ?? "failed"))
            }
        }
        return out + points.totals
    }
}
