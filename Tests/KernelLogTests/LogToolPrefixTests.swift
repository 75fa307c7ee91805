import Testing
@testable import KernelLog

@Suite("Log tool prefixes: journalctl -k, syslog, dmesg -T")
struct LogToolPrefixTests {
    @Test("journalctl -k and syslog lines: the kernel's text after `host kernel: `")
    func journalLines() {
        let cases: [(String, String)] = [
            ("Nov 30 17:19:13 lab kernel: BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a",
             "BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a"),
            ("Nov  3 07:01:02 lab kernel:  media_device_ioctl+0x16e/0x1b0 [mc]", " media_device_ioctl+0x16e/0x1b0 [mc]"),
            ("2026-11-30T17:19:13+0000 lab kernel: Call Trace:", "Call Trace:"),
            ("2026-11-30T17:19:13.123456+00:00 lab.example kernel: <TASK>", "<TASK>"),
            ("Nov 30 17:19:13 lab kernel:", ""),
        ]
        for (line, text) in cases {
            let parsed = KernelLogLine.parse(consoleLine: line[...])
            #expect(parsed.text == text, "\(line)")
            #expect(parsed.facility == nil, "\(line)")
        }
    }

    @Test("rsyslog keeps the kernel's timestamp after the prefix")
    func syslogWithKernelTimestamp() {
        let parsed = KernelLogLine.parse(consoleLine: "Nov 30 17:19:13 lab kernel: [    4.002358] Oops: general protection fault")
        #expect(parsed.microseconds == 4_002_358)
        #expect(parsed.text == "Oops: general protection fault")
    }

    @Test("journalctl -o short-monotonic: the kernel's timestamp, then `host kernel: `")
    func shortMonotonic() {
        let parsed = KernelLogLine.parse(consoleLine: "[    4.002358] lab kernel:  media_device_ioctl+0x16e/0x1b0 [mc]")
        #expect(parsed.microseconds == 4_002_358)
        #expect(parsed.text == " media_device_ioctl+0x16e/0x1b0 [mc]")
        // A kernel line whose first words only look like `host program: ` stays whole.
        let usb = KernelLogLine.parse(consoleLine: "[    1.000000] usb 1-1: new high-speed USB device number 2 using ehci-pci")
        #expect(usb.text == "usb 1-1: new high-speed USB device number 2 using ehci-pci")
        #expect(usb.facility == nil)
    }

    @Test("Another program's syslog line is user space: it names no kernel report")
    func otherPrograms() {
        let line = KernelLogLine.parse(consoleLine: "Nov 30 17:19:13 lab systemd[1]: BUG: soft lockup in a unit name")
        #expect(line.facility == 1)
        let log = """
            Nov 30 17:19:13 lab watchdogd[812]: BUG: soft lockup - CPU#0 stuck for 22s! [race:48]
            Nov 30 17:19:14 lab kernel: vimc: loading out-of-tree module taints kernel.
            """
        #expect(KernelLogClassifier().classify(text: log).isEmpty)
    }

    @Test("dmesg -T lines: the text after the bracketed date")
    func dmesgHumanTime() {
        let parsed = KernelLogLine.parse(consoleLine: "[Tue Nov 24 17:02:03 2026]  dump_stack_lvl+0x52/0x61")
        #expect(parsed.text == " dump_stack_lvl+0x52/0x61")
        #expect(parsed.microseconds == nil)
    }

    @Test("Lines that only look like a prefix are left as they are")
    func notPrefixes() {
        let lines = [
            "[    3.084064] BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a",
            "Nov 30 was the day: nothing here",
            "Nov 30 17:19:13 lab",
            "Nov 30 17:19:13 lab two words: text",
            "[Tue Nov 24 17:02:03] no year",
            "2026-11-30 17:19:13 lab kernel: no T",
            "[  OK  ] Started systemd-udevd.service",
        ]
        for line in lines {
            #expect(LogToolPrefix.parse(line[...]) == nil, "\(line)")
        }
        #expect(KernelLogLine.parse(consoleLine: lines[0][...]).text == "BUG: KASAN: slab-use-after-free in mutex_lock+0x5e/0x9a")
    }

    @Test("A report in journalctl -k form is found (nothing was before the prefix was read)")
    func journalReport() throws {
        let log = """
            Nov 30 17:19:13 lab kernel: BUG: kernel NULL pointer dereference, address: 0000000000000008
            Nov 30 17:19:13 lab kernel: #PF: supervisor read access in kernel mode
            Nov 30 17:19:13 lab kernel: Oops: 0000 [#1] PREEMPT SMP NOPTI
            Nov 30 17:19:13 lab kernel: CPU: 0 UID: 0 PID: 48 Comm: race Not tainted 6.12.117+ #1
            Nov 30 17:19:13 lab kernel: RIP: 0010:media_device_get_info+0x3e/0x1cc [mc]
            Nov 30 17:19:13 lab kernel: Call Trace:
            Nov 30 17:19:13 lab kernel:  <TASK>
            Nov 30 17:19:13 lab kernel:  media_device_ioctl+0x16e/0x1b0 [mc]
            Nov 30 17:19:13 lab kernel:  __x64_sys_ioctl+0x94/0xd0
            Nov 30 17:19:13 lab kernel:  </TASK>
            """
        let findings = KernelLogClassifier().classify(text: log)
        try #require(findings.count == 1)
        #expect(findings[0].kind == .nullPointerDereference)
        #expect(findings[0].function == "media_device_get_info")
        #expect(findings[0].module == "mc")
        #expect(findings[0].frames.map(\.function) == ["media_device_get_info", "media_device_ioctl", "__x64_sys_ioctl"])
        #expect(findings[0].task == "race")
    }
}
