/// What a configuration run did, and what reading the device back found.
public struct PipelineRun: Sendable, Equatable {
    /// One applied step.
    public enum StepResult: Sendable, Equatable {
        /// A link set: the request and the link's flags when the run began.
        case link(line: Int?, request: LinkRequest, before: LinkFlags)
        /// A pad set, with the pads media-ctl's propagation set after it.
        case format(line: Int?, results: [PadFormatResult])
    }

    public var steps: [StepResult]
    /// Every link whose flags differ between the reads before and after the run.
    public var changes: [LinkStateChange]
    /// What read back differently from what the run set; empty when verified.
    public var mismatches: [VerificationMismatch]
    /// The graph as read back after the run.
    public var graph: PipelineGraph

    public init(steps: [StepResult], changes: [LinkStateChange], mismatches: [VerificationMismatch], graph: PipelineGraph) {
        self.steps = steps
        self.changes = changes
        self.mismatches = mismatches
        self.graph = graph
    }

    /// The flags a link has after the run (read back), nil when it is gone.
    public func flagsAfter(_ link: LinkAddress) -> LinkFlags? { graph.link(link)?.flags }
}

/// Something that read back differently from what was set.
public struct VerificationMismatch: Sendable, Equatable, CustomStringConvertible {
    /// The line that set it last; nil on the command line.
    public var line: Int?
    /// `"Scaler":0` or `"Debayer B":1 -> "Scaler":0`.
    public var subject: String
    public var expected: String
    public var found: String

    public init(line: Int?, subject: String, expected: String, found: String) {
        self.line = line
        self.subject = subject
        self.expected = expected
        self.found = found
    }

    public var description: String {
        (line.map { "line \($0): " } ?? "") + "\(subject) reads back \(found), but was set to \(expected)"
    }
}

/// A run that stopped: which step failed, why, and how the links were put back.
public struct PipelineFailure: Error, Sendable, CustomStringConvertible {
    /// The step that failed; nil when reading the device back failed.
    public var step: PipelineStep?
    public var error: MediaError
    /// The steps that had completed before it.
    public var completed: [PipelineRun.StepResult]
    /// The SETUP_LINK calls that put the links back as they were before the run.
    public var restoredLinks: [LinkRequest]
    /// Why restoring the links failed, if it did.
    public var restoreError: MediaError?

    public var description: String {
        var text = (step?.line.map { "line \($0): " } ?? "") + error.description
        if let restoreError {
            text += "; restoring the links failed too: \(restoreError)"
        } else if !restoredLinks.isEmpty {
            text += "; \(restoredLinks.count) link\(restoredLinks.count == 1 ? "" : "s") restored to the state before"
        }
        return text
    }
}
