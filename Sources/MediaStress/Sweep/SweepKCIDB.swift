import KTAP

/// Sweeps as KCIDB JSON (KernelCI's common database, schema 5.3 of kcidb-io): one checkout
/// and one build per kernel release, one test per cell at `mediactl.sweep.CELL` (the cell in KTAP's
/// characters: `MEDIA_IOC_G_TOPOLOGY_in`), PASS for a clean cell, FAIL for a finding, a
/// contract deviation or a lost device, SKIP for a cell that does not apply, ERROR for a
/// run that went wrong; a finding's titles in `misc` and its first report as the log excerpt.
package enum SweepKCIDB {
    /// The origin KCIDB names the submitter by (`^[a-z0-9_]+$`).
    static let origin = "mediactl"

    package struct Document: Encodable {
        var version = Version()
        var checkouts: [Checkout] = []
        var builds: [Build] = []
        var tests: [Test] = []
    }

    struct Version: Encodable {
        var major = 5
        var minor = 3
    }

    struct Checkout: Encodable {
        var id: String
        var origin = SweepKCIDB.origin
        var comment: String
    }

    struct Build: Encodable {
        var id: String
        var checkout_id: String
        var origin = SweepKCIDB.origin
        var comment: String
    }

    struct Test: Encodable {
        var id: String
        var build_id: String
        var origin = SweepKCIDB.origin
        var path: String
        var status: String
        var comment: String
        var duration: Double
        var log_excerpt: String?
        var misc: Misc
    }

    struct Misc: Encodable {
        var driver: String
        var device: String
        var result: String
        var signatures: [String]
        var titles: [String]
        var reproduction: String?
        /// A not-applicable cell's class (`kernel`, `device`, `tool`), errno and refusing function.
        var not_applicable: NotApplicable?
    }

    /// The document of `states` (several kernels and drivers in one).
    package static func document(_ states: [SweepReport]) -> Document {
        var document = Document()
        for state in states {
            // The kernel is the build: the sweeps of several drivers on one kernel are its tests.
            let id = "\(origin):\(state.kernelRelease)"
            if !document.checkouts.contains(where: { $0.id == id }) {
                document.checkouts.append(Checkout(id: id, comment: "kernel \(state.kernelRelease)"))
                document.builds.append(Build(id: id, checkout_id: id, comment: "kernel \(state.kernelRelease)"))
            }
            for row in state.rows {
                let findings = state.findings.filter { row.signatures.contains($0.signature) }
                let excerpt = findings.first.map { $0.lines.joined(separator: "\n") }
                document.tests.append(Test(
                    id: "\(id):\(KTAP.name(state.driver)):\(KTAP.name(row.cell))", build_id: id,
                    path: "mediactl.sweep.\(KTAP.name(row.cell))", status: status(row.result),
                    comment: row.notApplicable.map { "\($0.brief): \(row.detail)" } ?? row.detail,
                    duration: row.seconds, log_excerpt: excerpt.map { String($0.prefix(16_384)) },
                    misc: Misc(
                        driver: state.driver, device: state.device, result: row.result.rawValue, signatures: row.signatures,
                        titles: findings.compactMap(\.title), reproduction: findings.first?.reproduction,
                        not_applicable: row.notApplicable)))
            }
        }
        return document
    }

    /// KCIDB's status of a row.
    static func status(_ result: SweepRow.Result) -> String {
        switch result {
        case .clean: "PASS"
        case .finding, .contractDeviation, .deviceLost: "FAIL"
        case .notApplicable: "SKIP"
        case .error: "ERROR"
        }
    }
}
