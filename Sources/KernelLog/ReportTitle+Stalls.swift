/// The function a stall or a hung task is titled by. A stall's top frames are wherever the
/// loop happened to be, so the title names the frame just above a dispatch point (syscall
/// entry, workqueue, softirq, timer, file or socket operation). A hung task waits in
/// scheduler and lock code, so the title names the first frame outside it, grouping the
/// hangs on `rtnl_lock` and on RCU grace periods (syzkaller's rules, our code).
extension ReportTitle {
    static let stallAnchors = FrameSkipRules([
        "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2",
        "el0_svc_handler", "invoke_syscall", "ret_fast_syscall", "netif_receive_skb", "do_softirq",
        "call_timer_fn", "_run_timers", "run_timer_softirq", "hrtimer_run", "run_ksoftirqd", "smpboot_thread_fn",
        "^kthread$", "start_secondary", "cpu_startup_entry", "ret_from_fork", "vfs_write", "vfs_read",
        "vfs_iter_read", "vfs_iter_write", "do_iter_read", "do_iter_write", "call_read_iter", "call_write_iter",
        "new_sync_read", "new_sync_write", "vfs_ioctl", "ksys_ioctl", "compat_ioctl", "compat_sys_ioctl",
        "blkdev_driver_ioctl", "blkdev_ioctl", "do_iter_readv_writev", "^call_mmap", "mmap_region", "do_mmap",
        "do_dentry_open", "vfs_open", "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release",
        "^setsockopt$", "kernel_setsockopt", "sock_common_setsockopt", "^listen$", "kernel_listen",
        "sk_common_release", "^sock_mmap", "^accept$", "kernel_accept", "^sock_do_ioctl", "^sock_ioctl",
        "^compat_sock_ioctl", "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg", "^netlink_dump", "^socketpair",
        "^connect", "^ioctl", "^sys_socketpair", "^sys_connect", "^sys_ioctl", "__do_fault", "do_page_fault",
        "^page_fault$", "__fput", "task_work_run", "exit_to_usermode", "smp_call_function", "tasklet_action",
        "tasklet_hi_action",
    ])

    /// The frame before the first dispatch point, among the frames `rules` keeps.
    static func stallFunction(_ rules: FrameSkipRules, _ input: Input, withRIP: Bool) -> String? {
        var trace = input.traceFunctions[...]
        if !withRIP, let interrupt = trace.lastIndex(where: { $0.contains("apic_timer_interrupt") || $0.hasPrefix("el1h_64_irq") }) {
            // An RCU stall is titled by what the timer interrupt interrupted.
            trace = trace[(interrupt + 1)...]
        }
        let raw = (withRIP ? (input.ripFunction.map { [$0] } ?? []) : []) + trace
        let frames = raw.filter { !rules.skips($0) }.map(FrameSkipRules.strippingSyscallPrefixes)
        guard var previous = frames.first else { return nil }
        for frame in frames {
            if stallAnchors.skips(frame) {
                return frame.contains("smp_call_function") ? "smp_call_function" : previous
            }
            previous = frame
        }
        return nil
    }

    /// The first frame of a blocked task that is not waiting machinery; `rtnl_lock` and
    /// the RCU grace-period waits stand for themselves.
    /// Without `titleRules` (the faulting function rather than the title's), no frame is
    /// dropped for being device-model or lock code the task called into.
    static func hungFunction(_ traceFunctions: [String], titleRules: Bool = true) -> String? {
        let frames = titleRules
            ? traceFunctions.filter { !FrameSkipRules.common.skips($0) }.map(FrameSkipRules.strippingSyscallPrefixes)
            : traceFunctions.filter { !FrameSets.isReporting($0) && !FrameSets.waiting.contains($0) }
        for frame in frames where titleRules {
            if frame.contains("rtnl_lock") { return frame }
            if ["synchronize_rcu", "synchronize_srcu", "synchronize_net", "synchronize_sched"].contains(where: frame.contains) {
                return "synchronize_rcu"
            }
        }
        let waiting = ["sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize",
                       "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier"]
        return frames.first { frame in !waiting.contains(where: frame.contains) }
    }
}
