import Glibc
import MediaControllerTestSupport
import SystemPackage
import Testing
@testable import mediactl

/// `mediactl klog` as a user runs it: on every kernel log the project holds (from a file
/// and from standard input), in each format, and on bad input.
@Suite struct KlogCommandLineTests {
    static let fixtures: String = {
        var path = #filePath
        for _ in 0..<3 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path + "/Tests/KernelLogTests/Fixtures/kmsg/"
    }()

    /// Each log and the `finding:` headlines it holds, read from the log by hand
    /// (Tests/KernelLogTests/EveryFixtureTests.swift says where in the log).
    static let logs: [(file: String, findings: [String])] = [
        ("debian-6.12.117-slub-poison-media-ioctl-uaf.txt", ["general-protection-fault in __mutex_lock [mc] (x1, first at 4.002358)"]),
        ("kasan-6.12.117-hold-across-unbind-clean.console.txt", []),
        ("kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.console.txt",
         ["null-pointer-dereference in media_device_get_info (x1, first at 3.091587)"]),
        ("kasan-6.12.117-media-ioctl-device-info-uaf.console.txt", [
            "use-after-free in mutex_lock (x1, first at 3.084064)",
            "use-after-free in media_device_get_info (x2, first at 3.098601)",
            "null-pointer-dereference in media_device_get_info (x1, first at 3.117061)",
        ]),
        ("vm-6.12.117-slub-pin-topology-then-device-info.console.txt", ["general-protection-fault in __mutex_lock [mc] (x2, first at 62.842819)"]),
        ("console-boot-noise-debian-6.12.117-slub-poison-gpf.console.txt", ["general-protection-fault in __mutex_lock [mc] (x1, first at 4.002358)"]),
        ("dmesg-T-kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.txt", ["null-pointer-dereference in media_device_get_info (x1)"]),
        ("journalctl-k-kasan-6.12.117-hold-across-unbind-clean.txt", []),
        ("journalctl-k-kasan-6.12.117-media-ioctl-device-info-uaf.txt", [
            "use-after-free in mutex_lock (x1)",
            "use-after-free in media_device_get_info (x2)",
            "null-pointer-dereference in media_device_get_info (x1)",
        ]),
        ("syzbot-kasan-6.12.117-slab-use-after-free-mutex-lock.txt", ["use-after-free in mutex_lock (x1)"]),
    ]

    static func headlines(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").filter { $0.hasPrefix("finding: ") }.map { String($0.dropFirst("finding: ".count)) }
    }

    @Test(arguments: logs.map(\.file))
    func everyLogFromAFileAndFromStandardInput(file: String) async throws {
        let expected = try #require(Self.logs.first { $0.file == file }).findings
        let path = Self.fixtures + file
        let fromFile = await BuiltBinary.run(["klog", path])
        #expect(fromFile.status == (expected.isEmpty ? 0 : 1), "\(fromFile.stderr)")
        #expect(fromFile.stderr == "")
        #expect(Self.headlines(fromFile.stdout) == expected)
        #expect(fromFile.stdout.hasSuffix(expected.isEmpty ? "(exit 0)\n" : "(exit 1)\n"))
        for argument in ["", " -"] {
            let command = BuiltBinary.shellQuoted(BuiltBinary.mediactlPath) + " klog\(argument) < " + BuiltBinary.shellQuoted(path)
            let fromStandardInput = await BuiltBinary.runProgram("/bin/sh", ["-c", command])
            #expect(fromStandardInput.status == fromFile.status, "klog\(argument)")
            #expect(fromStandardInput.stdout == fromFile.stdout, "klog\(argument)")
        }
    }

    @Test func aCleanLogIsOneVerdictLineAndExitZero() async {
        let result = await BuiltBinary.run(["klog", Self.fixtures + "journalctl-k-kasan-6.12.117-hold-across-unbind-clean.txt"])
        #expect(result.status == 0)
        // The file has 120 lines (wc -l), each a kernel line.
        #expect(result.stdout == "verdict: clean, no kernel report in 120 lines (exit 0)\n")
    }

    @Test func ktapHasOneTestPerSignature() async {
        let result = await BuiltBinary.run(["klog", "--format", "ktap", Self.fixtures + "kasan-6.12.117-media-ioctl-device-info-uaf.console.txt"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "KTAP version 1")
        #expect(lines.contains("1..3"))
        #expect(lines.filter { $0.hasPrefix("not ok ") } == [
            // The syzbot titles, in KernelCI's characters: a use-after-free in mutex_lock is
            // titled by the frame that called it; KASAN's decoded GPF is a general protection fault.
            "not ok 1 KASAN_slab-use-after-free_Write_in_media_device_ioctl",
            "not ok 2 KASAN_slab-use-after-free_Read_in_media_device_get_info",
            "not ok 3 general_protection_fault_in_media_device_get_info",
        ])
        let clean = await BuiltBinary.run(["klog", "--format", "ktap", Self.fixtures + "kasan-6.12.117-hold-across-unbind-clean.console.txt"])
        #expect(clean.status == 0)
        #expect(clean.stdout.hasSuffix("1..1\nok 1 kernel_log_clean\n"))
    }

    @Test func jsonHasTheFindingsAndCounts() async {
        let result = await BuiltBinary.run(["klog", "--format", "json", Self.fixtures + "debian-6.12.117-slub-poison-media-ioctl-uaf.txt"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"kind\" : \"general-protection-fault\""))
        #expect(result.stdout.contains("\"function\" : \"__mutex_lock\""))
        #expect(result.stdout.contains("\"media_device_ioctl [mc]\""))
        #expect(result.stdout.contains("\"findings\" : 1"))
    }

    @Test func anUnreadableFileIsOneLineNamingItAndExitTwo() async {
        let missing = await BuiltBinary.run(["klog", "/nonexistent/kernel.log"])
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "mediactl: cannot read /nonexistent/kernel.log: No such file or directory (ENOENT)\n")
        let directory = await BuiltBinary.run(["klog", "/"])
        #expect(directory.status == 2)
        #expect(directory.stderr == "mediactl: cannot read /: Is a directory (EISDIR)\n")
    }

    @Test func binaryInputIsOneLineAndExitTwo() async {
        // The mediactl executable itself: an ELF file, NUL bytes from its fifth byte on.
        let binary = BuiltBinary.mediactlPath
        let result = await BuiltBinary.run(["klog", binary])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.hasPrefix("mediactl: cannot read \(binary): binary data, not a kernel log ("))
    }

    @Test func aReadThatFailsMidwayIsExitFourBeforeAnyByteExitTwo() {
        let midway = KlogCommand.readFailure("/var/log/kern.log", .ioError, afterBytes: 65536)
        #expect(midway.exitCode == 4)
        #expect(midway.message == "cannot read /var/log/kern.log: Input/output error (EIO) after 65536 bytes")
        let first = KlogCommand.readFailure("/", .isDirectory, afterBytes: 0)
        #expect(first.exitCode == 2)
        #expect(first.message == "cannot read /: Is a directory (EISDIR)")
    }

    @Test func aLogCutInsideAReportYieldsItMarkedCutOff() async {
        let log = Self.fixtures + "../field/syzkaller-105.log"
        let command = "head -n 12 " + BuiltBinary.shellQuoted(log) + " | " + BuiltBinary.shellQuoted(BuiltBinary.mediactlPath) + " klog"
        let result = await BuiltBinary.runProgram("/bin/sh", ["-c", command])
        #expect(result.status == 1)
        #expect(Self.headlines(result.stdout) == ["out-of-bounds in ip6_fragment (x1, first at 42.364412)"])
        #expect(result.stdout.contains("\n  cut off: the log ends, or another report begins, before this report's end\n"))
    }

    /// The device itself: read from its oldest record to the newest, without blocking.
    @Test(.enabled(if: access("/dev/kmsg", R_OK) == 0, "/dev/kmsg readable"))
    func theLiveKernelLog() async {
        let result = await BuiltBinary.run(["klog", "/dev/kmsg"])
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").last?.hasPrefix("verdict: ") == true)
        #expect(!result.stdout.contains(" in 0 lines"))
    }

    @Test func anUnknownFormatIsAUsageError() async {
        let result = await BuiltBinary.run(["klog", "--format", "yaml", "/dev/null"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("yaml"))
    }

    @Test func helpDocumentsTheExitCodes() async {
        let result = await BuiltBinary.run(["klog", "--help"])
        #expect(result.status == 0)
        let words = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(words.contains("Exit codes: 0 the log holds no kernel report; 1 it holds at least one; 2 bad input"))
    }
}
