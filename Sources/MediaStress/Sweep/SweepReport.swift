import FoundationEssentials
package import KernelLog
import MediaController

/// A sweep: its target, the rows of the cells run so far (in as many boots as findings
/// needed), and the distinct kernel findings. It is also the state `--resume` reads back.
package struct SweepReport: Sendable, Codable {
    package static let schemaVersion = 1

    /// A kernel finding, once per signature, with every cell that hit it.
    package struct Finding: Sendable, Codable {
        package var signature: String
        package var headline: String
        /// The title syzbot would give it (nil in states written before titles were kept).
        package var title: String?
        package var frames: [String]
        package var cells: [String]
        /// `mediactl stress unbind -d BUS_INFO --pin CELL`: reproduces it on its own.
        package var reproduction: String
        /// The kernel log lines of its first report.
        package var lines: [String]
        /// Whether `reproduction`, run alone in a fresh boot, found the same signature
        /// (Scripts/sweep sets it; nil: not tried).
        package var reproduced: Bool?
    }

    package var schemaVersion = Self.schemaVersion
    /// The kernel's name in tables (Scripts/sweep's KERNEL: the state file's name).
    package var label: String?
    /// How `-d` names the device in reproduction lines: what survives a rebind.
    package var device: String
    package var driver: String
    /// What a reproduction line needs besides `-d` to take the device the same way: e.g.
    /// `--allow-driver uvcvideo --unplug` (nil: the driver's unbind, a test driver).
    package var access: String?
    package var kernelRelease: String
    package var cells: [String]
    package var rows: [SweepRow] = []
    package var findings: [Finding] = []
    /// Boots the sweep ran in: one, plus one after each cell that tainted the kernel.
    package var boots = 0
    package var seconds: Double = 0

    package init(device: String, driver: String, kernelRelease: String, cells: [String]) {
        self.device = device
        self.driver = driver
        self.kernelRelease = kernelRelease
        self.cells = cells
    }

    /// The cells not run yet, in order.
    package var remaining: [String] {
        let done = Set(rows.map(\.cell))
        return cells.filter { !done.contains($0) }
    }

    package var isComplete: Bool { remaining.isEmpty }

    /// Adds a row, and its findings to the distinct ones.
    package mutating func add(_ row: SweepRow, findings new: [KernelFinding]) {
        rows.append(row)
        for finding in new {
            join(Finding(
                signature: finding.signature, headline: finding.headline, title: finding.syzbotTitle,
                frames: finding.frames.prefix(6).map(\.description), cells: [row.cell],
                reproduction: "mediactl stress unbind -d \(device) \(access.map { $0 + " " } ?? "")"
                    + (SweepCell.named(row.cell)?.arguments ?? "--pin \(row.cell)"), lines: finding.lines))
        }
    }

    /// `finding` among the distinct ones: its cells added to those of its signature, or it
    /// added as the first of its signature.
    package mutating func join(_ finding: Finding) {
        guard let index = findings.firstIndex(where: { $0.signature == finding.signature }) else {
            findings.append(finding)
            return
        }
        findings[index].cells += finding.cells.filter { !findings[index].cells.contains($0) }
    }

    /// Counts by result, e.g. `clean: 150, not-applicable: 20`.
    package var tally: [(SweepRow.Result, Int)] {
        let counts = Dictionary(grouping: rows, by: \.result).mapValues(\.count)
        return [.clean, .finding, .contractDeviation, .notApplicable, .deviceLost, .error].compactMap { result in
            counts[result].map { (result, $0) }
        }
    }

    /// The tally in words, not-applicable rows by class: `120 clean, 6 finding,
    /// 79 not-applicable (70 kernel, 9 device)`.
    package var tallyText: String {
        tally.map { result, count in
            guard result == .notApplicable else { return "\(count) \(result.rawValue)" }
            let causes = Dictionary(grouping: rows.filter { $0.result == .notApplicable }) { $0.notApplicable?.cause.rawValue ?? "unclassified" }
            let order = NotApplicable.Cause.allCases.map(\.rawValue) + ["unclassified"]
            return "\(count) \(result.rawValue) (" + order.compactMap { cause in causes[cause].map { "\($0.count) \(cause)" } }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }

    /// The not-applicable rows of `cause`.
    package func notApplicable(_ cause: NotApplicable.Cause) -> [SweepRow] {
        rows.filter { $0.result == .notApplicable && $0.notApplicable?.cause == cause }
    }

    /// 0 clean; 1 a finding or a contract deviation; 5 stopped at a finding with cells left
    /// (resume from the state in a fresh boot).
    package var exitCode: Int32 {
        if !isComplete, rows.last?.taintsTheKernel == true { return 5 }
        return rows.contains { [.finding, .contractDeviation, .deviceLost, .error].contains($0.result) } ? 1 : 0
    }

    /// The sweep state in `path` (`--resume`, `--markdown`); nil for an empty file, a sweep
    /// not started yet (Scripts/sweep packs one into the guest). The one way states are read.
    package static func load(path: String) throws(SweepStateError) -> SweepReport? {
        let text: String
        do { text = try TextFile.read(path) } catch { throw SweepStateError(path: path, reason: error.description) }
        if text.isEmpty { return nil }
        do {
            return try JSONDecoder().decode(SweepReport.self, from: Data(text.utf8))
        } catch {
            throw SweepStateError(path: path, reason: "\(error)")
        }
    }
}

/// A file that is not a sweep state.
package struct SweepStateError: Error, CustomStringConvertible {
    package var path: String
    package var reason: String

    package var description: String { "\(path): not a sweep state (\(reason))" }
}
