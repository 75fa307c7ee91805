# shellcheck shell=bash
# The kernels (rows) of Scripts/matrix, which sources it in its kernels step. Reads the
# matrix's BOOT PATCHES MC_V4_GIVEN OUT_DIR STEPS_LOG and its steps functions; sets
# UNAVAILABLE[label] (why a row's kernel could not be made: its cells fail, saying why)
# and BOOT[label] (debian:RELEASE once resolved), and appends each kernel's line to
# $OUT_DIR/kernels.tsv: label, debian or built, how it was made, why it is unavailable.

# shellcheck source=mc-v4.sh
source "$VM_REPO/Scripts/lib/mc-v4.sh"
declare -A UNAVAILABLE=()

# matrix_kernel_record LABEL KIND INFO [WHY]: the kernel's line of kernels.tsv, and a note.
matrix_kernel_record() {
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$OUT_DIR/kernels.tsv"
    note "$1: ${4:-$3}"
}

# matrix_build LABEL NAME: Scripts/kernel/build NAME with the row's patch directories ("cached"
# when built before); its output goes to the log, its cache and fallback lines to the screen.
matrix_build() {
    local k="$1" name="$2" d dirs configs args=("$2") build_out="$OUT_DIR/kernel-build-$2.out"
    IFS=: read -r -a configs <<<"${CONFIGS[$k]:-}"
    for d in "${configs[@]}"; do args+=(--config "$d"); done
    IFS=: read -r -a dirs <<<"${PATCHES[$k]}"
    for d in "${dirs[@]}"; do
        [[ -z $d ]] && continue
        [[ -d $d ]] || fail "$k: no patch directory $d"
        args+=(--patches "$d")
    done
    note "$k: Scripts/kernel/build ${args[*]}"
    if ! Scripts/kernel/build "${args[@]}" >"$build_out" 2>&1; then
        cat "$build_out" >>"$STEPS_LOG"
        fail "Scripts/kernel/build ${args[*]} failed (see $VM_KERNEL_DIR/build-$name.log)"
    fi
    cat "$build_out" >>"$STEPS_LOG"
    grep -E ': cached|FALLBACK|: built in' "$build_out" | sed 's/^kernel\/build: */    /' || true
}

# matrix_kernel LABEL: makes or finds the row's kernel and records it.
matrix_kernel() {
    local k="$1" boot="${BOOT[$1]}" name series_from="" info fallbacks npatches rel abi
    case "$boot" in
        build:*)
            name="${boot#build:}"
            if [[ ${PATCHES[$k]:-} == mc-v4 ]]; then
                if ! mc_v4_find "$MC_V4_GIVEN"; then
                    UNAVAILABLE[$k]="$MC_V4_ERROR"
                    matrix_kernel_record "$k" built "" "$MC_V4_ERROR"
                    return 0
                fi
                series_from="; v4 series from $MC_V4_FROM"
                PATCHES[$k]="$MC_V4_OURS/pre:$MC_V4_DIR:$MC_V4_OURS/post"
            fi
            [[ -z ${PATCHES[$k]+set} ]] || matrix_build "$k" "$name"
            info="$VM_KERNEL_IMAGES/$name/build-info"
            [[ -f $info ]] || fail "$k: no kernel '$name' (Scripts/kernel/build $name)"
            fallbacks="$(awk '$1 == "patch" && $2 == "patch-F3" { printf "%s%s", sep, $3; sep=", " }' "$info")"
            npatches="$(grep -c '^patch ' "$info" || true)"
            matrix_kernel_record "$k" built "$(sed -n 's/^release //p' "$info"); $(sed -n 's/^source //p' "$info"), tinyconfig + $(awk '$1 == "fragment" { sub(/.*\//, "", $2); if ($2 != "initramfs.config") printf "%s%s", sep, $2; sep=" + " }' "$info"), ${npatches} patches${fallbacks:+ (patch -F3: $fallbacks)}${series_from}; key $(sed -n 's/^key //p' "$info")" ;;
        series:*)
            vm_debian_kernel "${boot#series:}" || fail "$k: Scripts/setup recorded no Debian ${boot#series:} kernel"
            rel="$DK_KVER"
            BOOT[$k]="debian:$rel"
            [[ -f /boot/vmlinuz-$rel && -f /lib/modules/$rel/updates/vimc.ko ]] || fail "$k: $rel or its vimc.ko missing (Scripts/setup)"
            abi="preferred ABI"; [[ $DK_PINNED == yes ]] || abi="newest served ABI: the preferred ${VM_PREFERRED_ABI[$DK_SERIES]} was not available"
            matrix_kernel_record "$k" debian "$rel ($abi); $DK_IMAGE_PKG $DK_IMAGE_VERSION, vimc.ko built out of tree from $DK_SOURCE_PKG $DK_SOURCE_VERSION with $DK_KBUILD_PKG $DK_KBUILD_VERSION" ;;
        image-release:*)
            rel="${boot#image-release:}"
            BOOT[$k]="debian:$rel"
            matrix_kernel_record "$k" debian "$rel; $(dpkg-query -W -f='${Package} ${Version}' "linux-image-$rel-unsigned" 2>/dev/null || echo "/boot/vmlinuz-$rel")" ;;
        image:*)
            matrix_kernel_record "$k" built "$(vm_bzimage_release "${boot#image:}" || echo '?'); ${boot#image:}" ;;
    esac
}
