# Scripts/vm/backend/initramfs.sh: the initramfs boot of Scripts/vm/run, which sources it
# and calls backend_check, backend_prepare COMMAND..., backend_start and backend_status
# (see Scripts/vm/run). For kernels without virtio/9p: QEMU/TCG boots the bzImage with
# an initramfs as its root file system (what it holds: Scripts/vm/run --help).
#
# The packed part (busybox, COMMAND's program, --add files, their libraries, modules) is
# cached in .build-vm/initramfs by the packed files' paths, sizes and times; a small
# per-run part adds /init and /etc/vm-run.conf. Serial ports: ttyS0 is the kernel
# console, ttyS1 and ttyS2 COMMAND's stdout and stderr, ttyS3 the guest's status lines
# (booted, started, exit N, setup-failed).

BUSYBOX=/bin/busybox                    # Debian's busybox-static
BACKEND_PROGRAM=qemu

backend_check() {
    command -v qemu-system-x86_64 >/dev/null || boot_fail "no qemu-system-x86_64: run Scripts/setup"
    [[ -x $BUSYBOX ]] || boot_fail "no $BUSYBOX (busybox-static): run Scripts/setup"
    release="$(vm_bzimage_release "$vmlinuz")" || boot_fail "$vmlinuz is not an x86 bzImage"
    BACKEND_LOGS=".build-vm/last-console.log and $RUN_DIR/qemu-$id.log"
}

# What to pack: absolute host paths, packed at the same path.
initramfs_files() {
    files=()
    local f program="$1" host_program
    for f in "${adds[@]}"; do add_host_file "$f"; done
    # mediactl stress opens libz.so.1 with dlopen (ldd does not list it) to read /proc/config.gz.
    for f in /lib/x86_64-linux-gnu/libz.so.1; do [[ -f $f ]] && add_host_file "$f"; done
    if [[ $program == */* ]]; then
        # relative paths are relative to the repository root, where COMMAND runs
        if [[ $program == /* && -f $program ]] || [[ $program != /* && -f $VM_REPO/$program ]]; then
            add_host_file "$program"
        fi
    elif ! "$BUSYBOX" --list | grep -qx -- "$program"; then
        if host_program="$(command -v -- "$program" 2>/dev/null)" && [[ $host_program == /* ]]; then
            add_host_file "$host_program"
        fi
    fi
    # Loadable drivers: when DIR/lib/modules/RELEASE exists, each module's insmod chain
    # as "name path1 path2 ..." (dependencies first).
    module_lists=()
    local m chain
    if [[ -d $mod_path/lib/modules/$release ]]; then
        for m in ${modules//\?/}; do
            chain="$(modprobe -d "$mod_path" -S "$release" --show-depends "$m" 2>/dev/null | awk '$1 == "insmod" { print $2 }' | tr '\n' ' ')" || true
            [[ -n $chain ]] && module_lists+=("$m $chain")
        done
    fi
    return 0
}
add_host_file() {
    local path="$1"
    [[ $path == /* ]] || path="$VM_REPO/$path"
    [[ -f $path ]] || die_usage "no file '$1' to pack"
    files+=("$(realpath -s "$path")")
}

# pack_file PATH: a file with its shared libraries into $stage, each at its host path.
pack_file() {
    local src="$1" dst="$stage$1" lib
    [[ -e $dst ]] && return 0
    mkdir -p "$(dirname "$dst")"
    cp -L "$src" "$dst"
    if head -c 4 "$src" | grep -q 'ELF'; then
        [[ -x $src && $src != *.so* ]] && strip "$dst" 2>/dev/null || true
        for lib in $(ldd "$src" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }'); do
            pack_file "$lib"
        done
    fi
}

# pack_modules: the modules, decompressed (busybox insmod takes plain .ko files), with
# a load list per module in /lib/modules-load.
pack_modules() {
    local entry m chain ko plain list
    for entry in "${module_lists[@]}"; do
        read -r m chain <<<"$entry"
        list=()
        for ko in $chain; do
            plain="${ko#"${mod_path%/}"}"; plain="${plain%.xz}"; plain="${plain%.zst}"; plain="${plain%.gz}"
            mkdir -p "$stage$(dirname "$plain")"
            case "$ko" in
                *.xz) xz -dc "$ko" >"$stage$plain" ;;
                *.zst) zstd -qdc "$ko" >"$stage$plain" ;;
                *.gz) gzip -dc "$ko" >"$stage$plain" ;;
                *) cp "$ko" "$stage$plain" ;;
            esac
            list+=("$plain")
        done
        printf '%s\n' "${list[@]}" >"$stage/lib/modules-load/$m"
    done
}

# The packed part, cached by what goes in (paths, sizes, times): sets base_cpio.
initramfs_base() {
    local cache_dir="$VM_DIR/initramfs" f
    mkdir -p "$cache_dir"
    base_cpio="$cache_dir/$({
        echo "busybox $(stat -Lc '%s %Y' "$BUSYBOX")"
        for f in "${files[@]}"; do echo "file $f $(stat -Lc '%s %Y' "$f")"; done
        # each module file's size and time too: a module rebuilt for the same release
        # (Scripts/kernel/modules/build) must not boot the cached old one
        for f in "${module_lists[@]}"; do echo "modules $release $f"; stat -Lc '%n %s %Y' ${f#* }; done
    } | sha256sum | cut -c1-16).cpio"
    [[ -f $base_cpio ]] && return 0
    stage="$(mktemp -d "$cache_dir/stage.XXXXXX")"
    cleanup_dirs+=("$stage")
    mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,root,etc,lib/modules-load}
    cp "$BUSYBOX" "$stage/bin/busybox"
    for f in "${files[@]}"; do pack_file "$f"; done
    pack_modules
    (cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet >"$base_cpio.tmp")
    mv "$base_cpio.tmp" "$base_cpio"
    rm -rf "$stage"
    # keep the 8 newest
    ls -1t "$cache_dir"/*.cpio 2>/dev/null | tail -n +9 | xargs -r rm -f
}

backend_prepare() {
    initramfs_files "$1"
    initramfs_base
    # The per-run part: /init and its settings.
    local run_stage="$RUN_DIR/init-$id"
    initrd="$RUN_DIR/initrd-$id.cpio"
    cleanup_files+=("$initrd")
    rm -rf "$run_stage"
    mkdir -p "$run_stage/etc"
    {
        printf 'repo=%q\nmodules=%q\nmodules_given=%q\nvivid_devs=%q\n' "$VM_REPO" "$modules" "$modules_given" "$vivid_devs"
        guest_run_command "$@"
    } >"$run_stage/etc/vm-run.conf"
    {
        echo '#!/bin/busybox sh'
        cat "$VM_BACKENDS/guest.sh" "$VM_BACKENDS/initramfs-init.sh"
    } >"$run_stage/init"
    chmod 0755 "$run_stage/init"
    (cd "$run_stage" && find . -mindepth 1 | cpio -o -H newc --quiet >"$RUN_DIR/init-$id.cpio")
    cat "$base_cpio" "$RUN_DIR/init-$id.cpio" >"$initrd"
    rm -rf "$run_stage" "$RUN_DIR/init-$id.cpio"
}

backend_start() {
    local qemu_args=(-machine pc -accel tcg -cpu max -smp "$cpus" -m "$memory"
                     -nodefaults -display none -no-reboot
                     -kernel "$vmlinuz" -initrd "$initrd"
                     -append "console=ttyS0 $VM_DEBUG_APPEND panic=-1 vivid.n_devs=$vivid_devs${append:+ $append}"
                     -chardev "file,id=s0,path=$console_log" -serial chardev:s0
                     -chardev "file,id=s1,path=$out_fifo" -serial chardev:s1
                     -chardev "file,id=s2,path=$err_fifo" -serial chardev:s2
                     -chardev "file,id=s3,path=$status_file" -serial chardev:s3)
    setsid qemu-system-x86_64 "${qemu_args[@]}" </dev/null >>"$RUN_DIR/qemu-$id.log" 2>&1 &
    vm_pid=$!
}

# backend_status QEMU_EXIT: COMMAND's exit status, or setup-failed, or nothing.
backend_status() {
    local status started exit_line
    status="$(tr -d '\r' <"$status_file" 2>/dev/null || true)"
    started="$(sed -n 's/^started //p' <<<"$status" | head -n 1)"
    exit_line="$(sed -n 's/^exit //p' <<<"$status" | head -n 1)"
    echo "vm/run: initramfs boot of $release: COMMAND started at ${started:-?} s guest uptime, wall time $elapsed s" >&2
    if [[ -n $exit_line ]]; then
        rm -f "$RUN_DIR/qemu-$id.log"
        echo "${exit_line%% *}"
    elif grep -q '^setup-failed' <<<"$status"; then
        echo setup-failed
    fi
}
