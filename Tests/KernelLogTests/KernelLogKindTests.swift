import Foundation
import Glibc
import Testing
@testable import KernelLog

/// Other report kinds, constructed in the kernel's formats (not captured logs).
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
}
