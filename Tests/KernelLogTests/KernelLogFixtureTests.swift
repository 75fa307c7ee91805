import Foundation
import Glibc
import Testing
@testable import KernelLog

@Suite("KernelLog classifier on real kernel logs")
struct KernelLogFixtureTests {
    @Test("Debian slub_debug log: general protection fault at __mutex_lock from media_device_ioctl [mc]")
    func debianGeneralProtectionFault() throws {
        let text = try KmsgFixture.debianGPF.text()
        #expect(headerCounts(text, matching: "Oops: general protection fault").inReport == 1)

        let findings = try KmsgFixture.debianGPF.findings()
        try #require(findings.count == 1)
        let finding = findings[0]
        #expect(finding.kind == .generalProtectionFault)
        #expect(finding.title.hasPrefix("Oops: general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b9c"))
        // "RIP: 0010:__mutex_lock.constprop.0+0x5f5/0x6f0"
        #expect(finding.function == "__mutex_lock")
        #expect(finding.functionOffset == "+0x5f5/0x6f0")
        #expect(finding.frames.first == StackFrame(function: "__mutex_lock"))
        #expect(finding.frames.contains(StackFrame(function: "media_device_ioctl", module: "mc")))
        #expect(finding.frames.map(\.description) == [
            "__mutex_lock", "media_device_ioctl [mc]", "__x64_sys_ioctl", "do_syscall_64",
            "entry_SYSCALL_64_after_hwframe",
        ])
        // `? ` frames are unreliable and left out.
        #expect(!finding.frames.contains { $0.function == "sigprocmask" })
        #expect(finding.module == "mc")
        #expect(finding.faultAddress == "0x6b6b6b6b6b6b6b9c")
        #expect(finding.detail?.contains("poison") == true)
        #expect(finding.task == "race")
        #expect(finding.pid == 156)
        #expect(finding.cpu == 1)
        #expect(finding.taintFlags == "GOE")
        #expect(finding.taskKilled)
        #expect(!finding.kernelPanicked)
        #expect(finding.isComplete)
        #expect(finding.firstMicroseconds == 4_002_358)
        #expect(finding.timestamp == "4.002358")
        #expect(finding.signature == "general-protection-fault: __mutex_lock <- media_device_ioctl [mc] <- __x64_sys_ioctl <- do_syscall_64")
        #expect(finding.lines.first == finding.title)
        #expect(finding.lines.last?.hasPrefix("---[ end trace") == true)
    }

    @Test("KASAN log, stock kernel: three slab-use-after-free reports then a null-ptr-deref oops")
    func kasanUseAfterFree() throws {
        let text = try KmsgFixture.kasanUAF.text()
        // Count from the log itself: the reports, and the harness' summary that lists them again.
        let uafHeaders = headerCounts(text, matching: "BUG: KASAN: slab-use-after-free in ")
        let oopsHeaders = headerCounts(text, matching: "Oops: general protection fault")
        #expect(uafHeaders.inReport == 3)  // kernel/README.md: 3 KASAN slab-use-after-free
        #expect(uafHeaders.inSummary == uafHeaders.inReport)
        #expect(oopsHeaders.inReport == 1)

        let findings = try KmsgFixture.kasanUAF.findings()
        // The summary block repeats the headers with the same timestamps: not new findings.
        #expect(findings.count == uafHeaders.inReport + oopsHeaders.inReport)
        let uaf = findings.filter { $0.kind == .useAfterFree }
        try #require(uaf.count == 3)
        // README: mutex_lock <- media_device_ioctl, media_device_get_info x2.
        #expect(uaf.map(\.function) == ["mutex_lock", "media_device_get_info", "media_device_get_info"])
        #expect(uaf.map(\.functionOffset) == ["+0x5e/0x9a", "+0x3e/0x1cc", "+0x6c/0x1cc"])
        #expect(uaf.allSatisfy { $0.detail == "slab-use-after-free" })
        #expect(uaf.allSatisfy { $0.isComplete && !$0.taskKilled })
        #expect(uaf.allSatisfy { $0.task == "race" && $0.pid == 48 })
        #expect(uaf.allSatisfy { $0.slabCache == "kmalloc-1k" })

        let first = uaf[0]
        #expect(first.frames.map(\.description) == [
            "mutex_lock", "media_device_ioctl", "vfs_ioctl", "__x64_sys_ioctl", "do_syscall_64",
            "entry_SYSCALL_64_after_hwframe",
        ])
        #expect(first.access == MemoryAccess(
            operation: .write, size: 8, address: "ffff88800016cd28",
            line: "Write of size 8 at addr ffff88800016cd28 by task race/48"))
        #expect(first.taintFlags == "")
        #expect(first.allocatedBy?.pid == 1)
        #expect(first.allocatedBy?.frames.first?.function == "vimc_probe")
        #expect(first.freedBy?.pid == 47)
        #expect(first.freedBy?.frames.prefix(4).map(\.function) == [
            "kfree", "v4l2_device_put", "device_release_driver_internal", "unbind_store",
        ])
        #expect(first.signature == "use-after-free: mutex_lock <- media_device_ioctl <- vfs_ioctl <- __x64_sys_ioctl")

        #expect(uaf[1].access?.operation == .read)
        #expect(uaf[1].access?.size == 1)
        #expect(uaf[2].access?.size == 8)
        #expect(uaf[1].taintFlags == "GB")
        #expect(uaf[1].frames.prefix(2).map(\.function) == ["media_device_get_info", "media_device_ioctl"])

        let oops = try #require(findings.last)
        #expect(oops.kind == .nullPointerDereference)
        #expect(oops.function == "media_device_get_info")
        #expect(oops.detail?.hasPrefix("null-ptr-deref in range") == true)
        #expect(oops.frames.prefix(2).map(\.function) == ["media_device_get_info", "media_device_ioctl"])
        #expect(oops.taskKilled)
        #expect(findings.map(\.firstMicroseconds) == [3_084_064, 3_098_601, 3_107_263, 3_117_061])
    }

    @Test("KASAN log, mc-lifetime v4: a null-ptr-deref oops in media_device_get_info and no use-after-free")
    func kasanV4NullDereference() throws {
        let text = try KmsgFixture.kasanV4NullDeref.text()
        #expect(headerCounts(text, matching: "BUG: KASAN:").inReport == 0)

        let findings = try KmsgFixture.kasanV4NullDeref.findings()
        #expect(!findings.contains { $0.kind == .useAfterFree })
        try #require(findings.count == 1)
        let finding = findings[0]
        #expect(finding.kind == .nullPointerDereference)
        #expect(finding.function == "media_device_get_info")
        #expect(finding.functionOffset == "+0xab/0x1db")
        #expect(finding.frames.map(\.function) == [
            "media_device_get_info", "media_device_ioctl", "vfs_ioctl", "__x64_sys_ioctl", "do_syscall_64",
            "entry_SYSCALL_64_after_hwframe",
        ])
        #expect(finding.detail == "null-ptr-deref in range [0x0000000000000000-0x0000000000000007]")
        #expect(finding.faultAddress == "0xdffffc0000000000")
        #expect(finding.task == "race" && finding.pid == 48)
        #expect(finding.taintFlags == "")
        #expect(finding.taskKilled)
        #expect(finding.isComplete)
        #expect(finding.signature == "null-pointer-dereference: media_device_get_info <- media_device_ioctl <- vfs_ioctl <- __x64_sys_ioctl")
    }

    @Test("VM lane log: two parked ioctls, two general protection faults at __mutex_lock, one signature")
    func vmPinTwice() throws {
        let text = try KmsgFixture.vmPinTwice.text()
        let findings = try KmsgFixture.vmPinTwice.findings()
        let oopses = fixtureLines(text).filter { $0.contains("general protection fault") }.count
        #expect(findings.count == oopses)
        #expect(findings.allSatisfy { $0.kind == .generalProtectionFault && $0.function == "__mutex_lock" })
        #expect(findings.allSatisfy { $0.frames.contains(StackFrame(function: "media_device_ioctl", module: "mc")) })
        #expect(findings.allSatisfy { $0.task == "mediactl" && $0.taskKilled })
        #expect(KernelLogClassifier.deduplicated(findings).map(\.count) == [oopses])
    }

    @Test("KASAN log, fds held across unbind: clean")
    func kasanClean() throws {
        #expect(try KmsgFixture.kasanClean.findings().isEmpty)
    }

    @Test("The oops after the use-after-free reports has the same signature on both kernels")
    func sameOopsSignatureAcrossKernels() throws {
        let stock = try KmsgFixture.kasanUAF.findings().filter { $0.kind == .nullPointerDereference }
        let patched = try KmsgFixture.kasanV4NullDeref.findings()
        #expect(stock.map(\.signature) == patched.map(\.signature))
    }

    @Test("De-duplication merges identical signatures")
    func deduplication() throws {
        let unique = KernelLogClassifier.deduplicated(try KmsgFixture.kasanUAF.findings())
        #expect(unique.map(\.count) == [1, 2, 1])
        #expect(unique.map(\.finding.kind) == [.useAfterFree, .useAfterFree, .nullPointerDereference])
        #expect(unique[1].finding.functionOffset == "+0x3e/0x1cc")  // the first one is kept

        // The same report twice (dmesg -t style, so no timestamps make them echoes) is one signature.
        let report = fixtureLines(try KmsgFixture.debianGPF.text()).map { line in
            KernelLogLine.parse(consoleLine: line).text
        }.joined(separator: "\n")
        let twice = KernelLogClassifier().classify(text: report + "\n" + report)
        #expect(twice.count == 2)
        let merged = KernelLogClassifier.deduplicated(twice)
        #expect(merged.count == 1)
        #expect(merged.first?.count == 2)
    }

    @Test("Raw /dev/kmsg records of a whole fixture give the same findings as its console text",
          arguments: KmsgFixture.allCases)
    func kmsgRecordsMatchConsole(fixture: KmsgFixture) throws {
        let console = try fixture.findings()
        let records = kmsgRecords(fromConsole: try fixture.text())
        let fromKmsg = KernelLogClassifier().classify(text: records)
        #expect(withoutSequence(fromKmsg) == console)
        #expect(fromKmsg.allSatisfy { $0.firstSequence != nil })
    }

    @Test("A few hand-built kmsg records from the GPF log, with continuation lines")
    func handBuiltKmsgRecords() throws {
        let lines = fixtureLines(try KmsgFixture.debianGPF.text()).map { KernelLogLine.parse(consoleLine: $0) }
        func text(_ prefix: String) throws -> String {
            try #require(lines.first { $0.text.hasPrefix(prefix) }?.text, "no line starting with \(prefix)")
        }
        let oops = try text("Oops: general")
        let cpu = try text("CPU: 1 UID")
        let rip = try text("RIP: 0010:")
        let records = """
            6,2001,3918383,-;vimc: loading out-of-tree module taints kernel.
            4,2002,4002358,-;\(oops)
            4,2003,4003086,-;\(cpu)
             SUBSYSTEM=cpu
             DEVICE=+cpu:cpu1
            4,2004,4003665,-;\(rip)
            4,2005,4005199,-;Call Trace:\\x0a <TASK>\\x0a media_device_ioctl+0x16e/0x1b0 [mc]
            4,2006,4005711,-; ? sigprocmask+0x9e/0xd0
            12,2007,4005800,-;systemd[1]: WARNING: this is user space writing to /dev/kmsg
            4,2008,4005900,-; __x64_sys_ioctl+0x97/0xc0
            4,2009,4007745,-; </TASK>
            4,2010,4008706,-;---[ end trace 0000000000000000 ]---
            4,2011,4009917,-;note: race[156] exited with preempt_count 1

            """
        let findings = KernelLogClassifier().classify(text: records)
        try #require(findings.count == 1)
        let finding = findings[0]
        #expect(finding.kind == .generalProtectionFault)
        #expect(finding.function == "__mutex_lock")
        #expect(finding.frames.map(\.description) == ["__mutex_lock", "media_device_ioctl [mc]", "__x64_sys_ioctl"])
        #expect(finding.firstSequence == 2002)
        #expect(finding.firstMicroseconds == 4_002_358)
        #expect(finding.pid == 156 && finding.task == "race")
        #expect(finding.isComplete)
        #expect(finding.taskKilled)
        #expect(!finding.lines.contains { $0.contains("SUBSYSTEM") || $0.contains("systemd") })
    }

    @Test("Unrelated lines interleaved into a report change nothing")
    func interleavedLines() throws {
        let text = try KmsgFixture.kasanV4NullDeref.text()
        var noisy: [String] = []
        for (index, line) in fixtureLines(text).enumerated() {
            noisy.append(String(line))
            if index % 3 == 0 { noisy.append("race: still waiting for the ioctl (\(index))") }
            if index % 7 == 0 { noisy.append("  helper+0x10/0x20 printed by user space") }
            if index % 11 == 0 { noisy.append("WARNING: CPU: 0 PID: 1 at user/space.c:1 not_kernel+0x1/0x2") }
            if index % 13 == 0 { noisy.append("---[ end trace from a user space program ]---") }
        }
        let findings = KernelLogClassifier().classify(text: noisy.joined(separator: "\n"))
        #expect(findings == (try KmsgFixture.kasanV4NullDeref.findings()))
    }

    @Test("A report cut in the middle still yields a finding")
    func truncatedReports() throws {
        // The GPF log cut in the middle of its call trace.
        let gpfLines = fixtureLines(try KmsgFixture.debianGPF.text())
        let cut = try #require(gpfLines.firstIndex { $0.contains("do_syscall_64+0x87/0x1b0") })
        let gpf = KernelLogClassifier().classify(text: gpfLines[...cut].joined(separator: "\n"))
        try #require(gpf.count == 1)
        #expect(gpf[0].kind == .generalProtectionFault)
        #expect(gpf[0].function == "__mutex_lock")
        #expect(gpf[0].frames.map(\.description) == ["__mutex_lock", "media_device_ioctl [mc]", "__x64_sys_ioctl", "do_syscall_64"])
        #expect(!gpf[0].isComplete)

        // The KASAN log cut inside its first report, and a header alone.
        let uafLines = fixtureLines(try KmsgFixture.kasanUAF.text())
        let uafCut = try #require(uafLines.firstIndex { $0.contains("media_device_ioctl+0x223/0x300") })
        let uaf = KernelLogClassifier().classify(text: uafLines[...uafCut].joined(separator: "\n"))
        try #require(uaf.count == 1)
        #expect(uaf[0].kind == .useAfterFree)
        #expect(uaf[0].function == "mutex_lock")
        #expect(uaf[0].frames.map(\.function) == ["mutex_lock", "media_device_ioctl"])
        #expect(!uaf[0].isComplete)

        let headerOnly = KernelLogClassifier().classify(text: "[    3.098601] BUG: KASAN: slab-use-after-free in media_device_get_info+0x3e/0x1cc")
        #expect(headerOnly.map(\.kind) == [.useAfterFree])
        #expect(headerOnly.first?.function == "media_device_get_info")
        #expect(headerOnly.first?.frames == [StackFrame(function: "media_device_get_info")])
    }

    @Test("A report is cut after the configured number of lines and keeps at most the configured lines")
    func reportLimits() throws {
        let classifier = KernelLogClassifier(maximumReportLines: 30, maximumKeptLines: 10, maximumFrames: 3)
        let findings = classifier.classify(text: try KmsgFixture.kasanUAF.text())
        #expect(findings.filter { $0.kind == .useAfterFree }.count == 3)
        #expect(findings.allSatisfy { $0.lines.count <= 10 && $0.frames.count <= 3 })
        #expect(findings.allSatisfy { $0.lines.count + $0.omittedLineCount <= 30 })
    }

    @Test("Findings round-trip through JSON")
    func codable() throws {
        let findings = try KmsgFixture.kasanUAF.findings()
        let data = try JSONEncoder().encode(KernelLogClassifier.deduplicated(findings))
        let decoded = try JSONDecoder().decode([DeduplicatedFinding].self, from: data)
        #expect(decoded == KernelLogClassifier.deduplicated(findings))
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"kind\":\"use-after-free\""))
    }
}
