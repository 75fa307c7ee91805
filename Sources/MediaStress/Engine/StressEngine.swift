import Glibc
package import KernelLog
package import MediaController
import SystemPackage

/// Runs unbind/bind cycles on a target: holds descriptors, hammers ioctls, parks one
/// ioctl with userfaultfd, unbinds, checks the post-unbind contract, binds again, checks
/// the topology, and classifies the kernel log. The device is bound again on every path.
public final class StressEngine {
    public let configuration: StressConfiguration
    public private(set) var target: StressTarget
    let enumerator: any MediaNodeEnumerating
    let devnodes: any DevnodeResolving
    let waiter: NodeWaiter
    let signals: SignalGuard?
    let kernelLog: KmsgReader?
    /// Called after each cycle, for progress lines.
    public var onCycle: (CycleReport) -> Void = { _ in }
    /// The last step started, for attributing kernel findings.
    private var steps: [(time: Double, name: String)] = []
    /// Whether the topology baseline was read after a bind (the driver's default links)
    /// rather than before the first unbind (links as a user may have configured them).
    private var baselineIsFromBind = false

    package init(
        configuration: StressConfiguration, target: StressTarget, enumerator: any MediaNodeEnumerating,
        devnodes: any DevnodeResolving, signals: SignalGuard?, kernelLog: KmsgReader?
    ) {
        self.configuration = configuration
        self.target = target
        self.enumerator = enumerator
        self.devnodes = devnodes
        self.waiter = NodeWaiter(timeout: configuration.nodeTimeout, settleUdev: configuration.settleUdev)
        self.signals = signals
        self.kernelLog = kernelLog
    }

    /// Runs every cycle and returns the report. Never leaves the device unbound if bind works.
    public func run(environment: StressEnvironment) -> StressReport {
        var report = StressReport(configuration: configuration, environment: environment)
        report.target = target
        let start = MonotonicClock.now
        let binding = SysfsBinding(target: target)
        var baseline: TopologyShape
        do throws(MediaError) {
            baseline = TopologyShape(try MediaDevice(path: target.mediaNode).topology())
        } catch {
            report.verdict = .setupError
            report.error = error.description
            return report
        }
        do throws(MediaError) {
            _ = try waiter.waitUdevSettled()
        } catch {
            report.verdict = .setupError
            report.error = error.description
            return report
        }
        _ = kernelLog?.drainLines()
        var cycle = 0
        while cycle < configuration.cycles || configuration.duration != nil {
            if let duration = configuration.duration, MonotonicClock.now - start >= duration { break }
            if signals?.interrupted == true { break }
            cycle += 1
            var cycleReport = CycleReport(index: cycle)
            let deviceBack = runCycle(&cycleReport, baseline: &baseline)
            report.cycles.append(cycleReport)
            onCycle(cycleReport)
            if !deviceBack {
                report.verdict = .deviceLost
                report.error = "cycle \(cycleReport.index): \(cycleReport.error ?? "the device did not come back")"
                break
            }
            if cycleReport.hasFindings {
                report.verdict = .finding
                if !configuration.keepGoing { break }
            } else if let error = cycleReport.error {
                // The cycle could not do its work (e.g. streaming could not start).
                report.verdict = .setupError
                report.error = "cycle \(cycleReport.index), \(cycleReport.failedStep ?? "?"): \(error)"
                break
            }
        }
        if (try? binding.ensureBound()) == nil, report.verdict != .deviceLost {
            report.verdict = .deviceLost
        }
        report.interrupted = signals?.interrupted ?? false
        report.uniqueFindings = Self.unique(report.cycles)
        report.seconds = MonotonicClock.now - start
        return report
    }

    private func step(_ name: String) {
        steps.append((MonotonicClock.now, name))
    }

    /// One cycle; false when the device did not come back.
    private func runCycle(_ report: inout CycleReport, baseline: inout TopologyShape) -> Bool {
        let cycleStart = MonotonicClock.now
        steps = [(cycleStart, "cycle start")]
        let binding = SysfsBinding(target: target)
        var handles: [HeldHandle] = []
        var stream: CaptureStream?
        var pin: UserfaultPin?
        let hammer = Hammer()
        defer { report.timings.total = MonotonicClock.now - cycleStart }
        /// Undoes what the cycle started when it cannot go on.
        func abandon() {
            _ = hammer.stop()
            _ = stream?.finish()
            for handle in handles { _ = handle.close() }
        }

        // 1. Hold descriptors on the chosen node kinds.
        step("open")
        var time = MonotonicClock.now
        for node in target.nodes where configuration.hold.contains(node.kind) {
            do throws(MediaError) {
                handles.append(try HeldHandle(node))
            } catch {
                report.error = error.description
                report.failedStep = "open"
                for handle in handles { _ = handle.close() }
                return true
            }
        }
        report.held = handles.map(\.node)
        report.timings.open = MonotonicClock.now - time

        // 2. Stream, hammer, park.
        do throws(MediaError) {
            if configuration.stream {
                step("stream")
                stream = try CaptureStream(target: target)
            }
            let probes = IoctlProbe.kinds(for: handles, setupLink: try mutableLink())
            if configuration.hammerThreads > 0 {
                step("hammer")
                time = MonotonicClock.now
                report.hammerThreads = hammer.start(
                    threads: configuration.hammerThreads, handles: handles, probes: probes,
                    churnPaths: handles.map(\.node.path), seed: configuration.seed &+ UInt64(report.index))
                usleep(UInt32(configuration.hammerSeconds * 1_000_000))
                if !configuration.hammerAcrossUnbind {
                    report.stuckHammerThreads = hammer.stop()
                }
                report.timings.hammer = MonotonicClock.now - time
            }
            if let pinned = configuration.pin {
                step("park \(pinned.rawValue)")
                guard let handle = handles.first(where: { $0.node.kind == pinned.nodeKind }) else {
                    throw MediaError(
                        code: .invalidArgument, operation: "--pin \(pinned.rawValue)",
                        detail: "no held \(pinned.nodeKind.rawValue) node (add it to --hold)")
                }
                let parked = try UserfaultPin(ioctl: pinned, handle: handle)
                report.timings.park = try parked.park()
                pin = parked
            }
        } catch {
            report.error = error.description
            report.failedStep = steps.last?.name
            abandon()
            return true
        }

        // 3. Unbind and wait for the nodes to go.
        step("unbind")
        time = MonotonicClock.now
        do throws(MediaError) {
            try binding.unbind()
            report.timings.unbind = MonotonicClock.now - time
        } catch {
            // Nothing was unbound: there is no contract to check. Clean up and stop here.
            report.error = error.description
            report.failedStep = "unbind"
            try? pin?.release()
            abandon()
            return true
        }
        do throws(MediaError) {
            report.timings.nodesGone = try waiter.waitGone(target.nodes.map(\.path))
        } catch {
            // The contract checks below will show which nodes stayed.
            report.error = error.description
            report.failedStep = "wait for nodes to go"
        }

        // 4. Release the parked ioctl and see whether it came back.
        if let pin {
            step("release \(pin.ioctl.rawValue)")
            var outcome = UserfaultPin.Outcome.stuck(tid: 0)
            if (try? pin.release()) != nil { outcome = pin.waitForOutcome() }
            report.pin = PinReport(
                ioctl: pin.ioctl, node: pin.node.path, parkSeconds: report.timings.park ?? 0, outcome: outcome)
        }
        if configuration.hammerThreads > 0 && configuration.hammerAcrossUnbind {
            report.stuckHammerThreads = hammer.stop()
        }
        report.hammer = hammer.outcomes

        // 5. The post-unbind contract on every held descriptor.
        step("after-unbind ioctls")
        checkContract(handles, &report)
        if let stream {
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

        // 6. Bind again, wait for the device, compare the topology.
        step("bind")
        time = MonotonicClock.now
        let back = rebind(binding, &report)
        report.timings.bind = MonotonicClock.now - time
        if back {
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

        // 7. What the kernel said meanwhile.
        collectFindings(&report)
        return back
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

    /// Binds and waits until the media node and all its interface nodes are back;
    /// refreshes the target (minor numbers may change). False when it did not come back.
    private func rebind(_ binding: SysfsBinding, _ report: inout CycleReport) -> Bool {
        do throws(MediaError) {
            try binding.bind()
            let deviceName = target.deviceName
            let busInfo = target.busInfo
            var refreshed: StressTarget?
            report.timings.nodesBack = try waiter.waitPresent([binding.driverSysPath + "/" + deviceName]) {
                // The same instance: the bound device and the bus info (a multi-instance driver
                // has several media devices under one bound device, renumbered after a bind).
                guard let nodes = try? enumerator.mediaNodes().filter({ $0.parentName == deviceName }) else { return false }
                for node in nodes {
                    guard let candidate = try? StressTarget.resolve(mediaNode: node.devnode, enumerator: enumerator, devnodes: devnodes),
                        candidate.busInfo == busInfo
                    else { continue }
                    guard candidate.nodes.count == target.nodes.count,
                        candidate.nodes.allSatisfy({ access($0.path, R_OK | W_OK) == 0 })
                    else { return false }
                    refreshed = candidate
                    return true
                }
                return false
            }
            if let refreshed { target = refreshed }
            report.timings.udevSettle = try waiter.waitUdevSettled()
            return true
        } catch {
            report.error = error.description
            report.failedStep = "bind"
            return false
        }
    }

    private func collectFindings(_ report: inout CycleReport) {
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

    /// A mutable data link in its current state, for SETUP_LINK to the same state.
    private func mutableLink() throws(MediaError) -> LegacyLink? {
        let legacy = try MediaDevice(path: target.mediaNode).legacyTopology()
        return legacy.entities.flatMap(\.links).first { !$0.flags.contains(.immutable) }
    }

    static func unique(_ cycles: [CycleReport]) -> [UniqueFinding] {
        var result: [UniqueFinding] = []
        for cycle in cycles {
            for entry in cycle.findings {
                if let index = result.firstIndex(where: { $0.finding.signature == entry.finding.signature }) {
                    result[index].count += 1
                    if !result[index].cycles.contains(cycle.index) { result[index].cycles.append(cycle.index) }
                } else {
                    result.append(UniqueFinding(finding: entry.finding, count: 1, cycles: [cycle.index]))
                }
            }
        }
        return result
    }
}

/// `OK` or the errno's name.
func outcome(_ errno: Errno?) -> String {
    errno.map(errnoName) ?? "OK"
}

extension IoctlProbe {
    /// The probes for every kind of the held handles.
    static func kinds(for handles: [HeldHandle], setupLink: LegacyLink?) -> [IoctlProbe] {
        Set(handles.map(\.node.kind)).sorted().flatMap { probes(for: $0, setupLink: setupLink) }
    }
}
