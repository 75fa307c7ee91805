import KTAP
import KernelLog
import MediaController

/// Renders a stress report as text (a progress line per cycle and a summary), or as
/// KTAP, kselftest's format: one test point per cycle, with a subtest per check.
package struct StressReportRenderer {
    package init() {}

    /// The progress line printed as each cycle ends.
    package func progressLine(_ cycle: CycleReport, of total: Int?) -> String {
        var line = "cycle \(cycle.index)\(total.map { "/\($0)" } ?? ""): "
        line += cycle.isClean ? "clean" : "FINDING"
        line += " \(fixed(cycle.timings.total * 1000, digits: 0)) ms"
        line += ", held \(cycle.held.count)"
        if cycle.hammerThreads > 0 { line += ", \(cycle.hammer.total) hammer calls" }
        if let pin = cycle.pin { line += ", pinned \(pin.ioctl.rawValue): \(describe(pin.outcome))" }
        if cycle.unbindWaitedForParkedIoctl == true { line += " (the unbind waited for the parked ioctl)" }
        line += ", after unbind \(summary(cycle.afterUnbind))"
        let deviations = cycle.contract.filter { !$0.passed }
        if !deviations.isEmpty { line += ", \(deviations.count) contract deviations" }
        if !cycle.findings.isEmpty {
            line += ", kernel: " + cycle.findings.map(\.finding.summary).joined(separator: "; ")
        }
        if let error = cycle.error { line += ", error at \(cycle.failedStep ?? "?"): \(error)" }
        return line
    }

    /// The whole text report: the header, a line per cycle, the conclusion.
    package func text(_ report: StressReport) -> String {
        let total = report.configuration.duration == nil ? report.configuration.cycles : nil
        return header(report) + report.cycles.map { progressLine($0, of: total) + "\n" }.joined() + conclusion(report)
    }

    /// What follows the progress lines of a live run: the header and the conclusion.
    package func summary(_ report: StressReport) -> String {
        header(report) + conclusion(report)
    }

    func header(_ report: StressReport) -> String {
        var out = ""
        for line in report.recovered ?? [] { out += "recovered: \(line)\n" }
        if let target = report.target {
            out += "target: \(target.mediaNode) \(target.deviceName) (driver \(target.driver)), \(target.nodes.count) nodes\n"
            switch target.disconnection {
            case .unbind: break
            case .authorized(let path): out += "disconnection: USB unplug through \(path) (0, then 1)\n"
            case .awaited(let seconds): out += "disconnection: awaited from outside (at most \(Int(seconds)) s each way)\n"
            }
        }
        if let otherUser = report.otherUser {
            out += "other user: \(otherUser) held the media node's lock; unbound anyway (--force)\n"
        }
        if let line = report.environment.otherHoldersLine { out += line + "\n" }
        out += "kernel: \(report.environment.kernelRelease); nodes found by \(report.environment.enumerator), waits by \(report.environment.waiting)\n"
        if let detectors = report.environment.detectors { out += detectorLine(detectors) }
        return out
    }

    func conclusion(_ report: StressReport) -> String {
        var out = ""
        for deviation in report.contractDeviations {
            out += "contract: \(deviation.name) on \(deviation.node ?? "?"): expected \(deviation.expected), got \(deviation.actual)\n"
        }
        for unique in report.uniqueFindings {
            let finding = unique.finding
            out += "finding: \(finding.headline)"
            out += unique.cycles.isEmpty
                ? " (x\(unique.count), kmemleak after the cycles)\n"
                : " (x\(unique.count), cycles \(unique.cycles.map { String($0) }.joined(separator: ",")))\n"
            out += finding.detailLines()
        }
        if let leaks = report.leaks { out += Self.leakLine(leaks) + "\n" }
        if report.interrupted { out += "interrupted: the device was bound again\n" }
        if let error = report.error { out += "error: \(error)\n" }
        let blind = report.verdict == .clean ? report.environment.detectors?.blindSpots ?? [] : []
        out += "verdict: \(report.verdict.rawValue)"
        if !blind.isEmpty { out += "; blind to " + blind.map(\.bug).joined(separator: ", ") }
        out += " after \(report.cycles.count) cycles"
        out += " in \(fixed(report.seconds, digits: 1)) s"
        out += " (exit \(report.exitCode))\n"
        for spot in blind { out += "  \(Self.describe(spot))\n" }
        return out
    }

    /// `kmemleak: 1 leak in the device's code, 2 other unreferenced objects (f, g); scanned in 9.1 s`.
    static func leakLine(_ leaks: LeakReport) -> String {
        guard leaks.scanned else { return "kmemleak: not scanned: \(leaks.note ?? "?")" }
        let count = leaks.findings.count
        var text = "kmemleak: \(count) leak\(count == 1 ? "" : "s")\(leaks.scope == "all" ? "" : " in the device's code")"
        let others = leaks.unreferenced - count
        if others > 0 {
            text += ", \(others) other unreferenced object\(others == 1 ? "" : "s")"
            if !leaks.otherFunctions.isEmpty { text += " (\(leaks.otherFunctions.joined(separator: ", ")))" }
        }
        return text + "; scanned in \(fixed(leaks.seconds, digits: 1)) s"
    }

    /// A blind spot in a line: what was off, what would see it.
    static func describe(_ spot: KernelDetectors.Coverage) -> String {
        var line = "\(spot.seen == .unknown ? "maybe blind" : "blind") to \(spot.bug): \(spot.because)"
        if let remedy = spot.remedy { line += " (to see it: \(remedy))" }
        return line
    }

    /// The detectors in a line, and what the run armed.
    func detectorLine(_ detectors: KernelDetectors) -> String {
        var line = "detectors: " + detectors.detectors.map { detector in
            detector.state == .on ? (detector.detail.isEmpty ? detector.name : "\(detector.name) (\(detector.detail))")
                : "\(detector.name) \(detector.state.rawValue)"
        }.joined(separator: ", ")
        if detectors.configSource == nil { line += "; no kernel config readable" }
        return line + detectors.armed.map { "\narmed: \($0)" }.joined() + "\n"
    }

    package func ktap(_ report: StressReport) -> String {
        let leakPoint = report.leaks != nil && !report.cycles.isEmpty
        var points = KTAPPoints()
        var out = points.header(plan: max(report.cycles.count, 1) + (leakPoint ? 1 : 0))
        if let target = report.target {
            out += KTAP.diagnostic("mediactl stress unbind: \(target.deviceName) (\(target.driver)) on \(report.environment.kernelRelease)")
        }
        if let line = report.environment.otherHoldersLine { out += "# \(line)\n" }
        if let detectors = report.environment.detectors {
            for spot in report.verdict == .clean ? detectors.blindSpots : [] { out += KTAP.diagnostic(Self.describe(spot)) }
        }
        if report.cycles.isEmpty {
            out += points.point("setup", .fail(reason: report.error ?? "no cycle ran"))
        }
        for cycle in report.cycles {
            var checks = KTAPPoints(level: 1)
            var inner = checks.header(plan: cycle.contract.count + 2)
            inner += checks.point("hold and unbind", cycle.error.map { .fail(reason: $0) } ?? .pass)
            for check in cycle.contract {
                let name = "\(check.name) \(check.node ?? "")"
                inner += checks.point(name, check.passed ? .pass : .fail(reason: "expected \(check.expected), got \(check.actual)"))
            }
            let kernel = cycle.findings.map(\.finding.summary).joined(separator: "; ")
            inner += checks.point("kernel log clean", cycle.findings.isEmpty ? .pass : .fail(reason: kernel))
            out += inner
            out += points.point("cycle \(cycle.index)", cycle.isClean ? .pass : .fail(reason: nil))
        }
        if leakPoint, let leaks = report.leaks {
            if !leaks.scanned {
                out += points.point("kmemleak", .skip(reason: leaks.note ?? "not scanned"))
            } else if leaks.findings.isEmpty {
                out += points.point("kmemleak", .pass)
            } else {
                out += points.point("kmemleak", .fail(reason: leaks.findings.compactMap(\.syzbotTitle).joined(separator: "; ")))
            }
        }
        return out
    }

    func summary(_ counts: OutcomeCounts) -> String {
        var outcomes: [String: Int] = [:]
        for (_, byOutcome) in counts.counts {
            for (name, count) in byOutcome { outcomes[name, default: 0] += count }
        }
        if outcomes.isEmpty { return "none" }
        return outcomes.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: " ")
    }

    func describe(_ outcome: UserfaultPin.Outcome) -> String {
        switch outcome {
        case .returned(let errno): "returned \(errno ?? "OK")"
        case .killed(let tid): "thread \(tid) killed by the kernel"
        case .stuck(let tid): "thread \(tid) stuck"
        }
    }
}

/// `value` with `digits` decimals, e.g. `fixed(1.25, digits: 1)` is "1.3".
func fixed(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    guard digits > 0 else { return String(scaled) }
    let whole = String(scaled / Int(scale))
    let fraction = String(abs(scaled) % Int(scale))
    return whole + "." + String(repeating: "0", count: digits - fraction.count) + fraction
}

extension String {
    /// The text without the `character`s it ends with.
    func trimmingTrailing(_ character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
