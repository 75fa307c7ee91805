import Foundation
import Glibc
import Testing
@testable import MediaStress

// MARK: - Fixtures

/// The real kernel logs in Fixtures/kmsg (copied from shared/fixtures/kmsg).
enum KmsgFixture: String, CaseIterable {
    /// Debian 6.12.117, slub_debug: general protection fault at __mutex_lock from media_device_ioctl [mc].
    case debianGPF = "debian-6.12.117-slub-poison-media-ioctl-uaf"
    /// KASAN kernel, fds held across unbind: clean.
    case kasanClean = "kasan-6.12.117-hold-across-unbind-clean.console"
    /// KASAN kernel + mc-lifetime v4: null-ptr-deref oops in media_device_get_info.
    case kasanV4NullDeref = "kasan-6.12.117-mc-lifetime-v4-device-info-null-deref.console"
    /// KASAN kernel, stock: slab-use-after-free reports, then a null-ptr-deref oops.
    case kasanUAF = "kasan-6.12.117-media-ioctl-device-info-uaf.console"
    /// Captured by this project's VM lane: Debian 6.12.117, slub_debug, `mediactl stress unbind
    /// --pin topology` then `--pin device-info` in one boot: two GPFs at __mutex_lock.
    case vmPinTwice = "vm-6.12.117-slub-pin-topology-then-device-info.console"

    func text() throws -> String {
        let url = try #require(
            Bundle.module.url(forResource: rawValue, withExtension: "txt", subdirectory: "Fixtures/kmsg"),
            "fixture \(rawValue).txt is missing from the test bundle")
        return try String(contentsOf: url, encoding: .utf8)
    }

    func findings() throws -> [KernelFinding] {
        KernelLogClassifier().classify(text: try text())
    }
}

/// Lines of a fixture, split the way the classifier splits them (the console captures end in CRLF).
private func fixtureLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
}

/// The header lines the log names in its kernel-report part, i.e. before the test harness
/// echoes its own `=== LAB kasan/oops summary:` block, and the lines of that block.
private func headerCounts(_ text: String, matching needle: String) -> (inReport: Int, inSummary: Int) {
    var inSummary = false
    var counts = (inReport: 0, inSummary: 0)
    for line in fixtureLines(text) {
        if line.hasPrefix("=== LAB kasan/oops summary:") { inSummary = true; continue }
        if line.hasPrefix("=== LAB END") { inSummary = false }
        if line.contains(needle) {
            if inSummary { counts.inSummary += 1 } else { counts.inReport += 1 }
        }
    }
    return counts
}

/// Writes console lines as raw /dev/kmsg records: consecutive lines with the same
/// timestamp become one record with `\x0a` between them (as the kernel escapes an
/// embedded newline), backslashes are escaped as `\x5c`, untimestamped lines (user space
/// output on the console) are dropped, and every fifth record gets continuation lines.
private func kmsgRecords(fromConsole text: String, firstSequence: UInt64 = 1000) -> String {
    var groups: [(micros: UInt64, texts: [String])] = []
    for line in KernelLogLine.parseLines(text) {
        guard let micros = line.microseconds else { continue }
        if let last = groups.last, last.micros == micros {
            groups[groups.count - 1].texts.append(line.text)
        } else {
            groups.append((micros, [line.text]))
        }
    }
    var out = ""
    for (index, group) in groups.enumerated() {
        let message = group.texts
            .map { $0.replacingOccurrences(of: "\\", with: "\\x5c") }
            .joined(separator: "\\x0a")
        out += "3,\(firstSequence + UInt64(index)),\(group.micros),-;\(message)\n"
        if index % 5 == 0 {
            out += " SUBSYSTEM=platform\n DEVICE=+platform:vimc.0\n"
        }
    }
    return out
}

private func withoutSequence(_ findings: [KernelFinding]) -> [KernelFinding] {
    findings.map { finding in
        var copy = finding
        copy.firstSequence = nil
        return copy
    }
}

// MARK: - Real logs

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

// MARK: - Other report kinds (constructed in the kernel's formats; not captured logs)

@Suite("KernelLog classifier on other report kinds")
struct KernelLogKindTests {
    let classifier = KernelLogClassifier()

    @Test("Unrelated lines produce nothing")
    func unrelatedLines() {
        let text = """
            [    1.000000] Linux version 6.12.117+ (root@vm)
            [    2.000000] vimc vimc.0: BUG: not at the start of the line
            [    2.100000] mc: media_device_ioctl+0x16e/0x1b0 is just text here
            [    2.200000] Call Trace:
            [    2.200001]  dump_stack_lvl+0x52/0x61
            [    2.300000] ==================================================================
            [    2.400000] ---[ end trace 0000000000000000 ]---
            [    2.500000] note: race[156] exited with preempt_count 1
            [    2.600000] Disabling lock debugging due to kernel taint
            === LAB test: race
            ioctl parked in copy_from_user at 7f59a4fcf000; unbinding
            WARNINGS are fine in user space output that is not at a kernel line start
            12,99,2700000,-;WARNING: written to /dev/kmsg by user space

            """
        #expect(classifier.classify(text: text).isEmpty)
        #expect(classifier.classify(text: "").isEmpty)
        #expect(classifier.classify([]).isEmpty)
    }

    @Test("BUG: kernel NULL pointer dereference with its Oops line, then a panic")
    func nullPointerBug() throws {
        let text = """
            [   42.123456] BUG: kernel NULL pointer dereference, address: 0000000000000008
            [   42.123500] #PF: supervisor read access in kernel mode
            [   42.123510] #PF: error_code(0x0000) - not-present page
            [   42.123520] PGD 0 P4D 0
            [   42.123530] Oops: Oops: 0000 [#1] PREEMPT SMP NOPTI
            [   42.123540] CPU: 2 UID: 0 PID: 1234 Comm: mediactl Tainted: G        W          6.12.0 #1
            [   42.123550] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)
            [   42.123560] RIP: 0010:media_device_get_info+0x2a/0x90 [mc]
            [   42.123580] RSP: 0018:ffffb0c2c0b8fd58 EFLAGS: 00010246
            [   42.123600] Call Trace:
            [   42.123610]  <TASK>
            [   42.123620]  ? __die+0x23/0x70
            [   42.123630]  ? page_fault_oops+0x171/0x4e0
            [   42.123650]  ? asm_exc_page_fault+0x26/0x30
            [   42.123660]  ? media_device_get_info+0x2a/0x90 [mc]
            [   42.123670]  media_device_ioctl+0x16e/0x1b0 [mc]
            [   42.123680]  __x64_sys_ioctl+0x97/0xc0
            [   42.123690]  do_syscall_64+0x82/0x190
            [   42.123700]  entry_SYSCALL_64_after_hwframe+0x76/0x7e
            [   42.123710] RIP: 0033:0x7f0e2c51ac5b
            [   42.123720]  </TASK>
            [   42.123730] Modules linked in: vimc mc
            [   42.123740] CR2: 0000000000000008
            [   42.123750] ---[ end trace 0000000000000000 ]---
            [   42.123800] Kernel panic - not syncing: Fatal exception
            """
        let findings = classifier.classify(text: text)
        try #require(findings.count == 1)
        let finding = findings[0]
        #expect(finding.kind == .nullPointerDereference)
        #expect(finding.function == "media_device_get_info")
        #expect(finding.module == "mc")
        #expect(finding.frames.map(\.description).prefix(3) == [
            "media_device_get_info [mc]", "media_device_ioctl [mc]", "__x64_sys_ioctl",
        ])
        #expect(finding.faultAddress == "0000000000000008")
        #expect(finding.access?.operation == .read)
        #expect(finding.access?.address == "0000000000000008")
        #expect(finding.task == "mediactl" && finding.pid == 1234 && finding.cpu == 2)
        #expect(finding.taintFlags == "GW")
        #expect(finding.taskKilled)
        #expect(finding.kernelPanicked)
    }

    @Test("BUG: unable to handle page fault")
    func pageFault() throws {
        let text = """
            BUG: unable to handle page fault for address: ffffffffc0a1b000
            #PF: supervisor write access in kernel mode
            Oops: 0002 [#1] PREEMPT SMP NOPTI
            CPU: 0 UID: 0 PID: 7 Comm: kworker/0:1 Not tainted 6.12.0 #1
            RIP: 0010:vimc_streamer_thread+0x44/0x120 [vimc]
            Call Trace:
             <TASK>
             kthread+0xcf/0x100
             ret_from_fork+0x31/0x50
             </TASK>
            ---[ end trace 0000000000000000 ]---
            """
        let finding = try #require(classifier.classify(text: text).first)
        #expect(finding.kind == .pageFault)
        #expect(finding.function == "vimc_streamer_thread")
        #expect(finding.module == "vimc")
        #expect(finding.access?.operation == .write)
        #expect(finding.task == "kworker/0:1")
        #expect(finding.frames.map(\.function) == ["vimc_streamer_thread", "kthread", "ret_from_fork"])
        #expect(classifier.classify(text: text).count == 1)
    }

    @Test("refcount_t underflow with its WARNING: the function is the caller, not refcount_warn_saturate")
    func refcount() throws {
        let text = """
            [  100.000001] ------------[ cut here ]------------
            [  100.000002] refcount_t: underflow; use-after-free.
            [  100.000003] WARNING: CPU: 1 PID: 77 at lib/refcount.c:28 refcount_warn_saturate+0xbe/0x110
            [  100.000004] Modules linked in: vimc mc
            [  100.000005] CPU: 1 UID: 0 PID: 77 Comm: mediactl Not tainted 6.12.0 #1
            [  100.000006] RIP: 0010:refcount_warn_saturate+0xbe/0x110
            [  100.000007] Call Trace:
            [  100.000008]  <TASK>
            [  100.000009]  ? __warn+0x81/0x130
            [  100.000010]  ? refcount_warn_saturate+0xbe/0x110
            [  100.000011]  ? report_bug+0x16f/0x1a0
            [  100.000012]  media_devnode_release+0x3c/0x50 [mc]
            [  100.000013]  device_release+0x34/0x90
            [  100.000014]  kobject_put+0x84/0x1a0
            [  100.000015]  media_release+0x5a/0x80 [mc]
            [  100.000016]  </TASK>
            [  100.000017] ---[ end trace 0000000000000000 ]---
            """
        let findings = classifier.classify(text: text)
        try #require(findings.count == 1)
        let finding = findings[0]
        #expect(finding.kind == .refcount)
        #expect(finding.detail == "underflow; use-after-free.")
        #expect(finding.function == "media_devnode_release")
        #expect(finding.module == "mc")
        #expect(finding.sourceLocation == "lib/refcount.c:28")
        #expect(finding.task == "mediactl" && finding.pid == 77)
        #expect(!finding.taskKilled)
        #expect(finding.signature == "refcount: media_devnode_release <- device_release <- kobject_put <- media_release [mc]")
    }

    @Test("list_del corruption followed by kernel BUG and an invalid-opcode Oops is one finding")
    func listCorruption() throws {
        let text = """
            [  200.000001] list_del corruption. prev->next should be ffff888003e2c0e8, but was dead000000000100. (prev=ffff888003e2c000)
            [  200.000002] ------------[ cut here ]------------
            [  200.000003] kernel BUG at lib/list_debug.c:62!
            [  200.000004] Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI
            [  200.000005] CPU: 0 UID: 0 PID: 99 Comm: mediactl Not tainted 6.12.0 #1
            [  200.000006] RIP: 0010:__list_del_entry_valid_or_report+0xb1/0xe0
            [  200.000007] Call Trace:
            [  200.000008]  <TASK>
            [  200.000009]  ? die+0x36/0x90
            [  200.000010]  media_gobj_destroy+0x2d/0x60 [mc]
            [  200.000011]  media_device_unregister_entity+0x8c/0x100 [mc]
            [  200.000012]  </TASK>
            [  200.000013] ---[ end trace 0000000000000000 ]---
            """
        let findings = classifier.classify(text: text)
        try #require(findings.count == 1)
        #expect(findings[0].kind == .listCorruption)
        #expect(findings[0].function == "media_gobj_destroy")
        #expect(findings[0].sourceLocation == "lib/list_debug.c:62")
        #expect(findings[0].taskKilled)
    }

    @Test("WARNING with location, function and module; a kernel BUG on its own")
    func warningAndBug() throws {
        let text = """
            [  400.000001] ------------[ cut here ]------------
            [  400.000002] WARNING: CPU: 3 PID: 200 at drivers/media/v4l2-core/v4l2-dev.c:1052 video_unregister_device+0x40/0x50 [videodev]
            [  400.000003] CPU: 3 UID: 0 PID: 200 Comm: sh Not tainted 6.12.0 #1
            [  400.000004] RIP: 0010:video_unregister_device+0x40/0x50 [videodev]
            [  400.000005] Call Trace:
            [  400.000006]  <TASK>
            [  400.000007]  vimc_capture_unregister+0x12/0x30 [vimc]
            [  400.000008]  vimc_remove+0x38/0x60 [vimc]
            [  400.000009]  </TASK>
            [  400.000010] ---[ end trace 0000000000000000 ]---
            [  401.000001] ------------[ cut here ]------------
            [  401.000002] kernel BUG at drivers/media/mc/mc-entity.c:700!
            [  401.000003] Oops: invalid opcode: 0000 [#2] PREEMPT SMP NOPTI
            [  401.000004] RIP: 0010:media_entity_remove_links+0x70/0x80 [mc]
            """
        let findings = classifier.classify(text: text)
        try #require(findings.count == 2)
        #expect(findings[0].kind == .warning)
        #expect(findings[0].function == "video_unregister_device")
        #expect(findings[0].module == "videodev")
        #expect(findings[0].sourceLocation == "drivers/media/v4l2-core/v4l2-dev.c:1052")
        #expect(findings[0].pid == 200 && findings[0].cpu == 3 && findings[0].task == "sh")
        #expect(findings[0].frames.map(\.function) == ["video_unregister_device", "vimc_capture_unregister", "vimc_remove"])
        #expect(!findings[0].taskKilled)
        #expect(findings[1].kind == .bug)
        #expect(findings[1].sourceLocation == "drivers/media/mc/mc-entity.c:700")
        #expect(findings[1].function == "media_entity_remove_links")
        #expect(findings[1].taskKilled)
        #expect(!findings[1].isComplete)
    }

    @Test("Lockdep circular dependency")
    func lockdep() throws {
        let text = """
            [  500.000001] ======================================================
            [  500.000002] WARNING: possible circular locking dependency detected
            [  500.000003] 6.12.0 #1 Not tainted
            [  500.000004] ------------------------------------------------------
            [  500.000005] mediactl/321 is trying to acquire lock:
            [  500.000006] ffff888003e2c0e8 (&mdev->graph_mutex){+.+.}-{4:4}, at: media_device_ioctl+0x9c/0x1b0 [mc]
            [  500.000008] but task is already holding lock:
            [  500.000013] the existing dependency chain (in reverse order) is:
            [  500.000015] -> #1 (&mdev->graph_mutex){+.+.}-{4:4}:
            [  500.000016]        __mutex_lock+0x9f/0xc40
            [  500.000017]        media_device_register_entity+0x40/0x200 [mc]
            [  500.000019] stack backtrace:
            [  500.000020] CPU: 1 UID: 0 PID: 321 Comm: mediactl Not tainted 6.12.0 #1
            [  500.000021] Call Trace:
            [  500.000022]  <TASK>
            [  500.000023]  dump_stack_lvl+0x68/0x90
            [  500.000024]  print_circular_bug+0x2c7/0x3a0
            [  500.000025]  check_noncircular+0x124/0x140
            [  500.000026]  __lock_acquire+0x1197/0x1c20
            [  500.000027]  lock_acquire+0xd4/0x2f0
            [  500.000028]  __mutex_lock+0x9f/0xc40
            [  500.000029]  media_device_ioctl+0x9c/0x1b0 [mc]
            [  500.000030]  __x64_sys_ioctl+0x97/0xc0
            [  500.000031]  </TASK>
            [  501.000001] ============================================
            [  501.000002] WARNING: possible recursive locking detected
            """
        let findings = classifier.classify(text: text)
        try #require(findings.count == 2)
        #expect(findings.map(\.kind) == [.lockdep, .lockdep])
        #expect(findings[0].detail == "possible circular locking dependency detected")
        #expect(findings[0].task == "mediactl" && findings[0].pid == 321)
        #expect(findings[0].function == "media_device_ioctl")
        #expect(findings[0].module == "mc")
        #expect(findings[0].frames.map(\.description) == ["media_device_ioctl [mc]", "__x64_sys_ioctl"])
        #expect(findings[0].taintFlags == "")
        #expect(findings[0].isComplete)
        #expect(findings[1].detail == "possible recursive locking detected")
    }

    @Test("Hung task: comm with a colon, function past the scheduler and mutex frames")
    func hungTask() throws {
        let text = """
            [  245.000001] INFO: task kworker/0:1:35 blocked for more than 122 seconds.
            [  245.000002]       Not tainted 6.12.0 #1
            [  245.000003] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.
            [  245.000004] task:kworker/0:1     state:D stack:0     pid:35    tgid:35    ppid:2      flags:0x00004000
            [  245.000005] Workqueue: events vimc_release_work
            [  245.000006] Call Trace:
            [  245.000007]  <TASK>
            [  245.000008]  __schedule+0x3c6/0x1470
            [  245.000009]  schedule+0x27/0xf0
            [  245.000010]  schedule_preempt_disabled+0x15/0x30
            [  245.000011]  __mutex_lock.constprop.0+0x3c2/0x6f0
            [  245.000012]  media_device_unregister+0x2a/0x1c0 [mc]
            [  245.000013]  vimc_remove+0x38/0x60 [vimc]
            [  245.000014]  </TASK>
            """
        let finding = try #require(classifier.classify(text: text).first)
        #expect(finding.kind == .hungTask)
        #expect(finding.task == "kworker/0:1")
        #expect(finding.pid == 35)
        #expect(finding.detail == "blocked for more than 122 seconds")
        #expect(finding.function == "media_device_unregister")
        #expect(finding.module == "mc")
        #expect(finding.frames.map(\.function) == ["media_device_unregister", "vimc_remove"])
        #expect(finding.isComplete)
    }

    @Test("UBSAN between its rules")
    func ubsan() throws {
        let text = """
            [  300.000001] ================================================================================
            [  300.000002] UBSAN: array-index-out-of-bounds in drivers/media/mc/mc-entity.c:123:45
            [  300.000003] index 8 is out of range for type 'media_pad [8]'
            [  300.000004] CPU: 0 UID: 0 PID: 48 Comm: race Not tainted 6.12.0 #1
            [  300.000005] Call Trace:
            [  300.000006]  <TASK>
            [  300.000007]  dump_stack_lvl+0x5d/0x80
            [  300.000008]  __ubsan_handle_out_of_bounds+0xa3/0xe0
            [  300.000009]  media_entity_pads_init+0x1a0/0x1c0 [mc]
            [  300.000010]  vimc_sensor_add+0x10/0x20 [vimc]
            [  300.000011]  </TASK>
            [  300.000012] ================================================================================
            """
        let finding = try #require(classifier.classify(text: text).first)
        #expect(finding.kind == .ubsan)
        #expect(finding.detail == "array-index-out-of-bounds")
        #expect(finding.sourceLocation == "drivers/media/mc/mc-entity.c:123:45")
        #expect(finding.function == "media_entity_pads_init")
        #expect(finding.frames.map(\.function) == ["media_entity_pads_init", "vimc_sensor_add"])
        #expect(finding.isComplete)
    }

    @Test("Other KASAN bug types map to their kinds")
    func kasanKinds() {
        let cases: [(String, FindingKind)] = [
            ("BUG: KASAN: use-after-free in media_gobj_destroy+0x1/0x2 [mc]", .useAfterFree),
            ("BUG: KASAN: slab-out-of-bounds in f+0x1/0x2", .outOfBounds),
            ("BUG: KASAN: double-free in kfree+0x1/0x2", .doubleFree),
            ("BUG: KASAN: null-ptr-deref in f+0x1/0x2", .nullPointerDereference),
            ("BUG: KASAN: wild-memory-access in f+0x1/0x2", .kasan),
            ("BUG: KFENCE: use-after-free read in f+0x1/0x2", .useAfterFree),
            ("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:585", .bug),
            ("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [race:48]", .lockup),
            ("BUG kmalloc-1k (Tainted: G    B   ): Poison overwritten", .slabCorruption),
        ]
        for (line, kind) in cases {
            let findings = classifier.classify(text: line)
            #expect(findings.map(\.kind) == [kind], "\(line)")
        }
        let module = classifier.classify(text: cases[0].0).first
        #expect(module?.function == "media_gobj_destroy")
        #expect(module?.module == "mc")
        let lockup = classifier.classify(text: cases[7].0).first
        #expect(lockup?.task == "race" && lockup?.pid == 48)
    }
}

// MARK: - Record parsing

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

// MARK: - Live reader

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
