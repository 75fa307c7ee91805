import KernelLog

/// What one cell of a sweep found.
package struct SweepRow: Sendable, Codable {
    package enum Result: String, Sendable, Codable {
        /// Parked, unbound, released: no splat, every post-unbind check passed.
        case clean
        /// The kernel logged a splat (use-after-free, NULL dereference, WARN, hung task...).
        case finding
        /// No splat, but a post-unbind contract check failed.
        case contractDeviation = "contract-deviation"
        /// The cell could not park here (the ioctl returned first, e.g. ENOTTY, or the
        /// device has no node of its kind): never counted as clean.
        case notApplicable = "not-applicable"
        /// The device did not come back after the bind.
        case deviceLost = "device-lost"
        /// The run went wrong otherwise.
        case error
    }

    package var cell: String
    package var result: Result
    /// Why a not-applicable cell did not reach its park point: the kernel's refusal, the
    /// device's lack or the tool's gap (nil in states written before it was kept).
    package var notApplicable: NotApplicable?
    /// What was checked, or why not: one line.
    package var detail: String
    /// The parked ioctl's outcome after its release ("returned ENODEV", "killed", ...).
    package var pinOutcome: String?
    /// The unbind blocked until the parked ioctl was released (a park point inside a lock
    /// the unbind needs).
    package var unbindWaited: Bool
    /// Signatures of the kernel findings (see `SweepReport.findings`).
    package var signatures: [String]
    package var seconds: Double

    /// The row of `cell` from its single-cycle stress report.
    package init(cell: SweepCell, report: StressReport) {
        self.cell = cell.name
        let cycle = report.cycles.first
        pinOutcome = cycle?.pin.map { $0.outcome.brief }
        unbindWaited = cycle?.unbindWaitedForParkedIoctl == true
        signatures = report.uniqueFindings.map(\.finding.signature)
        seconds = report.seconds
        let deviations = report.contractDeviations
        switch report.verdict {
        case .finding where !signatures.isEmpty:
            result = .finding
            detail = report.uniqueFindings.map(\.finding.summary).joined(separator: "; ")
        case .finding:
            result = .contractDeviation
            detail = deviations.map { "\($0.name) \($0.node ?? ""): expected \($0.expected), got \($0.actual)" }
                .joined(separator: "; ")
        case .deviceLost:
            result = .deviceLost
            detail = report.error ?? "the device did not come back"
        case .setupError where report.notApplicable != nil:
            result = .notApplicable
            notApplicable = report.notApplicable
            detail = NotApplicable.untagged(report.error ?? "")
        case .setupError:
            result = .error
            detail = report.error ?? "?"
        case .clean:
            result = .clean
            let parked = pinOutcome ?? "?"
            let work = cell.pin.map { "parked on a \($0.nodeKind.rawValue) node, unbound, released: \(parked)" }
                ?? cycle?.fileOperation.map { $0.steps.joined(separator: ", ") } ?? "?"
            detail = "\(work); \(cycle?.contract.count ?? 0) contract checks passed"
        }
    }

    /// A row for a cell that was not run.
    package init(cell: SweepCell, notApplicable reason: String) {
        self.cell = cell.name
        result = .notApplicable
        notApplicable = NotApplicable(.device)
        detail = reason
        pinOutcome = nil
        unbindWaited = false
        signatures = []
        seconds = 0
    }

    /// `not-applicable (kernel: ENOTTY in __video_do_ioctl)`; the result's name for other rows.
    package var resultText: String {
        guard let notApplicable else { return result.rawValue }
        return "\(result.rawValue) (\(notApplicable.brief))"
    }

    /// The kernel is tainted after this row: the next cell needs a fresh boot.
    package var taintsTheKernel: Bool { result == .finding || result == .deviceLost }
}
