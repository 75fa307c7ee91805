# shellcheck shell=bash
# The inputs and outputs of Debian kernel resolution (Scripts/lib/debian-kernels.sh, which
# must be sourced first): the snapshot of what the archive serves, taken live, and the
# resolved plan as setup prints it (--check) and records it. Source it, do not run it.
#
# A snapshot is a folder with what resolution reads, the same whether recorded live
# (dk_snapshot) or kept as a test fixture:
#   pkgnames   `apt-cache pkgnames linux-image-SERIES.` for each series
#   madison    `apt-cache madison` of every candidate package (image, headers, common,
#              kbuild of each ABI; linux-kbuild-SERIES; linux-source-SERIES)
#   installed  "PACKAGE VERSION" of each candidate installed here (dpkg-query)
#   cached     the file names of the .deb files in the deb cache

# dk_plan_lines: the resolved plan, one package a line (package, wanted, served, state).
dk_plan_lines() {
    local role
    for role in image headers common kbuild source; do
        printf '  %-44s %-20s %-20s %s\n' "${DK_R_PKG[$role]}" "${DK_R_WANT[$role]}" "${DK_R_SERVED[$role]}" "${DK_R_STATE[$role]}"
    done
}

# dk_record FILE: the resolved plan as shell assignments (.build-vm/kernels/SERIES.env),
# read back by vm_debian_kernel in vm-common.sh.
dk_record() {
    {
        echo "# Resolved by Scripts/setup on $(date -u +%Y-%m-%dT%H:%M:%SZ) from what the archive served."
        printf 'DK_SERIES=%q\nDK_ABI=%q\nDK_KVER=%q\nDK_PINNED=%q\n' "$DK_R_SERIES" "$DK_R_ABI" "$DK_R_KVER" "$DK_R_PINNED"
        local role
        for role in image headers common kbuild source; do
            printf 'DK_%s_PKG=%q\nDK_%s_VERSION=%q\n' "${role^^}" "${DK_R_PKG[$role]}" "${role^^}" "${DK_R_WANT[$role]}"
        done
    } >"$1"
}

# dk_snapshot DIR DEB_CACHE SERIES...: record what the archive serves now and what is
# here (apt-cache, dpkg-query, the deb cache) into DIR, for dk_resolve.
dk_snapshot() {
    local dir="$1" cache="$2" series abi pkgs=()
    shift 2
    mkdir -p "$dir"
    : >"$dir/pkgnames"
    for series in "$@"; do apt-cache pkgnames "linux-image-$series." >>"$dir/pkgnames" 2>/dev/null || true; done
    for series in "$@"; do
        pkgs+=("linux-kbuild-$series" "linux-source-$series")
        while read -r abi; do
            pkgs+=("$(dk_image_pkg "$abi")" "$(dk_headers_pkg "$abi")" "$(dk_common_pkg "$abi")" "linux-kbuild-$abi")
        done < <(dk_abis "$dir" "$series")
    done
    apt-cache madison "${pkgs[@]}" >"$dir/madison" 2>/dev/null || true
    dpkg-query -W -f='${Package} ${Status} ${Version}\n' "${pkgs[@]}" 2>/dev/null \
        | awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1, $5 }' >"$dir/installed" || true
    if [[ -d $cache ]]; then (cd "$cache" && ls -1 -- *.deb 2>/dev/null) >"$dir/cached" || true; else : >"$dir/cached"; fi
}
