# Shared settings for Scripts/setup and Scripts/vm/*. Source it, do not run it.
# The preferred kernels, paths and small helpers every script shares.

# The Debian kernels of the VM lane and the kernel matrix, by series. The series is what
# the project depends on; the ABI and the package revisions are resolved by Scripts/setup
# against what the archive serves (Scripts/lib/debian-kernels.sh) and recorded in
# .build-vm/kernels/SERIES.env. The preferred ABI of each series is the one
# Scripts/kernel/expected.tsv was verified on: taken while the archive serves it, else the
# newest served ABI of the series (setup says so).
VM_SERIES=(6.12 6.1)                    # 6.12: the VM lane's kernel; 6.1: bookworm's default
declare -A VM_PREFERRED_ABI=([6.12]="6.12.117+deb12" [6.1]="6.1.0-56")

# Paths. REPO is the repository root (this file lives in Scripts/lib/).
VM_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# virtme-ng from PyPI: the version pinned (with its dependencies) in Scripts/vm/requirements.txt.
VM_REQUIREMENTS="$VM_REPO/Scripts/vm/requirements.txt"
VM_VNG_VERSION="$(sed -n 's/^virtme-ng==//p' "$VM_REQUIREMENTS")"

VM_DIR="$VM_REPO/.build-vm"             # everything setup downloads or builds (git-ignored)
VM_VENV="$VM_DIR/venv"
VM_VNG="$VM_VENV/bin/vng"
VM_DEB_CACHE="$VM_DIR/deb-cache"        # downloaded .deb files, kept (linux-source-* are 140-150 MB)

# Kernels built from source (Scripts/kernel/build) and what they need.
VM_KERNEL_DIR="$VM_REPO/.build-kernel"  # build logs, links to built images (git-ignored)
VM_KERNEL_IMAGES="$VM_KERNEL_DIR/images"  # images/NAME -> $VM_KERNEL_CACHE/KEY/{bzImage,config,build-info}
# Built kernels by cache key (source, compiler, fragments, patches), shared by every clone
# of this user: a fresh clone (CI's) takes the kernels a previous run built.
VM_KERNEL_CACHE="${MEDIACTL_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mediactl/kernels}"
# The source tree and the object directory Scripts/kernel/build works in (about 2.5 GB),
# shared by every clone too, beside the cache: a fresh clone that needs a kernel of a new
# key recompiles what the key changed (minutes), not the whole tree (25 minutes on 2 cores).
VM_KERNEL_TREE="${MEDIACTL_KERNEL_TREE:-$(dirname "$VM_KERNEL_CACHE")/tree}"

VM_KERNEL_RECORDS="$VM_DIR/kernels"     # SERIES.env: what setup resolved and installed

# vm_debian_kernel SERIES: a Debian kernel of the VM lane and the kernel matrix, as
# Scripts/setup resolved and installed it. Sets the record's DK_SERIES DK_ABI DK_KVER
# DK_PINNED DK_{IMAGE,HEADERS,COMMON,KBUILD,SOURCE}_{PKG,VERSION} and DK_HEADERS_ROOT
# DK_HEADERS_BUILD DK_VIMC_DIR DK_VIMC_INSTALLED DK_VMLINUZ. Returns 1 (with a message)
# when setup has not recorded the series.
vm_debian_kernel() {
    local record="$VM_KERNEL_RECORDS/$1.env"
    if [[ -z ${VM_PREFERRED_ABI[$1]:-} ]]; then
        echo "vm_debian_kernel: unknown series '$1' (${VM_SERIES[*]})" >&2; return 2
    fi
    [[ -f $record ]] || { echo "no Debian $1 kernel recorded ($record): run Scripts/setup" >&2; return 1; }
    # shellcheck source=/dev/null
    source "$record"
    DK_HEADERS_ROOT="$VM_DIR/headers-$DK_SERIES"
    DK_HEADERS_BUILD="$DK_HEADERS_ROOT/usr/src/linux-headers-$DK_KVER"
    DK_VIMC_DIR="$VM_DIR/vimc-$DK_SERIES"
    DK_VIMC_INSTALLED="/lib/modules/$DK_KVER/updates/vimc.ko"
    DK_VMLINUZ="/boot/vmlinuz-$DK_KVER"
}

# The VM lane's kernel (6.12) as setup recorded it; empty before the first setup.
VM_KVER="" VM_VIMC_INSTALLED=""
if [[ -f $VM_KERNEL_RECORDS/6.12.env ]]; then
    VM_KVER="$(sed -n 's/^DK_KVER=//p' "$VM_KERNEL_RECORDS/6.12.env")"
    VM_VIMC_INSTALLED="/lib/modules/$VM_KVER/updates/vimc.ko"
fi

# cached_deb PACKAGE VERSION: sets CACHED_DEB to the package's .deb in $VM_DEB_CACHE,
# downloading it when missing. Call it after sourcing lib/steps.sh (it uses note, run, fail).
cached_deb() {
    local pattern="$VM_DEB_CACHE/${1}_${2//:/%3a}_*.deb"
    mkdir -p "$VM_DEB_CACHE"
    CACHED_DEB="$(compgen -G "$pattern" | head -n 1 || true)"
    [[ -n $CACHED_DEB ]] && return 0
    note "downloading $1=$2 into $VM_DEB_CACHE"
    # apt warns that a root download into a folder _apt cannot write is unsandboxed: harmless.
    (cd "$VM_DEB_CACHE" && run apt-get download "$1=$2") \
        || fail "apt-get download $1=$2 failed: the archive moved since Scripts/setup resolved it; run Scripts/setup again"
    CACHED_DEB="$(compgen -G "$pattern" | head -n 1 || true)"
    [[ -n $CACHED_DEB ]] || fail "no ${1}_${2}_*.deb after apt-get download"
}

# The release string of an x86 bzImage (what `uname -r` prints once it runs), from the
# boot protocol header: a 16-bit pointer at 0x20e to "6.12.117 (builder) #1 ...".
vm_bzimage_release() {
    local off
    off="$(od -An -tu2 -j 526 -N 2 "$1" 2>/dev/null | tr -d ' ')" || return 1
    [[ $off =~ ^[0-9]+$ && $off -gt 0 ]] || return 1
    dd if="$1" bs=1 skip=$((off + 512)) count=256 2>/dev/null | tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}

# The Swift toolchain of this machine kind (visible in the guest too).
if [[ -d /opt/swift/usr/bin && ":$PATH:" != *":/opt/swift/usr/bin:"* ]]; then
    PATH="/opt/swift/usr/bin:$PATH"
fi
