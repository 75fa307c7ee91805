import Foundation
import Testing
@testable import KernelLog

/// What a kernel log the tests hold contains, read from the log by a person, never from
/// the code's output: the reports in order of first appearance. `EveryFixtureTests` holds
/// one for each log in Fixtures/kmsg (every report, with caller and count);
/// `FieldCorpusTests` reads one for each log in Fixtures/field from expectations.tsv there
/// (the first report, with the title syzbot gave it and the frame syzkaller's rules blame).
struct LogExpectation: Sendable, CustomTestStringConvertible {
    struct Report: Sendable, Equatable {
        var kind: FindingKind
        /// The faulting function as `KernelFinding.function` defines it.
        var function: String
        /// Fixtures/kmsg logs only: the frame after `function`, how many reports had this signature.
        var caller: String?, count: Int?
        /// Fixtures/field logs only: the title syzkaller's maintainers wrote for the log, the
        /// frame syzkaller's guilty-frame rules blame ("" when its title names none).
        var syzbotTitle: String?, guilty: String?
    }

    var directory: String
    var file: String
    var reports: [Report]
    var testDescription: String { file }

    /// 0 for a clean log, 1 for a log with a report: what `mediactl klog` exits with.
    var exitCode: Int { reports.isEmpty ? 0 : 1 }

    func text() throws -> String {
        let url = try #require(Bundle.module.url(forResource: directory + "/" + file, withExtension: nil),
                               "fixture \(directory)/\(file) is missing from the test bundle")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// What the classifier found in the log, in the shape of `reports`: the fields the
    /// expectation leaves nil are left nil.
    func found() throws -> [Report] {
        let report = KernelLogReport(text: try text())
        let shape = reports.first
        return report.unique.map { unique in
            let finding = unique.finding
            let frames = finding.frames.map(\.function)
            let caller = frames.firstIndex(of: finding.function ?? "").flatMap { frames.dropFirst($0 + 1).first }
            return Report(
                kind: finding.kind, function: finding.function ?? "?",
                caller: shape?.caller == nil ? nil : caller ?? "?",
                count: shape?.count == nil ? nil : unique.count,
                syzbotTitle: shape?.syzbotTitle == nil ? nil : finding.syzbotTitle,
                guilty: shape?.guilty == nil ? nil : finding.syzbotTitle.map(Self.namedFunction) ?? "")
        }
    }

    /// The function a syzbot-style title names: what follows its last " in ", "" when none.
    static func namedFunction(_ title: String) -> String {
        title.ranges(of: " in ").last.map { String(title[$0.upperBound...]) } ?? ""
    }
}
