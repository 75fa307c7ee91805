# Debian kernels by series: which packages to take from what the archive serves now.
# Source it, do not run it. Used by Scripts/setup (install, --check), tested on recorded
# apt-cache outputs by Tests/ScriptTests (DebianKernelResolutionTests). What setup records
# and prints of a resolution, and the live snapshot: Scripts/lib/debian-snapshot.sh.
#
# The project depends on a kernel *series* (6.12, 6.1). The ABI (6.12.117+deb12,
# 6.1.0-56) and the package revisions are what resolution finds; setup records them in
# .build-vm/kernels/SERIES.env. Rules:
#   - the preferred ABI (the one the matrix expectations were verified on) is taken while
#     the archive serves its image, headers and headers-common and a kbuild and a source
#     of the same upstream version; otherwise the newest such ABI of the series is taken,
#     and resolution says so in one line (DK_R_NOTE);
#   - kbuild, headers and source revisions may differ from the image's when the upstream
#     version (6.1.192 of 6.1.192-3) is the same: the newest served is taken, or the
#     image's own revision where that is served (headers, source);
#   - what is already here is kept: an installed image of the chosen ABI (any revision),
#     a cached .deb of the same upstream version (no second download);
#   - no usable ABI: resolution fails with one line naming the series and what the
#     archive offers (DK_R_ERROR).
#
# A snapshot is a folder with what resolution reads (Scripts/lib/debian-snapshot.sh).

# Candidate package names of one ABI.
dk_image_pkg() { echo "linux-image-$1-amd64-unsigned"; }
dk_headers_pkg() { echo "linux-headers-$1-amd64"; }
dk_common_pkg() { echo "linux-headers-$1-common"; }

# dk_abis SNAPSHOT SERIES: the ABIs of the series the archive names (served or not),
# oldest first. 6.12.117+deb12 (backports style) or 6.1.0-56 (stable style); the rt and
# cloud flavours are not ours.
dk_abis() {
    local series_re="${2//./\\.}"
    sed -n 's/^linux-image-\(.*\)-amd64-unsigned$/\1/p' "$1/pkgnames" \
        | grep -E "^${series_re}\.[0-9]+(-[0-9]+|\+deb[0-9]+)$" | sort -V -u || true
}

# dk_served SNAPSHOT PACKAGE: the versions the archive serves (binary packages), one a line.
dk_served() {
    awk -F'|' -v p="$2" '{ name = $1; gsub(/ /, "", name) }
        name == p && $3 ~ /Packages/ { v = $2; gsub(/ /, "", v); print v }' "$1/madison"
}

# dk_upstream VERSION: 6.12.117 of 6.12.117-1~deb12u1 (no epoch, no Debian revision).
dk_upstream() { local v="${1#*:}"; echo "${v%-*}"; }

# dk_newest VERSION...: the newest by Debian's ordering (dpkg --compare-versions).
dk_newest() {
    local best="" v
    for v in "$@"; do
        if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$best"; then best="$v"; fi
    done
    echo "$best"
}

# dk_pick SNAPSHOT PACKAGE UPSTREAM [PREFERRED]: the served version of the package with
# that upstream version: PREFERRED when served, else the newest. Empty when none.
dk_pick() {
    local v picked=()
    while read -r v; do
        [[ -n $v && $(dk_upstream "$v") == "$3" ]] || continue
        [[ -n ${4:-} && $v == "$4" ]] && { echo "$v"; return 0; }
        picked+=("$v")
    done < <(dk_served "$1" "$2")
    [[ ${#picked[@]} -eq 0 ]] || dk_newest "${picked[@]}"
}

# dk_installed SNAPSHOT PACKAGE: the installed version, or nothing.
dk_installed() { awk -v p="$2" '$1 == p { print $2; exit }' "$1/installed" 2>/dev/null || true; }

# dk_cached SNAPSHOT PACKAGE UPSTREAM [PREFERRED]: the version of a cached .deb of the
# package with that upstream version (PREFERRED first, else the newest), or nothing.
dk_cached() {
    local f v picked=()
    while read -r f; do
        [[ $f == "$2"_*_*.deb ]] || continue
        v="${f#"$2"_}"; v="${v%_*.deb}"; v="${v//%3a/:}"
        [[ $(dk_upstream "$v") == "$3" ]] || continue
        [[ -n ${4:-} && $v == "$4" ]] && { echo "$v"; return 0; }
        picked+=("$v")
    done <"$1/cached"
    [[ ${#picked[@]} -eq 0 ]] || dk_newest "${picked[@]}"
}

# dk_resolve_abi SNAPSHOT SERIES ABI: whether the archive serves everything this ABI
# needs. Sets DK_R_PKG[role], DK_R_SERVED[role] (roles: image headers common kbuild
# source) or returns 1 with DK_R_WHY (what is missing).
dk_resolve_abi() {
    local snap="$1" series="$2" abi="$3" image_ver up kbuild
    DK_R_WHY=""
    DK_R_PKG=([image]="$(dk_image_pkg "$abi")" [headers]="$(dk_headers_pkg "$abi")"
              [common]="$(dk_common_pkg "$abi")" [source]="linux-source-$series")
    DK_R_SERVED=()
    image_ver="$(dk_newest $(dk_served "$snap" "${DK_R_PKG[image]}"))"
    [[ -n $image_ver ]] || { DK_R_WHY="${DK_R_PKG[image]} is not served"; return 1; }
    DK_R_SERVED[image]="$image_ver"
    up="$(dk_upstream "$image_ver")"
    # kbuild: per ABI (linux-kbuild-6.12.117+deb12) where the archive has that, else per
    # series (linux-kbuild-6.1), whose name carries no ABI and so keeps only its newest.
    kbuild="linux-kbuild-$abi"
    [[ -n $(dk_served "$snap" "$kbuild") ]] || kbuild="linux-kbuild-$series"
    DK_R_PKG[kbuild]="$kbuild"
    DK_R_SERVED[headers]="$(dk_pick "$snap" "${DK_R_PKG[headers]}" "$up" "$image_ver")"
    DK_R_SERVED[common]="$(dk_pick "$snap" "${DK_R_PKG[common]}" "$up" "$image_ver")"
    DK_R_SERVED[kbuild]="$(dk_pick "$snap" "$kbuild" "$up" "$image_ver")"
    DK_R_SERVED[source]="$(dk_pick "$snap" "${DK_R_PKG[source]}" "$up" "$image_ver")"
    local role missing=()
    for role in headers common kbuild source; do
        [[ -n ${DK_R_SERVED[$role]} ]] || missing+=("${DK_R_PKG[$role]} $up")
    done
    if [[ ${#missing[@]} -gt 0 ]]; then
        local IFS=,
        DK_R_WHY="no ${missing[*]}"; DK_R_WHY="${DK_R_WHY//,/, }"
        return 1
    fi
}

# dk_resolve SNAPSHOT SERIES PREFERRED_ABI: the plan for one series. Sets
#   DK_R_SERIES DK_R_ABI DK_R_KVER DK_R_PINNED (yes: the preferred ABI; no: it moved)
#   DK_R_NOTE   one line when the preferred ABI could not be taken, else empty
#   DK_R_PKG[role] DK_R_SERVED[role] DK_R_WANT[role] DK_R_STATE[role], roles
#   image headers common kbuild source; STATE: installed, to install, cached, to fetch
# or returns 1 with DK_R_ERROR, one line.
declare -A DK_R_PKG=() DK_R_SERVED=() DK_R_WANT=() DK_R_STATE=()
dk_resolve() {
    local snap="$1" series="$2" preferred="$3" abi chosen="" pref_why="" up v role
    DK_R_SERIES="$series" DK_R_ABI="" DK_R_KVER="" DK_R_PINNED="" DK_R_NOTE="" DK_R_ERROR=""
    DK_R_WANT=() DK_R_STATE=()
    local abis=() usable=() tried=()
    mapfile -t abis < <(dk_abis "$snap" "$series")
    for abi in "${abis[@]}"; do
        if dk_resolve_abi "$snap" "$series" "$abi"; then usable+=("$abi")
        elif [[ -n $(dk_served "$snap" "$(dk_image_pkg "$abi")") ]]; then tried+=("$abi: $DK_R_WHY")
        fi
        if [[ $abi == "$preferred" && -n $DK_R_WHY && $DK_R_WHY != *" is not served" ]]; then
            pref_why="incomplete: $DK_R_WHY"
        fi
    done
    if [[ ${#usable[@]} -eq 0 ]]; then
        local offered
        offered="$(for abi in "${abis[@]}"; do if [[ -n $(dk_served "$snap" "$(dk_image_pkg "$abi")") ]]; then echo "$abi"; fi; done | paste -sd' ' -)"
        if [[ -n $offered ]]; then offered="linux-image-{${offered// /,}}-amd64-unsigned"
        else offered="no linux-image-$series.*-amd64-unsigned package"; fi
        DK_R_ERROR="no Debian $series kernel can be set up: apt-cache offers $offered"
        [[ ${#tried[@]} -eq 0 ]] || DK_R_ERROR+=" ($(printf '%s; ' "${tried[@]}" | sed 's/; $//'))"
        DK_R_ERROR+="; run apt-get update, or check the archive still has the $series series"
        return 1
    fi
    for abi in "${usable[@]}"; do [[ $abi == "$preferred" ]] && chosen="$abi"; done
    if [[ -n $chosen ]]; then
        DK_R_PINNED=yes
    else
        chosen="${usable[-1]}"     # newest (dk_abis sorts oldest first)
        DK_R_PINNED=no
        pref_why="${pref_why:-no longer served}"
        DK_R_NOTE="$series: preferred ABI $preferred is $pref_why; taking the newest served, $chosen"
    fi
    dk_resolve_abi "$snap" "$series" "$chosen"
    DK_R_ABI="$chosen" DK_R_KVER="$chosen-amd64"
    DK_R_NOTE="${DK_R_NOTE:+$DK_R_NOTE (${DK_R_SERVED[image]})}"
    up="$(dk_upstream "${DK_R_SERVED[image]}")"
    # What is here already is kept: the installed image of this ABI, cached .debs of
    # the same upstream version.
    v="$(dk_installed "$snap" "${DK_R_PKG[image]}")"
    if [[ -n $v ]]; then DK_R_WANT[image]="$v" DK_R_STATE[image]="installed"
    else DK_R_WANT[image]="${DK_R_SERVED[image]}" DK_R_STATE[image]="to install"; fi
    for role in headers common kbuild source; do
        v="$(dk_cached "$snap" "${DK_R_PKG[$role]}" "$up" "${DK_R_SERVED[$role]}")"
        if [[ -n $v ]]; then DK_R_WANT[$role]="$v" DK_R_STATE[$role]="cached"
        else DK_R_WANT[$role]="${DK_R_SERVED[$role]}" DK_R_STATE[$role]="to fetch"; fi
    done
}
