/// Facts about the machine that decide how to read a report.
package struct StressEnvironment: Sendable, Codable, Equatable {
    package var kernelRelease: String
    package var kernelCommandLine: String
    package var panicOnOops: Bool
    /// How device nodes were found (`udev` or `sysfs`).
    package var enumerator: String
    /// How the engine waited for nodes to come and go.
    package var waiting: String

    package init(kernelRelease: String, kernelCommandLine: String, panicOnOops: Bool, enumerator: String, waiting: String) {
        self.kernelRelease = kernelRelease
        self.kernelCommandLine = kernelCommandLine
        self.panicOnOops = panicOnOops
        self.enumerator = enumerator
        self.waiting = waiting
    }
}
