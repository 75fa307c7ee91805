package import MediaController

/// Facts about the machine that decide how to read a report.
package struct StressEnvironment: Sendable, Codable, Equatable {
    package var kernelRelease: String
    package var kernelCommandLine: String
    package var panicOnOops: Bool
    /// How device nodes were found (`udev` or `sysfs`).
    package var enumerator: String
    /// How the engine waited for nodes to come and go.
    package var waiting: String
    /// The kernel's bug detectors and what the run could not see (nil: not read).
    package var detectors: KernelDetectors?
    /// Other processes that held a node of the device open when the run started (it ran
    /// with `--force`); empty when none, nil when not looked.
    package var nodeHolders: [NodeHolder]?
    /// Processes /proc did not show when looking for them (not root).
    package var unreadableProcesses: Int?

    package init(
        kernelRelease: String, kernelCommandLine: String, panicOnOops: Bool, enumerator: String, waiting: String,
        detectors: KernelDetectors? = nil
    ) {
        self.kernelRelease = kernelRelease
        self.kernelCommandLine = kernelCommandLine
        self.panicOnOops = panicOnOops
        self.enumerator = enumerator
        self.waiting = waiting
        self.detectors = detectors
    }
}
