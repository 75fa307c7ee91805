# Where the kernel matrix finds the "Media device lifetime management" v4 series.
# Source it after vm-common.sh, do not run it. Tested by Tests/ScriptTests (McV4SeriesTests).
# See Scripts/kernel/mc-lifetime-v4/README.md for the order and the reasons.

MC_V4_MSGID="20240610100530.1107771-1-sakari.ailus@linux.intel.com"   # the v4 cover letter
MC_V4_COUNT=26                                                          # patches in the series
MC_V4_B4_VERSION="0.16.0"                                               # PyPI b4, when fetching
MC_V4_OURS="$VM_REPO/Scripts/kernel/mc-lifetime-v4"                     # pre/ and post/
MC_V4_CACHED="$VM_KERNEL_CACHE/mc-lifetime-v4/series"

# mc_v4_usable DIR: DIR (or DIR/series) holds the series' patches; sets MC_V4_DIR.
mc_v4_usable() {
    local d="$1" n
    [[ -d $d/series ]] && d="$d/series"
    [[ -d $d ]] || { MC_V4_WHY="no directory $d"; return 1; }
    n="$(find "$d" -maxdepth 1 -type f -name '*.patch' | wc -l)"
    [[ $n -eq $MC_V4_COUNT ]] || { MC_V4_WHY="$d has $n *.patch files, not $MC_V4_COUNT"; return 1; }
    MC_V4_DIR="$(realpath "$d")"
}

# mc_v4_b4_argv OUTDIR: the b4 command line that fetches the series as OUTDIR/mc-lifetime-v4.mbx
# (the patches as posted: no trailers collected from later replies, no local cache).
mc_v4_b4_argv() {
    MC_V4_B4_ARGV=(am --no-add-trailers --no-cache --use-version 4 --outdir "$1"
                   --mbox-name mc-lifetime-v4 "$MC_V4_MSGID")
}

# mc_v4_b4: the b4 program: MEDIACTL_B4, else b4 $MC_V4_B4_VERSION in .build-vm/b4-venv
# (installed from PyPI on first use). Sets MC_V4_B4.
mc_v4_b4() {
    if [[ -n ${MEDIACTL_B4:-} ]]; then MC_V4_B4="$MEDIACTL_B4"; return 0; fi
    MC_V4_B4="$VM_DIR/b4-venv/bin/b4"
    [[ -x $MC_V4_B4 ]] && return 0
    { /usr/bin/python3 -m venv "$VM_DIR/b4-venv" \
        && "$VM_DIR/b4-venv/bin/pip" install --disable-pip-version-check -q "b4==$MC_V4_B4_VERSION"; } \
        >"$VM_DIR/b4-install.log" 2>&1 \
        || { MC_V4_WHY="pip install b4==$MC_V4_B4_VERSION failed (see $VM_DIR/b4-install.log)"; return 1; }
}

# mc_v4_fetch: b4 am into a scratch folder, split into 01.patch..26.patch, moved into the
# kernel cache whole (a half-fetched series is never left there).
mc_v4_fetch() {
    local tmp n f i=0
    mc_v4_b4 || return 1
    tmp="$(mktemp -d)"
    mc_v4_b4_argv "$tmp/b4"
    local rc=0
    "$MC_V4_B4" "${MC_V4_B4_ARGV[@]}" >"$tmp/b4.log" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        MC_V4_WHY="b4 ${MC_V4_B4_ARGV[*]} failed (exit $rc)$(grep -v '^ *$' "$tmp/b4.log" | tail -n 1 | sed 's/^/: /')"
        rm -rf "$tmp"; return 1
    fi
    mkdir -p "$tmp/split" "$tmp/series"
    n="$(git mailsplit -o"$tmp/split" "$tmp/b4/mc-lifetime-v4.mbx" 2>/dev/null || echo 0)"
    if [[ $n -ne $MC_V4_COUNT ]]; then
        MC_V4_WHY="b4 gave $n messages, not $MC_V4_COUNT"; rm -rf "$tmp"; return 1
    fi
    for f in $(ls "$tmp/split" | sort -n); do
        i=$((i + 1)); mv "$tmp/split/$f" "$(printf '%s/%02d.patch' "$tmp/series" "$i")"
    done
    mkdir -p "$(dirname "$MC_V4_CACHED")"
    rm -rf "$MC_V4_CACHED"; mv "$tmp/series" "$MC_V4_CACHED"
    rm -rf "$tmp"
}

# mc_v4_find [DIR]: the series, looked for in this order: DIR (Scripts/matrix --patches),
# MEDIACTL_MC_V4, SHARED/kernel/mc-lifetime-v4, the kernel cache, b4. Sets MC_V4_DIR and
# MC_V4_FROM (how it was found), or returns 1 with MC_V4_ERROR, one line.
mc_v4_find() {
    local given="${1:-}" shared="${MEDIACTL_SHARED:-$VM_REPO/../shared}" tried=()
    MC_V4_DIR="" MC_V4_FROM="" MC_V4_ERROR="" MC_V4_WHY=""
    if [[ -n $given ]]; then
        mc_v4_usable "$given" && { MC_V4_FROM="--patches"; return 0; }
        MC_V4_ERROR="the mc-lifetime v4 series given with --patches is not usable: $MC_V4_WHY"; return 1
    fi
    if [[ -n ${MEDIACTL_MC_V4:-} ]]; then
        mc_v4_usable "$MEDIACTL_MC_V4" && { MC_V4_FROM="MEDIACTL_MC_V4"; return 0; }
        MC_V4_ERROR="MEDIACTL_MC_V4 does not name the mc-lifetime v4 series: $MC_V4_WHY"; return 1
    fi
    if mc_v4_usable "$shared/kernel/mc-lifetime-v4"; then MC_V4_FROM="shared"; return 0; fi
    tried+=("$MC_V4_WHY")
    if mc_v4_usable "$MC_V4_CACHED"; then MC_V4_FROM="cache (fetched with b4 before)"; return 0; fi
    if mc_v4_fetch && mc_v4_usable "$MC_V4_CACHED"; then MC_V4_FROM="b4 (now)"; return 0; fi
    tried+=("$MC_V4_WHY")
    MC_V4_ERROR="the mc-lifetime v4 series was not found: pass --patches kasan-6.12-mc-v4=DIR or set MEDIACTL_MC_V4=DIR, put it at $shared/kernel/mc-lifetime-v4, or let b4 fetch <$MC_V4_MSGID> (needs the network) ($(printf '%s; ' "${tried[@]}" | sed 's/; $//'))"
    return 1
}
