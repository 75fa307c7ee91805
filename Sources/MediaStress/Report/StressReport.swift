package import KernelLog
import MediaController

/// Everything a stress run did and found: per cycle what was held, what ran, timings,
/// errno counts, contract checks and kernel findings; the verdict and exit code.
public struct StressReport: Sendable, Codable {
    public static let schemaVersion = 1

    public enum Verdict: String, Sendable, Codable {
        /// No kernel splat, no contract deviation.
        case clean
        /// A kernel splat or a contract deviation.
        case finding
        /// The device did not come back after bind.
        case deviceLost = "device-lost"
        /// The run could not start or went wrong before a verdict.
        case setupError = "setup-error"
    }

    public var schemaVersion = Self.schemaVersion
    public var configuration: StressConfiguration
    public var target: StressTarget?
    public var environment: StressEnvironment
    public var cycles: [CycleReport] = []
    /// Kernel findings of all cycles, de-duplicated by signature.
    public var uniqueFindings: [UniqueFinding] = []
    public var verdict: Verdict = .clean
    public var interrupted = false
    public var error: String?
    public var seconds: Double = 0
    /// The program that held the media node's lock (libcamera's convention) when `--force`
    /// unbound the device anyway.
    public var otherUser: String?
    /// Devices that killed runs had left unbound, bound again before this run (one line each).
    public var recovered: [String]?

    public init(configuration: StressConfiguration, environment: StressEnvironment) {
        self.configuration = configuration
        self.environment = environment
    }

    /// The documented exit code: 0 clean, 1 finding, 2 setup error, 3 device lost.
    public var exitCode: Int32 {
        switch verdict {
        case .clean: 0
        case .finding: 1
        case .setupError: 2
        case .deviceLost: 3
        }
    }

    public var contractDeviations: [ContractCheck] { cycles.flatMap { $0.contract.filter { !$0.passed } } }

    /// The report in a few flat values (emitted as `summary`; not read back: it is derived).
    public var summary: StressSummary { StressSummary(self) }

    private enum EncodingKeys: String, CodingKey {
        case schemaVersion, configuration, target, environment, cycles, uniqueFindings, verdict
        case interrupted, error, seconds, otherUser, recovered, summary
    }

    /// The stored properties as the synthesized encoder would write them, and `summary`.
    /// A new stored property needs its line here (StressReportTests checks every one is written).
    public func encode(to encoder: any Encoder) throws {
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
        try container.encode(seconds, forKey: .seconds)
        try container.encodeIfPresent(otherUser, forKey: .otherUser)
        try container.encodeIfPresent(recovered, forKey: .recovered)
        try container.encode(summary, forKey: .summary)
    }
}

/// Facts about the machine that decide how to read a report.
public struct StressEnvironment: Sendable, Codable, Equatable {
    public var kernelRelease: String
    public var kernelCommandLine: String
    public var panicOnOops: Bool
    /// How device nodes were found (`udev` or `sysfs`).
    public var enumerator: String
    /// How the engine waited for nodes to come and go.
    public var waiting: String

    public init(kernelRelease: String, kernelCommandLine: String, panicOnOops: Bool, enumerator: String, waiting: String) {
        self.kernelRelease = kernelRelease
        self.kernelCommandLine = kernelCommandLine
        self.panicOnOops = panicOnOops
        self.enumerator = enumerator
        self.waiting = waiting
    }
}

/// One unbind/bind cycle.
public struct CycleReport: Sendable, Codable {
    public var index: Int
    public var held: [HeldNode] = []
    public var hammerThreads = 0
    /// ioctl outcomes of the hammer threads (before the unbind unless racing it).
    public var hammer = OutcomeCounts()
    /// Hammer threads that did not stop (stuck in the kernel).
    public var stuckHammerThreads = 0
    public var pin: PinReport?
    public var stream: StreamReport?
    /// ioctl outcomes on the held descriptors after the unbind.
    public var afterUnbind = OutcomeCounts()
    public var contract: [ContractCheck] = []
    public var timings = CycleTimings()
    public var topologyUnchanged: Bool?
    public var findings: [CycleFinding] = []
    /// The step the cycle stopped at when it did not finish.
    public var failedStep: String?
    public var error: String?

    public init(index: Int) { self.index = index }

    /// A kernel finding or a contract deviation in this cycle.
    public var hasFindings: Bool { !findings.isEmpty || !contract.allSatisfy(\.passed) }

    public var isClean: Bool { !hasFindings && error == nil }
}

/// Seconds each step took.
public struct CycleTimings: Sendable, Codable, Equatable {
    public var open: Double = 0
    public var hammer: Double = 0
    public var park: Double?
    public var unbind: Double = 0
    public var nodesGone: Double = 0
    public var bind: Double = 0
    public var nodesBack: Double = 0
    /// Waiting for udevd to handle the add events after bind.
    public var udevSettle: Double = 0
    public var total: Double = 0
    public init() {}
}

/// The parked ioctl of `--pin`.
public struct PinReport: Sendable, Codable, Equatable {
    public var ioctl: StressConfiguration.PinnedIoctl
    public var node: String
    public var parkSeconds: Double
    public var outcome: UserfaultPin.Outcome
}

/// The capture stream of `--stream`.
public struct StreamReport: Sendable, Codable, Equatable {
    public var node: String
    public var framesBeforeUnbind: Int
    public var dequeueAfterUnbind: String
    public var streamOffAfterUnbind: String
    public var close: String
}

/// One check of the post-unbind contract.
public struct ContractCheck: Sendable, Codable, Equatable {
    public var name: String
    public var node: String?
    public var expected: String
    public var actual: String
    public var passed: Bool { expected == actual }

    public init(name: String, node: String?, expected: String, actual: String) {
        self.name = name
        self.node = node
        self.expected = expected
        self.actual = actual
    }
}

/// A kernel finding with the step of the cycle that preceded it.
public struct CycleFinding: Sendable, Codable {
    package var finding: KernelFinding
    /// The last step of the engine before the kernel logged it, e.g. `unbind`.
    public var precededBy: String
}

/// A finding signature with the cycles it was seen in.
public struct UniqueFinding: Sendable, Codable {
    package var finding: KernelFinding
    public var count: Int
    public var cycles: [Int]
}
