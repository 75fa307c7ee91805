package import KernelLog

/// What kmemleak said after a run's cycles (`StressReport.leaks`): its scan, the leaks
/// charged to the device's code (findings), and how many other objects it suspects.
package struct LeakReport: Sendable, Codable, Equatable {
    /// `device` (media, V4L2, vb2, DVB core and the driver) or `all` (every suspect).
    package var scope: String
    /// Whether a scan ran and was read; false with `note` saying why not.
    package var scanned: Bool
    package var note: String?
    /// The wait for kmemleak's minimum object age plus the scans and the read.
    package var seconds: Double
    /// Unreferenced objects kmemleak listed, of any code.
    package var unreferenced: Int
    /// The objects charged to the scope, as findings (kind `memory-leak`).
    package var findings: [KernelFinding]
    /// The allocating functions of the others (outside the scope), at most 8, each once.
    package var otherFunctions: [String]

    package init(
        scope: String, scanned: Bool, note: String? = nil, seconds: Double = 0, unreferenced: Int = 0,
        findings: [KernelFinding] = [], otherFunctions: [String] = []
    ) {
        self.scope = scope
        self.scanned = scanned
        self.note = note
        self.seconds = seconds
        self.unreferenced = unreferenced
        self.findings = findings
        self.otherFunctions = otherFunctions
    }
}
