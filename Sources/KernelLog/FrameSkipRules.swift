/// Which frames a syzbot-style title skips when it names a report's function: checker,
/// reporting, locking, allocation, copy and string helpers, the generic device-model and
/// workqueue paths. The rules follow syzkaller's pkg/report (its Linux skip list, learned
/// from reading it; this is our own matcher). A rule is written as a pattern:
/// `^name` a prefix, `name$` a suffix, `^name$` the whole name, anything else a part of
/// the name; `a|b` inside a rule is not special (alternatives are separate rules).
struct FrameSkipRules: Sendable {
    private enum Rule: Sendable {
        case prefix(String), suffix(String), exact(String), part(String)

        init(_ pattern: String) {
            let anchoredStart = pattern.hasPrefix("^")
            let anchoredEnd = pattern.hasSuffix("$")
            var name = Substring(pattern)
            if anchoredStart { name = name.dropFirst() }
            if anchoredEnd { name = name.dropLast() }
            switch (anchoredStart, anchoredEnd) {
            case (true, true): self = .exact(String(name))
            case (true, false): self = .prefix(String(name))
            case (false, true): self = .suffix(String(name))
            case (false, false): self = .part(String(name))
            }
        }

        func matches(_ function: String) -> Bool {
            switch self {
            case .prefix(let text): function.hasPrefix(text)
            case .suffix(let text): function.hasSuffix(text)
            case .exact(let text): function == text
            case .part(let text): function.contains(text)
            }
        }
    }

    private let rules: [Rule]

    init(_ patterns: [String]) {
        rules = patterns.map(Rule.init)
    }

    /// These rules and `more`.
    func adding(_ more: [String]) -> FrameSkipRules {
        FrameSkipRules(patterns + more)
    }

    private var patterns: [String] {
        rules.map { rule in
            switch rule {
            case .prefix(let text): "^" + text
            case .suffix(let text): text + "$"
            case .exact(let text): "^" + text + "$"
            case .part(let text): text
            }
        }
    }

    func skips(_ function: String) -> Bool {
        rules.contains { $0.matches(function) }
    }

    /// The first of `functions` no rule skips.
    func first(_ functions: some Sequence<String>) -> String? {
        functions.first { !skips($0) }
    }

    /// Syscall wrappers' prefixes a title drops: `__x64_sys_ioctl` is titled `ioctl`.
    static let syscallPrefixes = [
        "SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_", "___sys_", "__sys_",
        "__se_sys_", "__se_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_",
    ]

    /// `function` without its syscall-wrapper prefixes.
    static func strippingSyscallPrefixes(_ function: String) -> String {
        var name = Substring(function)
        var changed = true
        while changed {
            changed = false
            for prefix in syscallPrefixes where name.hasPrefix(prefix) && name.count > prefix.count {
                name = name.dropFirst(prefix.count)
                changed = true
            }
        }
        return String(name)
    }

    /// Frames every title skips.
    static let common = FrameSkipRules([
        // Sanitizers and the reporting path.
        "__sanitizer", "__asan", "kasan", "hwasan", "__msan", "kmsan", "kcsan_setup_watchpoint",
        "check_memory_region", "check_heap_object", "check_object", "read_word_at_a_time",
        "print_address_description", "panic", "invalid_op", "report_bug", "fixup_bug", "print_report",
        "print_usage_bug", "do_error", "_trap$", "do_trap", "show_stack", "dump_stack", "walk_stack",
        "dump_backtrace", "warn_slowpath", "warn_alloc", "warn_bogus", "__warn", "print_tainted",
        "^get_taint$", "__fortify_report", "stack_trace_consume_entry", "arch_stack_walk", "stack_trace_save",
        // Allocation.
        "alloc_page", "malloc", "zalloc", "calloc", "krealloc", "kmem_cache", "allocate_slab",
        "__alloc_frozen_pages_noprof", "folio_alloc", "folio_unlock", "filemap_alloc_folio",
        "__filemap_get_folio", "find_or_create_page", "do_read_cache_folio", "read_cache_page",
        "pagecache_get_page", "grab_cache_page_write_begin", "slab_", "^kfree$", "^kvfree$", "kfree_skb",
        "memdup", "strdup", "strndup",
        // Debug objects and lockdep.
        "debug_object", "timer_is_static_object", "work_is_static_object", "__might_fault", "might_fault",
        "might_sleep", "__might_resched", "print_unlock", "imbalance_bug", "lockdep", "lock_acquire",
        "lock_release", "lock_class", "mark_lock", "reacquire_held_locks", "mark_held_locks",
        "trace_hardirq", "trace_softirq", "lockdep_hardirq", "lockdep_softirq", "bh_enable", "bh_disable",
        "perf_trace",
        // Locks.
        "raw_spin_rq", "spin_lock", "spin_trylock", "spin_unlock", "read_lock", "read_trylock", "write_lock",
        "write_trylock", "read_unlock", "write_unlock", "^down$", "down_read", "down_write", "down_trylock",
        "up_read", "up_write", "^mutex_", "^__mutex_", "^rt_mutex_", "owner_on_cpu", "osq_lock", "osq_unlock",
        "^lock_page", "^unlock_page",
        // Atomics, bits, reference counts.
        "atomic_dec", "atomic_inc", "atomic_read", "atomic_set", "atomic_or", "atomic_xor", "atomic_and",
        "atomic_add", "atomic_sub", "atomic_fetch", "atomic_xchg", "atomic_cmpxchg", "atomic_try",
        "atomic64_dec", "atomic64_inc", "atomic64_read", "atomic64_set", "atomic64_or", "atomic64_xor",
        "atomic64_and", "atomic64_add", "atomic64_sub", "atomic64_fetch", "atomic64_xchg", "atomic64_cmpxchg",
        "atomic64_try", "set_bit", "clear_bit", "change_bit", "test_bit", "__wake_up", "^refcount_", "^kref_",
        "ref_tracker", "seqprop_assert",
        // Memory and string helpers, user copies.
        "memcpy", "memcmp", "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy", "strncpy",
        "strscpy", "strlen", "strstr", "strnstr", "strnlen", "strchr", "copy_to_user", "copy_from_user",
        "copy_to_iter", "copy_from_iter", "copy_page_to_iter", "copy_page_from_iter", "copy_folio_to_iter",
        "^copyin$", "^copyout$", "put_user", "get_user", "string", "pointer", "snprintf", "scnprintf",
        "kasprintf", "kvasprintf", "printk", "va_format", "hex_dump_to_buffer", "print_hex_dump",
        "^crc", "crc_itu_t", "_indirect_thunk_", "__phys_addr",
        // Lists and trees.
        "list_add", "list_del", "list_replace", "list_move", "list_splice", "^rb_", "^__rb_", "^klist_",
        "rhashtable_lookup", "xas_start", "xas_load", "xas_find",
        // Device model, printing helpers.
        "dev_info", "dev_notice", "dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg", "kobject_",
        "add_uevent_var", "get_device_parent", "device_add", "device_del", "device_unregister", "device_destroy",
        "device_release", "devres_release_all", "device_for_each_child", "device_remove_file", "^put_device$",
        "sysfs_remove", "hwrng_unregister", "i2c_del_adapter", "__unregister_client", "rollback_registered",
        "unregister_netdev", "tty_unregister_device", "ida_free",
        // Timers, work, completion.
        "del_timer", "lock_timer_base", "__timer_delete_sync", "sk_stop_timer_sync", "__mod_timer", "flush_work",
        "__cancel_work_timer", "cancel_work_sync", "try_to_grab_pending", "flush_workqueue", "drain_workqueue",
        "destroy_workqueue", "queue_work", "insert_work", "__queue_delayed_work", "queue_delayed_work_on",
        "finish_wait", "kthread_stop", "^complete$", "wait_for_completion", "cleanup_srcu_struct",
        // USB and MMIO.
        "dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs", "usb_control_msg", "usb_hcd_submit_urb",
        "usb_submit_urb", "readb$", "readw$", "readl$", "readq$", "writeb$", "writew$", "writel$", "writeq$",
        "logic_in", "logic_out",
        // Inodes, dentries, pages.
        "^iput$", "^iput_final$", "^ihold$", "drop_nlink", "fast_dput", "dput", "mark_buffer_dirty",
        "find_lock_entries", "truncate_inode_pages_range", "extract_user_to_sg", "extract_iter_to_sg",
        // Traps and arm64 fault handling.
        "program_check_exception", "program_check_common", "do_kernel_fault", "do_translation_fault",
        "do_mem_abort", "el1_abort", "el1h_64_sync", "assertfail",
    ])
}
