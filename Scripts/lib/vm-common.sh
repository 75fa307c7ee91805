# Shared settings for Scripts/setup and Scripts/vm/*. Source it, do not run it.
# Everything pinned here is what the real-kernel VM lane is reproducible against.

# The pinned Debian kernel (bookworm 6.12 backport) and the Debian package version
# of every package we take from it (image, headers, kbuild, source).
VM_KVER="6.12.117+deb12-amd64"
VM_KPKG_VERSION="6.12.117-1~deb12u1"
VM_KABI="${VM_KVER%-amd64}"            # 6.12.117+deb12
VM_KSERIES="6.12"                       # linux-source-6.12

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

# The Swift toolchain of this machine kind (visible in the guest too).
if [[ -d /opt/swift/usr/bin && ":$PATH:" != *":/opt/swift/usr/bin:"* ]]; then
    PATH="/opt/swift/usr/bin:$PATH"
fi

# Seconds since the epoch with millisecond precision, and a difference as "12.3".
vm_now() { date +%s.%N; }
vm_elapsed() { awk -v a="$1" -v b="$(vm_now)" 'BEGIN { printf "%.1f", b - a }'; }
