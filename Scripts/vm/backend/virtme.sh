# Scripts/vm/backend/virtme.sh: the virtme-ng boot of Scripts/vm/run, which sources it
# and calls backend_check, backend_prepare COMMAND..., backend_start and backend_status
# (see Scripts/vm/run). The guest shares the host root file system read-only (/etc,
# /usr, /opt, /tmp, /var are throw-away overlays, so /opt/swift is there), the
# repository root read-write, and the host's /lib/modules (so `modprobe vimc` uses the
# vimc.ko Scripts/setup installed). udevd runs in the guest: virtme-ng starts the host's
# systemd-udevd (/run/udev/data is filled; vng itself needs it for its stdout and exit
# status channels). The guest script writes COMMAND's status to a file on the shared
# repository, so the host knows COMMAND really ran (and its status) whatever vng does.

# Emulated hardware the tests do not use: udev's coldplug would load its drivers (~10 s).
VIRTME_BLACKLIST="ahci,sr_mod,sg,kvm,kvm_amd,kvm_intel,ccp,i2c_i801,lpc_ich,iTCO_wdt,i6300esb,pcspkr,psmouse,serio_raw,evdev,button,aesni_intel,ghash_clmulni_intel,crc32_pclmul,crct10dif_pclmul,sha1_ssse3,sha256_ssse3,sha512_ssse3,intel_pmc_bxt,qemu_fw_cfg,powernow_k8"
BACKEND_PROGRAM=vng
BACKEND_LOGS=".build-vm/last-console.log"

backend_check() {
    [[ ${#adds[@]} -eq 0 ]] || echo "vm/run: note: --add is for the initramfs route; virtme-ng shares the host's files" >&2
    [[ -x $VM_VNG ]] || need_setup "no $VM_VNG"
    command -v qemu-system-x86_64 >/dev/null || need_setup "no qemu-system-x86_64"
    if [[ $kernel == "$VM_KVER" && " $modules " == *" vimc "* && ! -f $VM_VIMC_INSTALLED ]]; then
        need_setup "no $VM_VIMC_INSTALLED"
    fi
}

# The guest script: load the modules, wait for their media devices, run COMMAND.
backend_prepare() {
    guest_script="$RUN_DIR/guest-$id.sh"
    cleanup_files+=("$guest_script")
    {
        echo '#!/bin/bash'
        echo 'set -u'
        printf 'status_file=%q\nrepo=%q\nmodules=%q\nvivid_devs=%q\n' \
            "$status_file" "$VM_REPO" "$modules" "$vivid_devs"
        cat "$VM_BACKENDS/guest.sh"
        guest_run_command "$@"
        cat <<'GUEST'
fail() { echo "vm/run: guest: $*" >&2; echo "setup-failed" >"$status_file"; sync; exit 126; }
export MEDIACTL_VM=1 MEDIACTL_KERNEL="$(uname -r)" HOME=/root
export PATH="/opt/swift/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Load the modules (in order: vimc first gives it /dev/media0, vivid the next ones).
for m in $modules; do
    args=()
    [[ $m == vivid ]] && args=("n_devs=$vivid_devs")
    if [[ $m == \?* ]]; then   # optional: where the kernel has it
        modprobe "${m#\?}" 2>/dev/null || echo "vm/run: guest: note: no ${m#\?} in this kernel, going on without it" >&2
        continue
    fi
    out="$(modprobe "$m" "${args[@]}" 2>&1)" || fail "modprobe $m failed: $out"
done
media_wait "$modules"
# Let udev finish with the new devices (/run/udev/data), when udevd runs.
[[ -S /run/udev/control ]] && udevadm settle --timeout=30
cd "$repo" || fail "cannot cd to $repo"
run_command
rc=$?
echo "$rc" >"$status_file"; sync
exit "$rc"
GUEST
    } >"$guest_script"
    chmod 0755 "$guest_script"
}

backend_start() {
    # virtme-ng finds its helpers (virtme-run) on PATH.
    local qemu_opts="-device virtio-serial-pci,id=vmlogbus -device virtconsole,bus=vmlogbus.0,chardev=vmlog"
    qemu_opts+=" -chardev file,id=vmlog,path=$console_log"
    local vng_args=(-r "$vmlinuz" --disable-kvm --force-9p --cpus "$cpus" --memory "$memory"
                    --user root --rwdir="$VM_REPO" --cwd "$VM_REPO"
                    --append "$VM_DEBUG_APPEND console=hvc0 modprobe.blacklist=$VIRTME_BLACKLIST${append:+ $append}"
                    --qemu-opts="$qemu_opts" --exec "$guest_script")
    # QEMU re-opens /proc/self/fd/1 and 2 with O_TRUNC: handed a regular file (vm/run >log),
    # it would wipe what the file held. So vng writes into the pipes.
    PATH="$VM_VENV/bin:$PATH" setsid "$VM_VNG" "${vng_args[@]}" </dev/null >"$out_fifo" 2>"$err_fifo" &
    vm_pid=$!
}

# backend_status VNG_EXIT: COMMAND's exit status, or setup-failed, or nothing.
backend_status() {
    local status
    status="$(cat "$status_file" 2>/dev/null || true)"
    if [[ $status =~ ^[0-9]+$ && $status -ne $1 ]]; then
        echo "vm/run: note: vng exited $1, COMMAND $status" >&2
    fi
    echo "$status"
}
