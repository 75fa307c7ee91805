import KernelLog

/// The report in a few flat values, for scripts and tables (Scripts/matrix reads only
/// this): what was found, where, what the parked ioctl did and what was checked. Emitted
/// as `summary` in the JSON report; derived from the report, never stored in it.
package struct StressSummary: Sendable, Codable, Equatable {
    /// The report's verdict: `clean`, `finding`, `device-lost` or `setup-error`.
    package var verdict: StressReport.Verdict
    /// The kinds of the unique kernel findings, and `contract` when a contract check
    /// deviated: sorted, each once.
    package var kinds: [String]
    /// `kinds` by their table names ("oops/GPF", "null deref"), in the same order.
    package var kindNames: [String]
    /// The faulting functions of the unique findings: sorted, each once.
    package var functions: [String]
    /// Per unique finding, in the report's order: its short kind, its first three frames
    /// (with their modules) and how often it was seen, e.g.
    /// `UAF: mutex_lock <- media_device_ioctl [mc] <- vfs_ioctl (x2)`.
    package var frames: [String]
    /// What the parked ioctls of `--pin` did: `returned ENODEV`, `returned 0` (it
    /// succeeded), `killed`, `stuck`; sorted, each once; empty without `--pin`.
    package var pin: [String]
    /// What was checked: `contract PASSED/RUN`, and with `--stream` the frames streamed
    /// before the unbinds, e.g. `contract 64/64, 1 frame(s) streamed`.
    package var checks: String
    /// The classes of bug the kernel could not see (or may not have: unknown), e.g.
    /// `use-after-free of page allocations`; absent where its detectors were not read.
    package var blindTo: [String]?

    package init(_ report: StressReport) {
        verdict = report.verdict
        blindTo = report.environment.detectors.map { $0.blindSpots.map(\.bug) }
        let findings = report.uniqueFindings
        var kinds = Set(findings.map(\.finding.kind.rawValue))
        if !report.contractDeviations.isEmpty { kinds.insert("contract") }
        self.kinds = kinds.sorted()
        kindNames = self.kinds.map(Self.tableName)
        functions = Set(findings.compactMap(\.finding.function)).sorted()
        frames = findings.map { unique in
            let trace = unique.finding.frames.prefix(3).map(\.description).joined(separator: " <- ")
            return "\(Self.shortName(unique.finding.kind)): \(trace) (x\(unique.count))"
        }
        pin = Set(report.cycles.compactMap { $0.pin?.outcome.brief }).sorted()
        let contract = report.cycles.flatMap(\.contract)
        checks = "contract \(contract.filter(\.passed).count)/\(contract.count)"
        let streams = report.cycles.compactMap(\.stream)
        if !streams.isEmpty {
            checks += ", \(streams.reduce(0) { $0 + $1.framesBeforeUnbind }) frame(s) streamed"
        }
    }

    /// A kind as a list of kinds names it (the matrix's verdict table).
    static func tableName(_ kind: String) -> String {
        switch FindingKind(rawValue: kind) {
        case .nullPointerDereference?: "null deref"
        case .generalProtectionFault?: "oops/GPF"
        default: kind
        }
    }

    /// A kind before a backtrace: as short as it can be read.
    static func shortName(_ kind: FindingKind) -> String {
        switch kind {
        case .useAfterFree: "UAF"
        case .nullPointerDereference: "null deref"
        case .generalProtectionFault: "GPF"
        default: kind.rawValue
        }
    }


}
