/// Runs steps in order on a session, then reads the device back.
///
/// On the first failing step the links are put back as they were before the run
/// (formats are not: a pad's earlier format cannot be restored reliably, since setting
/// one pad changes others). Then the failure is thrown with what had been done.
public struct PipelineApplier {
    public let session: PipelineSession

    public init(session: PipelineSession) { self.session = session }

    public func run(_ steps: [PipelineStep]) throws(PipelineFailure) -> PipelineRun {
        let before = session.graph
        var done: [PipelineRun.StepResult] = []
        var expected = PipelineExpectations()
        for step in steps {
            do throws(MediaError) {
                switch step.action {
                case .link(let request):
                    let flagsBefore = before.link(request.address)?.flags ?? request.link.flags
                    try session.setLink(request)
                    expected.record(request, line: step.line)
                    done.append(.link(line: step.line, request: request, before: flagsBefore))
                case .format(let request):
                    let results = try session.setFormat(request)
                    for result in results { expected.record(result, line: step.line) }
                    done.append(.format(line: step.line, results: results))
                }
            } catch {
                throw failure(step: step, error: error, done: done, restoringTo: before.legacy)
            }
        }
        let after: PipelineGraph
        do throws(MediaError) {
            after = try session.readGraph()
        } catch {
            throw PipelineFailure(step: nil, error: error, completed: done, restoredLinks: [], restoreError: nil)
        }
        let mismatches = PipelineVerifier(session: session).mismatches(expected, graph: after)
        return PipelineRun(
            steps: done, changes: LinkDiff.changes(from: before.legacy, to: after.legacy), mismatches: mismatches,
            graph: after)
    }

    private func failure(
        step: PipelineStep, error: MediaError, done: [PipelineRun.StepResult], restoringTo saved: LegacyTopology
    ) -> PipelineFailure {
        var failure = PipelineFailure(step: step, error: error, completed: done, restoredLinks: [], restoreError: nil)
        do throws(MediaError) {
            failure.restoredLinks = try session.restoreLinks(to: saved)
        } catch let restoreError {
            failure.restoreError = restoreError
        }
        return failure
    }
}
