# Shared settings for Scripts/setup and Scripts/vm/*. Source it, do not run it.
# Everything pinned here is what the real-kernel VM lane is reproducible against.

# The pinned Debian kernel (bookworm 6.12 backport) and the Debian package version
# of every package we take from it (image, headers, kbuild, source).
VM_KVER="6.12.117+deb12-amd64"
VM_KPKG_VERSION="6.12.117-1~deb12u1"
VM_KABI="${VM_KVER%-amd64}"            # 6.12.117+deb12
VM_KSERIES="6.12"                       # linux-source-6.12

# The second stock kernel of the kernel matrix (Scripts/matrix): bookworm's default 6.1,
# the newest ABI apt had when it was pinned. Same packages, same out-of-tree vimc.
# (Older versions leave bookworm-security when a newer one comes: then re-pin both.)
VM_KVER_61="6.1.0-56-amd64"
VM_KPKG_VERSION_61="6.1.192-2"

# Paths. REPO is the repository root (this file lives in Scripts/lib/).
VM_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# virtme-ng from PyPI: the version pinned (with its dependencies) in Scripts/vm/requirements.txt.
VM_REQUIREMENTS="$VM_REPO/Scripts/vm/requirements.txt"
VM_VNG_VERSION="$(sed -n 's/^virtme-ng==//p' "$VM_REQUIREMENTS")"

VM_DIR="$VM_REPO/.build-vm"             # everything setup downloads or builds (git-ignored)
VM_VENV="$VM_DIR/venv"
VM_VNG="$VM_VENV/bin/vng"
VM_HEADERS_ROOT="$VM_DIR/headers"       # dpkg-deb -x of headers + headers-common + kbuild
VM_HEADERS_BUILD="$VM_HEADERS_ROOT/usr/src/linux-headers-$VM_KVER"
VM_VIMC_DIR="$VM_DIR/vimc"              # drivers/media/test-drivers/vimc from linux-source
VM_VMLINUZ="/boot/vmlinuz-$VM_KVER"
VM_VIMC_INSTALLED="/lib/modules/$VM_KVER/updates/vimc.ko"
VM_DEB_CACHE="$VM_DIR/deb-cache"        # downloaded .deb files, kept (linux-source-* are 140-150 MB)

# Kernels built from source (Scripts/kernel/build) and what they need.
VM_KERNEL_DIR="$VM_REPO/.build-kernel"  # source tree, shared object dir, built images (git-ignored)
VM_KERNEL_IMAGES="$VM_KERNEL_DIR/images"  # images/NAME -> $VM_KERNEL_CACHE/KEY/{bzImage,config,build-info}
# Built kernels by cache key (source, compiler, fragments, patches), shared by every clone
# of this user: a fresh clone (CI's) takes the kernels a previous run built. Only the
# images live there (about 7 MB each); the source tree and objects stay in .build-kernel.
VM_KERNEL_CACHE="${MEDIACTL_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mediactl/kernels}"
VM_STATIC_DIR="$VM_REPO/.build-static"    # mediactl with a static Swift stdlib (initramfs guests)
VM_STATIC_MEDIACTL="$VM_STATIC_DIR/release/mediactl"

# vm_debian_kernel SERIES: a Debian kernel of the VM lane and the kernel matrix, by
# series (6.12 or 6.1), as Scripts/setup installs it. Sets DK_KVER DK_PKG_VERSION DK_SERIES DK_HEADER_PKGS
# DK_HEADERS_ROOT DK_HEADERS_BUILD DK_VIMC_DIR DK_VIMC_INSTALLED DK_VMLINUZ.
vm_debian_kernel() {
    case "$1" in
        6.12)
            DK_KVER="$VM_KVER" DK_PKG_VERSION="$VM_KPKG_VERSION" DK_SERIES="6.12"
            DK_HEADER_PKGS=("linux-headers-$VM_KVER" "linux-headers-$VM_KABI-common" "linux-kbuild-$VM_KABI")
            DK_HEADERS_ROOT="$VM_HEADERS_ROOT" DK_VIMC_DIR="$VM_VIMC_DIR" ;;
        6.1)
            DK_KVER="$VM_KVER_61" DK_PKG_VERSION="$VM_KPKG_VERSION_61" DK_SERIES="6.1"
            DK_HEADER_PKGS=("linux-headers-$VM_KVER_61" "linux-headers-${VM_KVER_61%-amd64}-common" "linux-kbuild-6.1")
            DK_HEADERS_ROOT="$VM_DIR/headers-6.1" DK_VIMC_DIR="$VM_DIR/vimc-6.1" ;;
        *) echo "vm_debian_kernel: unknown series '$1' (6.12 or 6.1)" >&2; return 2 ;;
    esac
    DK_HEADERS_BUILD="$DK_HEADERS_ROOT/usr/src/linux-headers-$DK_KVER"
    DK_VIMC_INSTALLED="/lib/modules/$DK_KVER/updates/vimc.ko"
    DK_VMLINUZ="/boot/vmlinuz-$DK_KVER"
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

# Seconds since the epoch with millisecond precision, and a difference as "12.3".
vm_now() { date +%s.%N; }
vm_elapsed() { awk -v a="$1" -v b="$(vm_now)" 'BEGIN { printf "%.1f", b - a }'; }
