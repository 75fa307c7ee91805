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
