import Glibc
import KernelLog
import MediaController

/// The checks of one cycle: the post-unbind contract, the topology after the bind, and
/// what the kernel logged.
extension StressEngine {
    /// Step 5: the post-unbind contract on every held descriptor and on the stream.
    func checkAfterUnbind(_ work: CycleWork, _ report: inout CycleReport) {
        step("after-unbind ioctls")
        checkContract(work.handles, &report)
        if let stream = work.stream { checkStream(stream, &report) }
        work.fileOperation?.afterHandlesClosed(&report.contract)
    }

    /// Media ioctls must fail with EIO, video and subdev ioctls with ENODEV, poll must
    /// report POLLERR|POLLHUP, the node path must be gone, close must succeed.
    private func checkContract(_ handles: [HeldHandle], _ report: inout CycleReport) {
        for handle in handles {
            let node = handle.node
            let expected = node.kind == .media ? "EIO" : "ENODEV"
            for probe in IoctlProbe.probes(for: node.kind, setupLink: nil) {
                let errno = probe.run(handle.fileDescriptor)
                report.afterUnbind.record(probe.name, errno)
                report.contract.append(
                    ContractCheck(name: "\(probe.name) after unbind", node: node.path, expected: expected, actual: outcome(errno)))
            }
            let events = handle.pollEvents()
            let hangup = Int16(POLLERR | POLLHUP)
            report.contract.append(
                ContractCheck(
                    name: "poll after unbind", node: node.path, expected: "POLLERR|POLLHUP",
                    actual: events & hangup == hangup ? "POLLERR|POLLHUP" : "revents 0x\(String(events, radix: 16))"))
            let gone = access(node.path, F_OK) != 0 && errno == ENOENT
            report.contract.append(
                ContractCheck(name: "node path gone", node: node.path, expected: "ENOENT", actual: gone ? "ENOENT" : "exists"))
            report.contract.append(
                ContractCheck(name: "close after unbind", node: node.path, expected: "OK", actual: outcome(handle.close())))
        }
    }

    /// DQBUF and STREAMOFF on the stream started before the unbind must fail with ENODEV.
    private func checkStream(_ stream: CaptureStream, _ report: inout CycleReport) {
        let result = stream.finish()
        report.stream = StreamReport(
            node: stream.videoNode.path, framesBeforeUnbind: stream.framesBeforeUnbind,
            dequeueAfterUnbind: outcome(result.dequeue), streamOffAfterUnbind: outcome(result.streamOff),
            close: outcome(result.close))
        report.contract.append(
            ContractCheck(name: "DQBUF after unbind", node: stream.videoNode.path, expected: "ENODEV", actual: outcome(result.dequeue)))
        report.contract.append(
            ContractCheck(name: "STREAMOFF after unbind", node: stream.videoNode.path, expected: "ENODEV", actual: outcome(result.streamOff)))
    }

    /// Step 7: the topology after the bind must equal the baseline.
    func compareTopology(_ baseline: inout TopologyShape, _ report: inout CycleReport) {
        step("topology after bind")
        do throws(MediaError) {
            let shape = TopologyShape(try MediaDevice(path: target.mediaNode).topology())
            // Before the first bind the baseline may hold a user's link configuration,
            // which a bind resets to the driver's defaults: compare without it once,
            // then hold every later bind to the defaults exactly.
            var (now, before) = (shape, baseline)
            if !baselineIsFromBind {
                (now, before) = (shape.withoutMutableLinkState, baseline.withoutMutableLinkState)
                baselineIsFromBind = true
                baseline = shape
            }
            let unchanged = now == before
            report.topologyUnchanged = unchanged
            report.contract.append(
                ContractCheck(
                    name: "topology after bind", node: target.mediaNode, expected: "unchanged",
                    actual: unchanged ? "unchanged" : "changed: " + now.difference(from: before).joined(separator: "; ")))
        } catch {
            report.contract.append(
                ContractCheck(name: "topology after bind", node: target.mediaNode, expected: "unchanged", actual: error.description))
        }
    }

    /// Step 8: what the kernel logged during the cycle, each finding with the step before it.
    func collectFindings(_ report: inout CycleReport) {
        guard let kernelLog else { return }
        let lines = kernelLog.drainLines()
        for finding in KernelLogClassifier().classify(lines) {
            report.findings.append(CycleFinding(finding: finding, precededBy: precedingStep(finding)))
        }
    }

    /// The engine step that started last before the kernel logged the finding.
    private func precedingStep(_ finding: KernelFinding) -> String {
        guard let microseconds = finding.firstMicroseconds else { return steps.last?.name ?? "?" }
        let seconds = Double(microseconds) / 1e6
        return steps.last(where: { $0.time <= seconds })?.name ?? steps.first?.name ?? "?"
    }
}
