# shellcheck shell=bash
# The guest's life in Scripts/vm/run, which sources it once the backend (virtme-ng or
# initramfs) is chosen: the command the guest runs, the boot and the wait for its end,
# and the cleanup that leaves nothing of the VM behind. Reads and sets vm/run's globals
# (envs, timeout, show_console, console_log, the fifos; vm_pid, tail_pid, out_cat, err_cat).

# guest_run_command COMMAND...: the guest's run_command function, which exports the
# --env settings and runs COMMAND (printf %q: any argument survives).
guest_run_command() {
    echo 'run_command() {'
    for e in "${envs[@]}"; do printf '    export %q\n' "$e"; done
    printf '    '; printf '%q ' "$@"; echo
    echo '}'
}

cleanup() {
    # The VM runs in its own session/process group: end all of it.
    if [[ -n ${vm_pid:-} ]]; then
        kill -TERM -- "-$vm_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$vm_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL -- "-$vm_pid" 2>/dev/null || true
    fi
    if [[ -n ${tail_pid:-} ]]; then sleep 1; kill "$tail_pid" 2>/dev/null || true; fi
    [[ -f $console_log ]] && mv -f "$console_log" "$VM_DIR/last-console.log"
    [[ -n ${out_cat:-} ]] && kill "$out_cat" "$err_cat" 2>/dev/null || true
    rm -f "${cleanup_files[@]}"
    [[ ${#cleanup_dirs[@]} -eq 0 ]] || rm -rf "${cleanup_dirs[@]}"
}

# vm_boot_and_wait: boots the guest (backend_start), streams COMMAND's output through the
# fifos, and waits for the VM to end or --timeout to pass (then kills it). Sets
# timed_out, vm_rc and start.
vm_boot_and_wait() {
    : >"$console_log"
    if [[ $show_console -eq 1 ]]; then
        tail -n +1 -F "$console_log" >&2 2>/dev/null &
        tail_pid=$!
    fi
    # COMMAND's output comes through pipes, copied out by cat.
    mkfifo "$out_fifo" "$err_fifo"
    cat "$out_fifo" & out_cat=$!
    cat "$err_fifo" >&2 & err_cat=$!

    start="$(steps_now)"
    backend_start                                   # sets vm_pid
    deadline=$((SECONDS + timeout))
    timed_out=0
    while kill -0 "$vm_pid" 2>/dev/null; do
        if [[ $SECONDS -ge $deadline ]]; then timed_out=1; break; fi
        sleep 0.2
    done
    vm_rc=0
    [[ $timed_out -eq 0 ]] || kill -TERM -- "-$vm_pid" 2>/dev/null || true
    wait "$vm_pid" || vm_rc=$?
    kill -KILL -- "-$vm_pid" 2>/dev/null || true    # nothing of the VM outlives us
    for _ in $(seq 50); do kill -0 -- "-$vm_pid" 2>/dev/null || break; sleep 0.1; done
    vm_pid=""
    wait "$out_cat" "$err_cat" 2>/dev/null || true  # all of COMMAND's output is out
}
