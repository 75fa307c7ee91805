import Foundation
import Glibc
import Testing
@testable import KernelLog

@Suite("KernelLog record parsing")
struct KernelLogRecordTests {
    @Test("A kmsg record header")
    func header() throws {
        let record = try #require(KmsgRecord.parse("6,1234,5678901,-;vimc vimc.0: bound"))
        #expect(record.level == 6)
        #expect(record.facility == 0)
        #expect(record.sequence == 1234)
        #expect(record.microseconds == 5_678_901)
        #expect(record.flags == "-")
        #expect(record.message == "vimc vimc.0: bound")
        #expect(record.properties.isEmpty)
        #expect(record.lines == [KernelLogLine(sequence: 1234, microseconds: 5_678_901, priority: 6, facility: 0, text: "vimc vimc.0: bound")])
    }

    @Test("Escaped newline and backslash; other escapes; bad escapes kept")
    func escapes() throws {
        let record = try #require(KmsgRecord.parse(
            "3,10,20,-;The buggy address belongs to the object at ffff88800016cc00\\x0a which belongs to the cache kmalloc-1k of size 1024"))
        #expect(record.lines.map(\.text) == [
            "The buggy address belongs to the object at ffff88800016cc00",
            " which belongs to the cache kmalloc-1k of size 1024",
        ])
        #expect(record.lines.allSatisfy { $0.sequence == 10 && $0.microseconds == 20 })
        #expect(KmsgRecord.parse("6,1,2,-;C:\\x5cpath\\x09tab")?.message == "C:\\path\ttab")
        #expect(KmsgRecord.parse("6,1,2,-;bad \\xZZ and \\x4 and trailing \\")?.message == "bad \\xZZ and \\x4 and trailing \\")
        #expect(KmsgRecord.parse("6,1,2,-;caf\\xc3\\xa9")?.message == "café")
    }

    @Test("Missing or malformed fields")
    func malformed() {
        #expect(KmsgRecord.parse("6,1234;text") == nil)
        #expect(KmsgRecord.parse("6,,5,-;text") == nil)
        #expect(KmsgRecord.parse("x,1,2,-;text") == nil)
        #expect(KmsgRecord.parse("6,1,2,-") == nil)
        #expect(KmsgRecord.parse("") == nil)
        #expect(KmsgRecord.parse("-6,1,2,-;text") == nil)
        #expect(KmsgRecord.parse("[    3.084064] BUG: KASAN: x") == nil)
        // No flags field (3 fields) and extra fields are accepted.
        #expect(KmsgRecord.parse("6,1,2;text")?.flags == "-")
        let extra = KmsgRecord.parse("4,7,8,c,caller=T48;fragment")
        #expect(extra?.flags == "c")
        #expect(extra?.message == "fragment")
        // An empty message is one empty line.
        #expect(KmsgRecord.parse("6,1,2,-;")?.lines.map(\.text) == [""])
    }

    @Test("Continuation lines and facility")
    func continuation() throws {
        let record = try #require(KmsgRecord.parse("6,1,2,-;vimc vimc.0: hi\n SUBSYSTEM=platform\n DEVICE=+platform:vimc.0\n"))
        #expect(record.message == "vimc vimc.0: hi")
        #expect(record.properties == ["SUBSYSTEM": "platform", "DEVICE": "+platform:vimc.0"])
        let user = try #require(KmsgRecord.parse("12,5,6,-;systemd[1]: started"))
        #expect(user.facility == 1)
        #expect(user.level == 4)
    }

    @Test("Console lines: timestamps, level prefix, caller id, none, CRLF")
    func consoleLines() {
        let stamped = KernelLogLine.parse(consoleLine: "[    3.084064] BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a")
        #expect(stamped.microseconds == 3_084_064)
        #expect(stamped.sequence == nil)
        #expect(stamped.text == "BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a")
        #expect(KernelLogLine.parse(consoleLine: "[    3.086296]  dump_stack_lvl+0x52/0x61").text == " dump_stack_lvl+0x52/0x61")
        let prefixed = KernelLogLine.parse(consoleLine: "<4>[   12.5] text")
        #expect(prefixed.priority == 4)
        #expect(prefixed.microseconds == 12_500_000)
        #expect(KernelLogLine.parse(consoleLine: "[    3.000001][   T48] text").text == "text")
        #expect(KernelLogLine.parse(consoleLine: "[    3.000001][    C0] text").microseconds == 3_000_001)
        let plain = KernelLogLine.parse(consoleLine: "plain text")
        #expect(plain == KernelLogLine(text: "plain text"))
        #expect(!plain.isStamped)
        #expect(KernelLogLine.parse(consoleLine: "[ 1.2.3] x").text == "[ 1.2.3] x")
        #expect(KernelLogLine.parse(consoleLine: "[hold] step 1: open nodes").microseconds == nil)
        #expect(KernelLogLine.parse(consoleLine: "[    1.000000] x\r").text == "x")
        #expect(KernelLogLine.parseLines("[    1.000000] a\r\n[    2.000000] b\r\n").map(\.text) == ["a", "b"])
    }

    @Test("Mixed kmsg records, continuation lines and console lines")
    func mixedText() {
        let text = """
            6,1,100,-;first\\x0asecond
             SUBSYSTEM=platform
            [    0.000200] console line
             dump_stack_lvl+0x52/0x61
            4,2,300,-; dump_stack_lvl+0x52/0x61
            """
        let lines = KernelLogLine.parseLines(text)
        #expect(lines.map(\.text) == ["first", "second", "console line", " dump_stack_lvl+0x52/0x61", " dump_stack_lvl+0x52/0x61"])
        #expect(lines.map(\.sequence) == [1, 1, nil, nil, 2])
        #expect(lines.map(\.microseconds) == [100, 100, 200, nil, 300])
    }
}

@Suite("KernelLog /dev/kmsg reader")
struct KernelLogReaderTests {
    static let kmsgReadable = (try? KmsgReader()) != nil

    @Test("Opening a missing path is a typed open error naming path and errno")
    func missingPath() {
        #expect {
            _ = try KmsgReader(path: "/nonexistent/kmsg")
        } throws: { error in
            guard let error = error as? KmsgError else { return false }
            return error.operation == .open && error.code == ENOENT
                && error.path == "/nonexistent/kmsg" && error.description.contains("/nonexistent/kmsg")
        }
    }

    @Test("Reading /dev/kmsg from the oldest record: every record parses, sequence numbers increase",
          .enabled(if: kmsgReadable, "/dev/kmsg is not readable here"))
    func readOldest() throws {
        let reader = try KmsgReader(startAt: .oldest)
        let batch = try reader.readAvailable()
        #expect(!batch.records.isEmpty)
        #expect(batch.unparsableRecords == 0)
        let sequences = batch.records.map(\.sequence)
        #expect(sequences == sequences.sorted())
        // Starting at "now" again: nothing old comes back.
        try reader.markNow()
        let later = try reader.readAvailable()
        #expect(later.records.allSatisfy { $0.sequence > (sequences.last ?? 0) })
        reader.close()
        #expect(throws: KmsgError.self) { try reader.readAvailable() }
        #expect(reader.drainLines().isEmpty)
        #expect(reader.lastError?.code == EBADF)
    }

    @Test("A message written to /dev/kmsg is read back (set MEDIACTL_TEST_KMSG_WRITE=1; writes one line to the kernel log)",
          .enabled(if: kmsgReadable && ProcessInfo.processInfo.environment["MEDIACTL_TEST_KMSG_WRITE"] == "1"))
    func roundTrip() throws {
        let reader = try KmsgReader()
        let marker = "mediactl-swift test: kmsg reader round trip \(UUID().uuidString)"
        let handle = try #require(FileHandle(forWritingAtPath: "/dev/kmsg"))
        handle.write(Data("<6>\(marker)\n".utf8))
        try handle.close()
        let lines = try reader.readAvailable().lines
        let line = try #require(lines.first { $0.text.contains(marker) })
        #expect(line.facility == 1)  // written by user space
        #expect(line.sequence != nil)
        #expect(KernelLogClassifier().classify(lines).isEmpty)
    }
}
