/// Frames that belong to the reporting machinery rather than to the bug.
enum FrameSets {
    static let reporting: Set<String> = [
        "dump_stack_lvl", "dump_stack", "show_stack", "show_trace_log_lvl", "__dump_stack",
        "print_report", "print_address_description", "kasan_report", "__kasan_report", "kasan_check_range",
        "check_memory_region", "kasan_report_invalid_free", "kasan_report_double_free", "kasan_bad_access",
        "kfence_report_error", "kfence_handle_page_fault", "kfence_guarded_free",
        "ubsan_epilogue", "ubsan_prologue",
        "__warn", "warn_slowpath_fmt", "__warn_printk", "report_bug", "handle_bug", "exc_invalid_op",
        "asm_exc_invalid_op", "do_trap", "do_error_trap", "die", "__die", "__die_body", "die_addr",
        "page_fault_oops", "kernelmode_fixup_or_oops", "__bad_area_nosemaphore", "bad_area_nosemaphore",
        "do_user_addr_fault", "exc_page_fault", "asm_exc_page_fault", "exc_general_protection",
        "asm_exc_general_protection", "fixup_exception", "no_context", "do_kern_addr_fault",
        "refcount_warn_saturate", "refcount_dec_not_one", "__list_add_valid_or_report",
        "__list_del_entry_valid_or_report", "__list_add_valid", "__list_del_entry_valid",
        "panic", "lockdep_rcu_suspicious", "print_circular_bug", "print_deadlock_bug", "check_noncircular",
        "check_prev_add", "check_prevs_add", "validate_chain", "__lock_acquire", "lock_acquire", "lock_release",
        "check_deadlock", "print_usage_bug", "valid_state", "mark_lock", "mark_lock_irq", "mark_usage",
        "print_unlock_imbalance_bug", "lock_is_held_type", "__might_resched", "__might_sleep", "__might_fault",
        "slab_err", "object_err", "check_bytes_and_report", "check_object", "free_debug_processing",
        "alloc_debug_processing", "print_trailer",
    ]
    static let reportingPrefixes = [
        "__asan_", "__hwasan_", "__kasan_", "kasan_", "__ubsan_handle_", "__kfence_", "dump_stack", "__list_del_entry_valid",
        "__list_add_valid", "refcount_warn", "__warn", "warn_slowpath", "print_lock", "print_bad_irq", "lockdep_",
        "dump_backtrace", "__sanitizer_cov", "__schedule_bug", "sched_show_task", "fixup_bug", "msan_", "refcount_sub_and_test", "refcount_dec_and_test", "refcount_inc_checked",
    ]

    /// Where a blocked task waits; skipped when naming the function of a hung task or lockdep report.
    static let waiting: Set<String> = [
        "__schedule", "schedule", "schedule_preempt_disabled", "schedule_timeout", "io_schedule",
        "schedule_timeout_uninterruptible", "schedule_timeout_interruptible", "__mutex_lock",
        "mutex_lock", "mutex_lock_nested", "mutex_lock_killable", "mutex_lock_interruptible",
        "__mutex_lock_slowpath", "__mutex_lock_killable_slowpath", "__mutex_lock_interruptible_slowpath",
        "rwsem_down_read_slowpath", "rwsem_down_write_slowpath", "down_read", "down_write", "down",
        "down_killable", "down_interruptible", "__down", "__down_common", "__down_killable",
        "_raw_spin_lock", "_raw_spin_lock_irq", "_raw_spin_lock_irqsave", "_raw_spin_lock_bh",
        "__wait_for_common", "wait_for_completion", "wait_for_completion_killable",
        "wait_for_completion_interruptible", "wait_for_completion_timeout", "do_wait_for_common",
        "__flush_work", "flush_work", "__synchronize_srcu", "synchronize_srcu", "synchronize_rcu",
        "__wait_rcu_gp", "synchronize_rcu_normal", "msleep", "usleep_range_state",
    ]

    static func isReporting(_ function: String) -> Bool {
        reporting.contains(function) || reportingPrefixes.contains(where: { function.hasPrefix($0) })
    }
}
