package import KernelLog
import MediaController

/// Everything a stress run did and found: per cycle what was held, what ran, timings,
/// errno counts, contract checks and kernel findings; the verdict and exit code.
package struct StressReport: Sendable, Codable {
    package static let schemaVersion = 1

    package enum Verdict: String, Sendable, Codable {
        /// No kernel splat, no contract deviation.
        case clean
        /// A kernel splat or a contract deviation.
        case finding
        /// The device did not come back after bind.
        case deviceLost = "device-lost"
        /// The run could not start or went wrong before a verdict.
        case setupError = "setup-error"
    }

    package var schemaVersion = Self.schemaVersion
    package var configuration: StressConfiguration
    package var target: StressTarget?
    package var environment: StressEnvironment
    package var cycles: [CycleReport] = []
    /// Kernel findings of all cycles, de-duplicated by signature.
    package var uniqueFindings: [UniqueFinding] = []
    package var verdict: Verdict = .clean
    package var interrupted = false
    package var error: String?
    /// The setup error is that the pin or file operation does not apply to the device, and why.
    package var notApplicable: NotApplicable?
    package var seconds: Double = 0
    /// The program that held the media node's lock (libcamera's convention) when `--force`
    /// unbound the device anyway.
    package var otherUser: String?
    /// Devices that killed runs had left unbound, bound again before this run (one line each).
    package var recovered: [String]?
    /// kmemleak's scan after the cycles; nil when none was asked for (`--leaks off`).
    package var leaks: LeakReport?

    package init(configuration: StressConfiguration, environment: StressEnvironment) {
        self.configuration = configuration
        self.environment = environment
    }

    /// The documented exit code: 0 clean, 1 finding, 2 setup error, 3 device lost.
    package var exitCode: Int32 {
        switch verdict {
        case .clean: 0
        case .finding: 1
        case .setupError: 2
        case .deviceLost: 3
        }
    }

    package var contractDeviations: [ContractCheck] { cycles.flatMap { $0.contract.filter { !$0.passed } } }

    /// The report in a few flat values (emitted as `summary`; not read back: it is derived).
    package var summary: StressSummary { StressSummary(self) }

    private enum EncodingKeys: String, CodingKey {
        case schemaVersion, configuration, target, environment, cycles, uniqueFindings, verdict
        case interrupted, error, notApplicable, seconds, otherUser, recovered, leaks, summary
    }

    /// The stored properties as the synthesized encoder would write them, and `summary`.
    /// A new stored property needs its line here (StressReportTests checks every one is written).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(configuration, forKey: .configuration)
        try container.encodeIfPresent(target, forKey: .target)
        try container.encode(environment, forKey: .environment)
        try container.encode(cycles, forKey: .cycles)
        try container.encode(uniqueFindings, forKey: .uniqueFindings)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(interrupted, forKey: .interrupted)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(notApplicable, forKey: .notApplicable)
        try container.encode(seconds, forKey: .seconds)
        try container.encodeIfPresent(otherUser, forKey: .otherUser)
        try container.encodeIfPresent(recovered, forKey: .recovered)
        try container.encodeIfPresent(leaks, forKey: .leaks)
        try container.encode(summary, forKey: .summary)
    }
}

/// One unbind/bind cycle.
package struct CycleReport: Sendable, Codable {
    package var index: Int
    package var held: [HeldNode] = []
    package var hammerThreads = 0
    /// ioctl outcomes of the hammer threads (before the unbind unless racing it).
    package var hammer = OutcomeCounts()
    /// Hammer threads that did not stop (stuck in the kernel).
    package var stuckHammerThreads = 0
    package var pin: PinReport?
    /// The unbind blocked until the parked ioctl was released: its park point is inside a
    /// lock the unbind needs. An observation, not a finding.
    package var unbindWaitedForParkedIoctl: Bool?
    package var stream: StreamReport?
    /// The file operation of `--file-op`.
    package var fileOperation: FileOperationReport?
    /// ioctl outcomes on the held descriptors after the unbind.
    package var afterUnbind = OutcomeCounts()
    package var contract: [ContractCheck] = []
    package var timings = CycleTimings()
    package var topologyUnchanged: Bool?
    package var findings: [CycleFinding] = []
    /// The step the cycle stopped at when it did not finish.
    package var failedStep: String?
    package var error: String?
    /// The error is that the pinned ioctl or file operation does not apply to the device
    /// (the ioctl returned before its park point, the driver lacks read I/O or requests), and why.
    package var notApplicable: NotApplicable?

    package init(index: Int) { self.index = index }

    /// A kernel finding or a contract deviation in this cycle.
    package var hasFindings: Bool { !findings.isEmpty || !contract.allSatisfy(\.passed) }

    package var isClean: Bool { !hasFindings && error == nil }
}

/// Seconds each step took.
package struct CycleTimings: Sendable, Codable, Equatable {
    package var open: Double = 0
    package var hammer: Double = 0
    package var park: Double?
    package var unbind: Double = 0
    package var nodesGone: Double = 0
    package var bind: Double = 0
    package var nodesBack: Double = 0
    /// Waiting for udevd to handle the add events after bind.
    package var udevSettle: Double = 0
    package var total: Double = 0
    package init() {}
}

/// The parked ioctl of `--pin`.
package struct PinReport: Sendable, Codable, Equatable {
    package var ioctl: PinnedIoctl
    package var node: String
    package var parkSeconds: Double
    package var outcome: UserfaultPin.Outcome
}

/// The capture stream of `--stream`.
package struct StreamReport: Sendable, Codable, Equatable {
    package var node: String
    package var framesBeforeUnbind: Int
    package var dequeueAfterUnbind: String
    package var streamOffAfterUnbind: String
    package var close: String
}

/// A kernel finding with the step of the cycle that preceded it.
package struct CycleFinding: Sendable, Codable {
    package var finding: KernelFinding
    /// The last step of the engine before the kernel logged it, e.g. `unbind`.
    package var precededBy: String
}

/// A finding signature with the cycles it was seen in.
package struct UniqueFinding: Sendable, Codable {
    package var finding: KernelFinding
    package var count: Int
    package var cycles: [Int]
}

extension [UniqueFinding] {
    /// Counts `finding` in with the one of its signature, or adds it; `cycle` is where it was
    /// seen (nil: after the cycles, as kmemleak's scan).
    package mutating func record(_ finding: KernelFinding, cycle: Int?) {
        if let index = firstIndex(where: { $0.finding.signature == finding.signature }) {
            self[index].count += 1
            if let cycle, !self[index].cycles.contains(cycle) { self[index].cycles.append(cycle) }
        } else {
            append(UniqueFinding(finding: finding, count: 1, cycles: cycle.map { [$0] } ?? []))
        }
    }
}
