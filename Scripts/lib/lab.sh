# shellcheck shell=bash
# What Scripts/matrix and Scripts/sweep share: the repository's settings, --help and usage
# errors, the release configuration, and the two binaries they call: mediactl in the release
# configuration (static: the guests run it) and mediactl-lab (the host's bookkeeping: it
# judges what the guests sent back and writes the tables). Source it first thing, before
# any cd; it changes to the repository root.

# shellcheck source=vm-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/vm-common.sh"
# shellcheck source=usage.sh
source "$VM_REPO/Scripts/lib/usage.sh"
# shellcheck source=release.sh
source "$VM_REPO/Scripts/lib/release.sh"
cd "$VM_REPO"
MEDIACTL=".build-release/release/mediactl"       # relative: the guests run in the repo root
LAB="$VM_REPO/.build/debug/mediactl-lab"

# lab_build: mediactl-lab, in the debug configuration (.build, which `swift build` and
# Scripts/test's build phase share): it runs on the host only.
lab_build() { PATH="/opt/swift/usr/bin:$PATH" swift build --product mediactl-lab; }
