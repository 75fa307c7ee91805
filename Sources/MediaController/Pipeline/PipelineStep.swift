/// One thing a configuration run does: set a link, or set a subdev pad's format.
public struct PipelineStep: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case link(LinkRequest)
        case format(FormatRequest)
    }

    /// The line of the pipeline file it came from; nil on the command line.
    public var line: Int?
    public var action: Action

    public init(line: Int? = nil, action: Action) {
        self.line = line
        self.action = action
    }
}

extension PipelineGraph {
    /// Resolves link specs into steps; nothing is applied when any spec fails.
    public func steps(links specs: [LinkSpec]) throws(PipelineSpecError) -> [PipelineStep] {
        var steps: [PipelineStep] = []
        for spec in specs { steps.append(PipelineStep(line: spec.line, action: .link(try request(for: spec)))) }
        return steps
    }

    /// Resolves format specs into steps; nothing is applied when any spec fails.
    public func steps(formats specs: [FormatSpec]) throws(PipelineSpecError) -> [PipelineStep] {
        var steps: [PipelineStep] = []
        for spec in specs { steps.append(PipelineStep(line: spec.line, action: .format(try request(for: spec)))) }
        return steps
    }

    /// Resolves every line of a pipeline description, in order.
    public func steps(_ description: PipelineDescription) throws(PipelineSpecError) -> [PipelineStep] {
        var steps: [PipelineStep] = []
        for line in description.lines {
            switch line.content {
            case .links(let specs): steps += try self.steps(links: specs)
            case .formats(let specs): steps += try self.steps(formats: specs)
            }
        }
        return steps
    }

    /// `media-ctl -r` as steps: disable every enabled link that is not immutable.
    public var resetSteps: [PipelineStep] {
        LinkPlans.reset(legacy).map { PipelineStep(action: .link($0)) }
    }
}
