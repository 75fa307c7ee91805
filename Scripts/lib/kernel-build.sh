# shellcheck shell=bash
# The steps of Scripts/kernel/build, which sources it after lib/steps.sh and reads its
# variables (SRC OBJ SOURCE_PKG SOURCE_VERSION STEPS_LOG, the options, key and release).
# Steps: the source tree (extracted once from the cached linux-source .deb into
# the kernel tree (~/.cache/mediactl/tree/src), a throwaway git repository with the pristine tree as tag `base`);
# the patches (reset to `base`, then `git am` each patch; a patch git am refuses is
# applied with `patch -p1 -F3` after a dry run and reported as a FALLBACK; one that
# neither applies ends the build); the configuration (tinyconfig, the fragments with
# scripts/kconfig/merge_config.sh, olddefconfig; every fragment line that did not
# stick ends the build, and so does a missing option the initramfs boot and the stress
# command need); `make bzImage` out of tree in the tree's obj, shared by all builds and clones,
# so a second kernel recompiles only what its patches and options change.

# Options without which Scripts/vm/run (initramfs route) cannot boot it or the stress command
# cannot park an ioctl (vimc may also be a module for kernels you boot with modules).
REQUIRED=(CONFIG_BLK_DEV_INITRD=y CONFIG_DEVTMPFS=y CONFIG_SERIAL_8250_CONSOLE=y
          CONFIG_USERFAULTFD=y CONFIG_MEDIA_CONTROLLER=y CONFIG_VIDEO_V4L2_SUBDEV_API=y
          CONFIG_VIDEO_VIMC=y)

# kernel_tree_init: the extracted tree in $SRC as a throwaway git repository, the pristine
# tree tagged `base`.
kernel_tree_init() {
    note "git repository (tag base = the pristine tree)"
    run git -C "$SRC" init -q
    run git -C "$SRC" config core.autocrlf false
    run git -C "$SRC" config gc.auto 0
    run git -C "$SRC" config core.looseCompression 1
    run git -C "$SRC" config user.name "Scripts/kernel/build"
    run git -C "$SRC" config user.email "kernel-build@localhost"
    run git -C "$SRC" add -A -f .
    run git -C "$SRC" commit -q -m "$SOURCE_PKG $SOURCE_VERSION"
    run git -C "$SRC" tag base
}

# kernel_tree_patch PATCH...: resets the tree to `base` and applies each patch with git am,
# or, when git am refuses it, with patch -p1 -F3 after a dry run (a FALLBACK, said); one
# that neither applies ends the build. Sets applied ("git-am|patch-F3 DIR/FILE" each) and
# fallbacks.
kernel_tree_patch() {
    [[ -d $SRC/.git/rebase-apply ]] && run git -C "$SRC" am --abort
    run git -C "$SRC" reset -q --hard base
    run git -C "$SRC" clean -fdxq
    applied=() fallbacks=()
    for p in "$@"; do
        short="${p#"$(dirname "$(dirname "$p")")"/}"       # series/05.patch
        if run git -C "$SRC" am -q "$p"; then
            applied+=("git-am $short")
            continue
        fi
        run git -C "$SRC" am --abort
        if run patch -d "$SRC" -p1 -F3 --dry-run --no-backup-if-mismatch -i "$p" \
           && run patch -d "$SRC" -p1 -F3 --no-backup-if-mismatch -i "$p"; then
            subject="$(sed -n 's/^Subject: //p' "$p" | head -n 1)"
            run git -C "$SRC" add -A -f .
            run git -C "$SRC" commit -q -m "${subject:-$short} (applied with patch -p1 -F3)"
            applied+=("patch-F3 $short")
            fallbacks+=("$short")
            note "FALLBACK: $short: git am refused it (context differs); applied with patch -p1 -F3"
            continue
        fi
        fail "$p applies neither with git am nor with patch -p1 -F3 (see $STEPS_LOG)"
    done
}

# kernel_config_check FRAGMENT...: every line of the fragments is in $OBJ/.config, and so
# is every REQUIRED option; ends the build otherwise.
config_value() { # CONFIG_X -> its value in .config, "n" when not set
    local line
    line="$(grep -E "^$1=|^# $1 is not set" "$OBJ/.config" | head -n 1 || true)"
    if [[ $line == "$1="* ]]; then echo "${line#*=}"; else echo n; fi
}

kernel_config_check() {
    # Every fragment line that did not stick (a dependency missing, or not settable).
    mismatches=()
    while IFS= read -r line; do
        if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
            opt="${BASH_REMATCH[1]}" want="${BASH_REMATCH[2]}"
        elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then
            opt="${BASH_REMATCH[1]}" want=n
        else
            continue
        fi
        got="$(config_value "$opt")"
        [[ $got == "$want" ]] || mismatches+=("$opt=$want (got $got)")
    done < <(cat "$@")
    for r in "${REQUIRED[@]}"; do
        got="$(config_value "${r%%=*}")"
        [[ $got == "${r#*=}" ]] || fail "${r%%=*} is '$got' after olddefconfig, needs '${r#*=}' (a dependency missing from the fragment?)"
    done
    # olddefconfig drops an option whose dependencies are unmet without a word: every line a
    # fragment asks for must be in the final .config, or there is no kernel.
    for m in "${mismatches[@]}"; do note "fragment line not in the final .config: $m"; done
    [[ ${#mismatches[@]} -eq 0 ]] \
        || fail "${#mismatches[@]} fragment line(s) not in the final .config ($OBJ/.config): ${mismatches[*]}; add the missing dependency to the fragment, or drop the line"
    done_ "every fragment line is in the final .config"
}

# kernel_store: the image, its configuration, System.map, build-info (what went in, how
# each patch applied, timings) and the log into the cache directory $out.
kernel_store() {
    rm -rf "$out.tmp"; mkdir -p "$out.tmp"
    cp "$OBJ/arch/x86/boot/bzImage" "$OBJ/.config" "$OBJ/System.map" "$out.tmp/"
    mv "$out.tmp/.config" "$out.tmp/config"
    if [[ $modules == yes ]]; then
        cp -a "$OBJ/modules-root" "$out.tmp/modules"
        rm -f "$out.tmp"/modules/lib/modules/*/build    # a link into this machine's object directory
    fi
    {
        echo "name $name"
        echo "key $key"
        echo "release $release"
        echo "source $SOURCE_PKG $SOURCE_VERSION"
        echo "compiler $gcc_version"
        for f in "${fragments[@]}"; do echo "fragment ${f#"$VM_REPO"/} $(sha256sum "$f" | cut -c1-16)"; done
        for d in "${patch_dirs[@]}"; do echo "patch-dir $d"; done
        for a in "${applied[@]}"; do echo "patch $a"; done
        echo "modules $modules"
        echo "build-seconds $build_seconds"
        echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$out.tmp/build-info"
    cp "$STEPS_LOG" "$out.tmp/build.log"
    rm -rf "$out"; mv "$out.tmp" "$out"
}
