# shellcheck shell=bash
# A Debian kernel of Scripts/setup, which sources it in its steps 3 to 7 (it reads setup's
# PLAN, `installed` and the steps functions). Per series it installs, system-wide:
#   - the resolved linux-image-ABI-amd64-unsigned (/boot/vmlinuz-*, /lib/modules/ABI-amd64;
#     it pulls in initramfs-tools and linux-base, but INITRD=No skips the initramfs:
#     virtme-ng builds its own at each boot)
#   - /lib/modules/ABI-amd64/updates/vimc.ko (built here from linux-source-SERIES, debug
#     info stripped; Debian ships no vimc) and a depmod run when it changed
# and, project-local: .build-vm/headers-SERIES/ (kernel headers + kbuild, dpkg-deb -x, not
# installed via dpkg), .build-vm/vimc-SERIES/ (drivers/media/test-drivers/vimc from
# linux-source, and vimc.ko), .build-vm/kernels/SERIES.env (what was installed).

# setup_debian_kernel SERIES: installs what PLAN[SERIES] names and records it.
setup_debian_kernel() {
    local series="$1" record="$VM_KERNEL_RECORDS/$1.env" stamp p role want
    mkdir -p "$VM_KERNEL_RECORDS"
    printf '%s\n' "${PLAN[$series]}" >"$record.plan"
    # shellcheck source=/dev/null
    source "$record.plan"
    DK_HEADERS_ROOT="$VM_DIR/headers-$series"
    DK_HEADERS_BUILD="$DK_HEADERS_ROOT/usr/src/linux-headers-$DK_KVER"
    DK_VIMC_DIR="$VM_DIR/vimc-$series"
    DK_VIMC_INSTALLED="/lib/modules/$DK_KVER/updates/vimc.ko"
    DK_VMLINUZ="/boot/vmlinuz-$DK_KVER"

    begin "kernel image $DK_KVER"
    if installed "$DK_IMAGE_PKG" && [[ -f $DK_VMLINUZ && -f /lib/modules/$DK_KVER/modules.dep ]]; then
        skip "$DK_IMAGE_PKG $(dpkg-query -W -f='${Version}' "$DK_IMAGE_PKG") installed"
    else
        # INITRD=No: initramfs-tools' kernel hook then skips update-initramfs (virtme-ng
        # makes its own initramfs at each boot, so the host one would be unused).
        run env INITRD=No apt-get install -y -q --no-install-recommends "$DK_IMAGE_PKG=$DK_IMAGE_VERSION" \
            || fail "apt-get install $DK_IMAGE_PKG=$DK_IMAGE_VERSION failed"
        [[ -f $DK_VMLINUZ ]] || fail "$DK_VMLINUZ missing after install"
        done_ "$DK_IMAGE_VERSION"
    fi

    begin "kernel headers $DK_KVER (project-local)"
    stamp="$DK_HEADERS_ROOT/.setup-stamp"
    want="$DK_KVER $DK_HEADERS_VERSION $DK_COMMON_VERSION $DK_KBUILD_VERSION"
    if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
        skip "$DK_HEADERS_BUILD present"
    else
        rm -rf "$DK_HEADERS_ROOT"; mkdir -p "$DK_HEADERS_ROOT"
        for role in HEADERS COMMON KBUILD; do
            p="DK_${role}_PKG" want="DK_${role}_VERSION"
            cached_deb "${!p}" "${!want}"
            run dpkg-deb -x "$CACHED_DEB" "$DK_HEADERS_ROOT"
        done
        # The per-flavour Makefile includes /usr/src/linux-headers-*-common/Makefile by
        # absolute path: point it at our copy. (scripts/ and tools/ links are relative.)
        sed -i "s#^include /usr/src/#include $DK_HEADERS_ROOT/usr/src/#" "$DK_HEADERS_BUILD/Makefile"
        grep -q "^include $DK_HEADERS_ROOT/" "$DK_HEADERS_BUILD/Makefile" || fail "headers Makefile not redirected"
        echo "$DK_KVER $DK_HEADERS_VERSION $DK_COMMON_VERSION $DK_KBUILD_VERSION" >"$stamp"
        done_
    fi

    begin "vimc source ($DK_SOURCE_PKG $DK_SOURCE_VERSION)"
    stamp="$DK_VIMC_DIR/.setup-stamp"
    if [[ -f $stamp && $(cat "$stamp") == "$DK_SOURCE_VERSION" ]]; then
        skip "$DK_VIMC_DIR present"
    else
        rm -rf "$DK_VIMC_DIR" "$VM_DIR/src-tmp"
        mkdir -p "$VM_DIR/src-tmp"
        cached_deb "$DK_SOURCE_PKG" "$DK_SOURCE_VERSION"
        # Stream the tarball out of the .deb and keep only the vimc folder.
        echo "+ extract vimc from $CACHED_DEB" >>"$STEPS_LOG"
        dpkg-deb --fsys-tarfile "$CACHED_DEB" \
            | tar -xO "./usr/src/$DK_SOURCE_PKG.tar.xz" \
            | tar -xJ -C "$VM_DIR/src-tmp" --wildcards "$DK_SOURCE_PKG/drivers/media/test-drivers/vimc/*"
        mv "$VM_DIR/src-tmp/$DK_SOURCE_PKG/drivers/media/test-drivers/vimc" "$DK_VIMC_DIR"
        [[ -f $DK_VIMC_DIR/vimc-core.c ]] || fail "no vimc-core.c in $CACHED_DEB"
        rm -rf "$VM_DIR/src-tmp"
        echo "$DK_SOURCE_VERSION" >"$stamp"
        done_
    fi

    begin "build vimc.ko ($DK_KVER)"
    stamp="$DK_VIMC_DIR/.build-stamp"
    want="$DK_KVER $DK_SOURCE_VERSION $DK_KBUILD_VERSION"
    if [[ -f $DK_VIMC_DIR/vimc-install.ko && -f $stamp && $(cat "$stamp") == "$want" ]]; then
        skip "$DK_VIMC_DIR/vimc-install.ko up to date"
    else
        run make -C "$DK_HEADERS_BUILD" M="$DK_VIMC_DIR" CONFIG_VIDEO_VIMC=m -j"$(nproc)" modules \
            || fail "make of vimc.ko against $DK_HEADERS_BUILD failed"
        # Install a copy without debug info (like Debian's modules; vimc.ko keeps it, for
        # decoding an oops in vimc with faddr2line).
        run strip --strip-debug -o "$DK_VIMC_DIR/vimc-install.ko" "$DK_VIMC_DIR/vimc.ko"
        echo "$want" >"$stamp"
        done_
    fi

    begin "install vimc.ko + depmod ($DK_KVER)"
    if cmp -s "$DK_VIMC_DIR/vimc-install.ko" "$DK_VIMC_INSTALLED" \
       && grep -q '^updates/vimc.ko:' "/lib/modules/$DK_KVER/modules.dep"; then
        skip "$DK_VIMC_INSTALLED unchanged"
    else
        run install -D -m 0644 "$DK_VIMC_DIR/vimc-install.ko" "$DK_VIMC_INSTALLED"
        run depmod "$DK_KVER"
        grep -q '^updates/vimc.ko:' "/lib/modules/$DK_KVER/modules.dep" || fail "depmod did not list vimc.ko"
        done_
    fi
    # Only what was installed is recorded: the plan becomes the record.
    mv "$record.plan" "$record"
}
