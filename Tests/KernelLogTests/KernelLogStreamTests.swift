import Foundation
import Testing
@testable import KernelLog

/// `KernelLogStream`: a log read chunk by chunk is classified as the whole text is, in
/// memory that does not grow with the log.
@Suite struct KernelLogStreamTests {
    /// A NULL dereference in media_device_get_info, ten lines, each ending in a line break.
    static let oops = KernelLogReportTests.oops + "\n"

    static func streamed(_ text: String, chunkSize: Int, stream: KernelLogStream = KernelLogStream()) throws -> KernelLogReport {
        var stream = stream
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            try stream.feed(bytes[start..<min(start + chunkSize, bytes.count)])
            start += chunkSize
        }
        return stream.finish()
    }

    static var everyLog: [LogExpectation] { LogExpectation.all + LogExpectation.fieldLogs }

    @Test("Every log the project holds: read in chunks of 7 or 4096 bytes, the report is the whole text's",
          arguments: everyLog)
    func chunkedEqualsWhole(log: LogExpectation) throws {
        let text = try log.text()
        let whole = KernelLogReport(text: text)
        #expect(try Self.streamed(text, chunkSize: 7) == whole)
        #expect(try Self.streamed(text, chunkSize: 4096) == whole)
    }

    @Test("5000 reports in 3 MB: the stream holds one line and one report at a time")
    func memoryDoesNotGrowWithTheLog() throws {
        var stream = KernelLogStream(maximumLineBytes: 4096, lookaheadLines: 64, lookaheadBytes: 8192)
        let noise = Array(String(repeating: "[   13.000000] eth0: link up, 1000 Mbps, full duplex\n", count: 5).utf8)
        var fed = 0
        for index in 0..<5000 {
            // Each report at its own time: the same header at the same time would be an echo.
            let report = Array(Self.oops.replacingOccurrences(of: "[   12.", with: "[\(index + 100).").utf8)
            try stream.feed(report)
            try stream.feed(noise)
            fed += report.count + noise.count
        }
        let report = stream.finish()
        #expect(fed > 3_000_000)
        #expect(report.counts.findings == 5000)
        #expect(report.counts.unique == 1)
        #expect(report.unique.first?.count == 5000)
        // A reader that kept the log, its lines or its findings would hold megabytes here.
        #expect(stream.peakHeldBytes <= 4096 + 8192)
        #expect(stream.peakHeldReports <= 2)
    }

    @Test("Headers remembered for echo detection and signatures listed are capped")
    func seenHeadersAndSignaturesAreBounded() throws {
        var machine = ClassifierMachine(configuration: KernelLogClassifier(), stampedLog: true)
        var report = KernelLogReport()
        for index in 0..<(KernelLogReport.maximumSignatures + 500) {
            let line = "[ \(index).000000] WARNING: CPU: 0 PID: 1 at drivers/x.c:\(index) function_\(index)+0x1/0x2"
            machine.consume(KernelLogLine.parse(consoleLine: line[...]))
            for finding in machine.drainFinished() { report.add(finding) }
            #expect(machine.rememberedHeaderCount <= ClassifierMachine.rememberedHeaders)
            #expect(machine.heldReports <= 1)
        }
        for finding in machine.finish() { report.add(finding) }
        #expect(machine.rememberedHeaderCount == ClassifierMachine.rememberedHeaders)
        #expect(report.counts.findings == KernelLogReport.maximumSignatures + 500)
        #expect(report.unique.count == KernelLogReport.maximumSignatures)
        #expect(report.counts.unlistedFindings == 500)
        #expect(KernelLogReportRenderer().text(report).contains("(500 with further signatures not listed)"))
    }

    @Test("An over-long line is cut and counted; the report after it is found")
    func overLongLineIsCut() throws {
        let long = "[    1.000000] " + String(repeating: "x", count: 100_000) + "\n"
        let stream = KernelLogStream(maximumLineBytes: 1000)
        let report = try Self.streamed(long + Self.oops, chunkSize: 4096, stream: stream)
        #expect(report.counts.cutLines == 1)
        #expect(report.counts.lines == 11)
        #expect(report.unique.map(\.finding.function) == ["media_device_get_info"])
        #expect(KernelLogReportRenderer().text(report).hasSuffix("in 11 lines, 1 over-long line cut (exit 1)\n"))
    }

    @Test("Binary data is refused on the first chunk; text with a stray NUL and escapes is not")
    func binaryIsRefused() throws {
        var elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        elf += [UInt8](repeating: 0, count: 56) + (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        var stream = KernelLogStream()
        #expect(throws: KernelLogStream.InputError.self) { try stream.feed(elf) }
        let random = (0..<4096).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) | 0x80 }
        #expect(KernelLogStream.binaryReason(random) != nil)
        let console = "\u{1B}[0m\u{0}" + Self.oops + String(repeating: "[    2.000000] systemd[1]: Started.\n", count: 10)
        #expect(KernelLogStream.binaryReason(Array(console.utf8)) == nil)
        for log in Self.everyLog {
            #expect(KernelLogStream.binaryReason(Array(try log.text().utf8.prefix(65536))) == nil, "\(log.file)")
        }
    }

    @Test("A log cut inside a report still yields it, marked cut off")
    func truncatedLogYieldsWhatItHas() throws {
        let log = try #require(LogExpectation.fieldLogs.first { $0.file == "syzkaller-105.log" })
        let head = try log.text().split(separator: "\n", omittingEmptySubsequences: false).prefix(12)
            .joined(separator: "\n")
        let report = try Self.streamed(head, chunkSize: 100)
        let finding = try #require(report.unique.first?.finding)
        #expect(report.unique.count == 1)
        #expect(finding.kind == .outOfBounds)
        #expect(finding.function == "ip6_fragment")
        #expect(!finding.isComplete)
        #expect(KernelLogReportRenderer().text(report).contains("\n  cut off: the log ends"))
    }
}
