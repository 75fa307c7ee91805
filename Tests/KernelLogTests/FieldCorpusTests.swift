import Foundation
import Testing
@testable import KernelLog

/// Kernel logs other people published (Fixtures/field, README.md there says where each
/// comes from), each classified as Fixtures/field/expectations.tsv says, all read by hand:
/// the exit code `mediactl klog` gives, the title syzbot gave the report (syzkaller's
/// maintainers wrote it in their test data), its kind, its faulting function and the frame
/// syzkaller's guilty-frame rules blame.
extension LogExpectation {
    static let fieldDirectory = "Fixtures/field"

    static func field() throws -> [LogExpectation] {
        let url = try #require(Bundle.module.url(forResource: fieldDirectory + "/expectations.tsv", withExtension: nil))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == 10, "expectations.tsv: \(fields.first ?? "") has \(fields.count) fields, not 10")
            guard fields[5] == "1" else {
                return LogExpectation(directory: fieldDirectory, file: fields[0], reports: [])
            }
            let kind = try #require(FindingKind(rawValue: fields[7]), "\(fields[0]): kind \(fields[7])")
            let report = Report(kind: kind, function: fields[8], syzbotTitle: fields[6], guilty: fields[9])
            return LogExpectation(directory: fieldDirectory, file: fields[0], reports: [report])
        }
    }

    static let fieldLogs: [LogExpectation] = (try? field()) ?? []
}

@Suite("Kernel logs from the field, classified as a person read them")
struct FieldCorpusTests {
    @Test("The expectations cover every log, at least 40, at least 8 clean")
    func theCorpusIsComplete() throws {
        let logs = try LogExpectation.field()
        let directory = try #require(Bundle.module.resourceURL).appendingPathComponent(LogExpectation.fieldDirectory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".log") }
        #expect(Set(files) == Set(logs.map(\.file)))
        #expect(logs.count >= 40)
        #expect(logs.filter { $0.exitCode == 0 }.count >= 8)
    }

    @Test("Verdict, syzbot title, kind, faulting function and guilty frame", arguments: LogExpectation.fieldLogs)
    func classify(log: LogExpectation) throws {
        let found = try log.found()
        #expect((found.isEmpty ? 0 : 1) == log.exitCode)
        // The report the title names comes first in each log; later ones are not checked.
        #expect(Array(found.prefix(1)) == log.reports)
    }
}
