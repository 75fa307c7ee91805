import Glibc
package import KernelLog
package import MediaController
import SystemPackage

/// Runs unbind/bind cycles on a target. Each cycle (`runCycle`) holds descriptors,
/// streams, hammers ioctls and parks one with userfaultfd (StressEngine+Cycle.swift),
/// unbinds, releases the parked ioctl, checks the post-unbind contract, binds again
/// (`rebind`), checks the topology and classifies the kernel log (StressEngine+Checks.swift).
/// The device is bound again on every path.
package final class StressEngine {
    package let configuration: StressConfiguration
    package private(set) var target: StressTarget
    let enumerator: any MediaNodeEnumerating
    let devnodes: any DevnodeResolving
    let waiter: NodeWaiter
    let signals: StopSignals?
    let kernelLog: KmsgReader?
    /// Called after each cycle, for progress lines.
    package var onCycle: (CycleReport) -> Void = { _ in }
    /// The steps of this cycle so far, for attributing kernel findings.
    var steps: [(time: Double, name: String)] = []
    /// Whether the topology baseline was read after a bind (the driver's default links)
    /// rather than before the first unbind (links as a user may have configured them).
    var baselineIsFromBind = false

    package init(
        configuration: StressConfiguration, target: StressTarget, enumerator: any MediaNodeEnumerating,
        devnodes: any DevnodeResolving, signals: StopSignals?, kernelLog: KmsgReader?
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
    package func run(environment: StressEnvironment) -> StressReport {
        var report = StressReport(configuration: configuration, environment: environment)
        report.target = target
        let start = MonotonicClock.now
        let binding = SysfsBinding(target: target)
        var baseline: TopologyShape
        do throws(MediaError) {
            baseline = TopologyShape(try MediaDevice(path: target.mediaNode).topology())
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
            if signals?.received == true { break }
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
                report.notApplicable = cycleReport.notApplicable
                break
            }
        }
        if (try? binding.ensureBound()) == nil, report.verdict != .deviceLost {
            report.verdict = .deviceLost
        }
        report.interrupted = signals?.received ?? false
        report.uniqueFindings = Self.unique(report.cycles)
        report.seconds = MonotonicClock.now - start
        return report
    }

    /// Notes that the step `name` starts now.
    func step(_ name: String) {
        steps.append((MonotonicClock.now, name))
    }

    /// Step 6: binds and waits until the media node and all its interface nodes are back;
    /// refreshes the target (minor numbers may change). False when it did not come back.
    func rebind(_ binding: SysfsBinding, _ report: inout CycleReport) -> Bool {
        step("bind")
        let time = MonotonicClock.now
        defer { report.timings.bind = MonotonicClock.now - time }
        do throws(MediaError) {
            try binding.bind()
            let deviceName = target.deviceName
            let busInfo = target.busInfo
            var refreshed: StressTarget?
            // Somebody else connects it again: waited for as long as the run was told to.
            var waiter = self.waiter
            if case .awaited(let seconds) = binding.disconnection, seconds > configuration.nodeTimeout {
                waiter = NodeWaiter(timeout: seconds, settleUdev: configuration.settleUdev)
            }
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
            if var refreshed {
                refreshed.disconnection = target.disconnection  // the same USB device (its bus path)
                target = refreshed
            }
            report.timings.udevSettle = try waiter.waitUdevSettled()
            return true
        } catch {
            report.fail(at: "bind", error)
            return false
        }
    }

    static func unique(_ cycles: [CycleReport]) -> [UniqueFinding] {
        var result: [UniqueFinding] = []
        for cycle in cycles {
            for entry in cycle.findings { result.record(entry.finding, cycle: cycle.index) }
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
