/// Prints what a configuration run did, one line per link or pad, in spec syntax so
/// each line can be pasted back into `mediactl link`/`format` or a pipeline file:
///
/// ```
/// "Debayer B":1 -> "Scaler":0 [ENABLED] (was [])
/// "Sensor A":0 [fmt:SRGGB8_1X8/320x240 field:none colorspace:srgb]
/// "Debayer A":0 [fmt:SRGGB8_1X8/320x240 field:none colorspace:srgb] (propagated from "Sensor A":0)
/// ```
public struct PipelineRunRenderer {
    /// Prefix each line with the pipeline file line that caused it (`apply`).
    public var showLines: Bool

    public init(showLines: Bool = false) { self.showLines = showLines }

    public func render(_ run: PipelineRun) -> String {
        var out = ""
        var reported = Set<LinkAddress>()
        // A link set more than once (reset, then a spec) is shown once, at its last step:
        // the state read back is the net effect of them all.
        var lastStep: [LinkAddress: Int] = [:]
        for (index, step) in run.steps.enumerated() {
            if case .link(_, let request, _) = step { lastStep[request.address] = index }
        }
        for (index, step) in run.steps.enumerated() {
            switch step {
            case .link(let line, let request, let before):
                guard lastStep[request.address] == index else { continue }
                reported.insert(request.address)
                let after = run.flagsAfter(request.address)
                out += prefix(line) + linkLine(request.address, before: before, after: after, in: run.graph) + "\n"
            case .format(let line, let results):
                for result in results { out += prefix(line) + padLine(result, in: run.graph) + "\n" }
            }
        }
        for change in run.changes where !reported.contains(change.link) {
            let after = change.after.map(linkFlagsText) ?? "(gone)"
            let before = change.before.map(linkFlagsText) ?? "(new)"
            out += "\(run.graph.describe(change.link)) \(after) (was \(before), changed by the driver)\n"
        }
        for mismatch in run.mismatches { out += "mismatch: \(mismatch)\n" }
        return out
    }

    /// `"A":1 -> "B":0 [ENABLED] (was [])`, or `(unchanged)`.
    func linkLine(_ link: LinkAddress, before: LinkFlags, after: LinkFlags?, in graph: PipelineGraph) -> String {
        let state = after.map(linkFlagsText) ?? "(gone)"
        let note = after == before ? "(unchanged)" : "(was \(linkFlagsText(before)))"
        return "\(graph.describe(link)) \(state) \(note)"
    }

    /// `"A":0 [fmt:...]` with where it came from and what the driver adjusted.
    func padLine(_ result: PadFormatResult, in graph: PipelineGraph) -> String {
        var line = "\(graph.describe(result.pad)) [\(result.properties)]"
        if let source = result.propagatedFrom { line += " (propagated from \(graph.describe(source)))" }
        let adjustments = result.adjustments
        if !adjustments.isEmpty { line += " (adjusted by the driver: \(adjustments.joined(separator: ", ")))" }
        if let ignored = result.ignoredError { line += " (not set: \(ignored))" }
        return line
    }

    /// The lines of a failed run: what was done, then the failure.
    public func render(_ failure: PipelineFailure, graph: PipelineGraph) -> String {
        var out = ""
        for step in failure.completed {
            switch step {
            case .link(let line, let request, let before):
                out += prefix(line) + "\(graph.describe(request.address)) \(linkFlagsText(request.flags)) (was \(linkFlagsText(before)))\n"
            case .format(let line, let results):
                for result in results { out += prefix(line) + padLine(result, in: graph) + "\n" }
            }
        }
        for request in failure.restoredLinks {
            out += "restored: \(graph.describe(request.address)) \(linkFlagsText(request.flags))\n"
        }
        return out
    }

    private func prefix(_ line: Int?) -> String {
        guard showLines, let line else { return "" }
        return "line \(line): "
    }
}
