import Foundation
import Testing
@testable import KernelLog

/// Kernel logs other people published (Fixtures/field, README.md there says where each
/// comes from), each classified as Fixtures/field/expectations.tsv says: the exit code
/// `mediactl klog` gives, the title syzbot gave the report (syzkaller's maintainers wrote
/// it in their test data), and the kind and faulting function read from the log by hand.
struct FieldLog: Sendable, CustomTestStringConvertible {
    var file: String
    var exitCode: Int
    var syzbotTitle: String
    var kind: String
    var function: String
    var testDescription: String { file }

    static let directory = "Fixtures/field"

    static func all() throws -> [FieldLog] {
        let url = try #require(Bundle.module.url(forResource: directory + "/expectations.tsv", withExtension: nil))
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return FieldLog(file: fields[0], exitCode: Int(fields[5]) ?? -1, syzbotTitle: fields[6], kind: fields[7],
                            function: fields[8])
        }
    }

    static let logs: [FieldLog] = (try? all()) ?? []

    func text() throws -> String {
        let url = try #require(Bundle.module.url(forResource: Self.directory + "/" + file, withExtension: nil))
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}

@Suite("Kernel logs from the field, classified as a person read them")
struct FieldCorpusTests {
    @Test("The expectations cover every log, at least 40, at least 8 clean")
    func theCorpusIsComplete() throws {
        let logs = try FieldLog.all()
        let directory = try #require(Bundle.module.resourceURL).appendingPathComponent(FieldLog.directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".log") }
        #expect(Set(files) == Set(logs.map(\.file)))
        #expect(logs.count >= 40)
        #expect(logs.filter { $0.exitCode == 0 }.count >= 8)
        let kinds = Set(logs.map(\.kind).filter { !$0.isEmpty })
        #expect(kinds.isSubset(of: Set(FindingKind.allCases.map(\.rawValue))))
    }

    @Test("Verdict, syzbot title, kind and faulting function", arguments: FieldLog.logs)
    func classify(log: FieldLog) throws {
        let report = KernelLogReport(text: try log.text())
        #expect((report.isClean ? 0 : 1) == log.exitCode)
        guard log.exitCode == 1 else { return }
        // The report the title names comes first in each log.
        let first = try #require(report.unique.first).finding
        #expect(first.syzbotTitle == log.syzbotTitle)
        #expect(first.kind.rawValue == log.kind)
        #expect(first.function == log.function)
    }
}
