import MediaController

/// What a stress run switches on in the kernel for itself and puts back after it: KFENCE,
/// where the kernel has it but samples nothing (`sample_interval` 0, as Debian ships it).
/// What needs a reboot is only named (`KernelDetectors.Coverage.remedy`).
package final class DetectorArming: Sendable {
    /// KFENCE's interval for the run, in ms (KFENCE's own default).
    package static let kfenceInterval = 100

    /// The interval to write back, nil when nothing was changed.
    private let restoreInterval: Int?
    /// A line for each thing armed, or why it could not be.
    package let notes: [String]

    private init(restoreInterval: Int?, notes: [String]) {
        self.restoreInterval = restoreInterval
        self.notes = notes
    }

    /// Nothing armed (`--leave-detectors`).
    package static let none = DetectorArming(restoreInterval: nil, notes: [])

    /// Arms what `facts` says is there and off; `facts` then says what is in force.
    package static func arm(_ facts: inout KernelFacts) -> DetectorArming {
        guard facts.kfenceSampleInterval == 0 else { return none }
        do throws(MediaError) {
            try TextFile.write("\(kfenceInterval)\n", to: KernelFacts.kfenceInterval, creating: false)
        } catch {
            return DetectorArming(restoreInterval: nil, notes: ["KFENCE left off: \(error.description)"])
        }
        facts.kfenceSampleInterval = kfenceInterval
        return DetectorArming(
            restoreInterval: 0, notes: ["KFENCE sample_interval 0 -> \(kfenceInterval) ms for the run (put back after it)"])
    }

    /// Puts back what was armed.
    package func restore() {
        guard let restoreInterval else { return }
        try? TextFile.write("\(restoreInterval)\n", to: KernelFacts.kfenceInterval, creating: false)
    }
}
