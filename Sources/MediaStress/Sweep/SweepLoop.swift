import KernelLog

/// The sweep in one boot: the cells of the state not run yet, in order, until one taints
/// the kernel (a finding, a lost device) or a signal asks to stop. `mediactl stress sweep`
/// gives it the state (`start`), a way to run one cell, and what to do as each row ends
/// (print it, write the state); the loop decides the rest.
package struct SweepLoop {
    /// Runs one cell on a target: its single-cycle stress report, and the target as the
    /// run left it (the device may come back under another node after the rebind).
    package typealias RunCell = (SweepCell, StressTarget) -> (report: StressReport, target: StressTarget)

    package var runCell: RunCell
    /// Asked before each cell: true stops the loop (SIGINT, SIGTERM).
    package var stopRequested: () -> Bool = { false }
    package var now: () -> Double = { MonotonicClock.now }

    package init(runCell: @escaping RunCell) { self.runCell = runCell }

    /// The state `--resume` read back, when it is a sweep of `device` on `kernelRelease`;
    /// a new sweep of `cells` when there is none. Another device's or kernel's state is an
    /// error: its rows say nothing of this one.
    package static func start(
        from saved: SweepReport?, device: String, driver: String, kernelRelease: String, cells: [SweepCell]
    ) throws(SweepResumeError) -> SweepReport {
        guard let saved else {
            return SweepReport(device: device, driver: driver, kernelRelease: kernelRelease, cells: cells.map(\.name))
        }
        guard saved.device == device, saved.kernelRelease == kernelRelease else {
            throw SweepResumeError(
                saved: "\(saved.device) on \(saved.kernelRelease)", current: "\(device) on \(kernelRelease)")
        }
        return saved
    }

    /// Runs the cells `report` has left on `target`, one boot's worth: a cell the target
    /// cannot run (no node of a kind it holds) is not-applicable without running; the
    /// loop ends after a row that taints the kernel. `rowEnded` sees each row and the
    /// state with it; what it throws ends the loop.
    package func run(
        _ report: inout SweepReport, on target: StressTarget, rowEnded: (SweepRow, SweepReport) throws -> Void
    ) rethrows {
        report.boots += 1
        let start = now()
        defer { report.seconds += now() - start }
        var target = target
        for name in report.remaining where !stopRequested() {
            guard let cell = SweepCell.named(name) else { continue }
            let row: SweepRow
            var findings: [KernelFinding] = []
            if let reason = cell.notApplicable(on: target) {
                row = SweepRow(cell: cell, notApplicable: reason)
            } else {
                let result = runCell(cell, target)
                target = result.target
                row = SweepRow(cell: cell, report: result.report)
                findings = result.report.uniqueFindings.map(\.finding)
            }
            report.add(row, findings: findings)
            try rowEnded(row, report)
            if row.taintsTheKernel { break }
        }
    }
}

/// A `--resume` state of another device or kernel.
package struct SweepResumeError: Error, Equatable, CustomStringConvertible {
    package var saved: String
    package var current: String

    package var description: String { "a sweep of \(saved), not of \(current)" }
}
