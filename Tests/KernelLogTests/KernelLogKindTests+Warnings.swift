import Foundation
import Glibc
import Testing
@testable import KernelLog

/// WARNING, BUG, lockdep, hung task, UBSAN and the other KASAN bug types.
extension KernelLogKindTests {
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
            // Issue 22: a kind of its own, no longer a plain `bug`.
            ("BUG: sleeping function called from invalid context at kernel/locking/mutex.c:585", .invalidContext),
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
