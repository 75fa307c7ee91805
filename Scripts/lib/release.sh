# shellcheck shell=bash
# The project's one release configuration: the flags the mediactl users run is built with,
# and where it lands. Scripts/bench/gate, Scripts/bench/run and Scripts/matrix build
# through release_build; nothing else spells these flags. Source it, do not run it.
#
#   --static-swift-stdlib   the Swift runtime and Foundation inside the executable: no
#                           /opt/swift at run time (the matrix's initramfs guests have
#                           none) and no shared libraries for the loader to relocate
#   -no-pie                 a fixed load address: no relative relocations at start
#   --disable-local-rpath   no RUNPATH $ORIGIN: the loader looked for each library in
#                           nine directories next to the binary first (glibc-hwcaps,
#                           tls, x86_64): 24 failed system calls a start
#   -static-libgcc          the unwinder inside the executable: libgcc_s.so is not loaded
#                           (9 system calls, 12 page faults, 28,000 instructions a start)
#   libstdc++.a first       -lstdc++ (the driver adds it) takes the static library
#   --strip-debug           no DWARF in the file (32.5 -> 25.0 MB; the symbol table stays,
#                           so crash backtraces still name functions)
#   -disable-concrete-type-metadata-mangled-name-accessors
#                           (frontend) the metadata of a concrete generic type (an
#                           [Entity], a Dictionary) from its generic accessor with the
#                           witness tables passed, not by demangling its name: no
#                           demangler and no scan of every conformance record to check
#                           the type's generic requirements, at the type's first use
#                           (topology --from 5,955,630 -> 4,358,140 instructions)
#   --no-export-dynamic     (Package.swift, release only) no dynamic symbol table for
#                           the runtime's backtracer to walk at start
# Measured per lever in Scripts/bench/RESULTS.md ("Build levers", "Start-up (issue 25)").
#
# RELEASE_EXTRA_FLAGS (environment, default empty) adds flags to a build: how the levers
# are measured. Set, it changes what is built; the scripts print the flags they used.

RELEASE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RELEASE_DIR="$RELEASE_REPO/.build-release"          # the scratch path (git-ignored)
RELEASE_BIN="$RELEASE_DIR/release"                  # mediactl, mediactl-bench
RELEASE_STATIC_CXX="$RELEASE_DIR/static-cxx"        # holds only libstdc++.a

# The flags, as `swift build` takes them (an array: release_build passes them as is).
RELEASE_FLAGS=(
    --static-swift-stdlib
    -Xswiftc -Xclang-linker -Xswiftc -no-pie
    --disable-local-rpath
    -Xswiftc -Xclang-linker -Xswiftc -static-libgcc
    -Xlinker "-L$RELEASE_STATIC_CXX"
    -Xlinker --strip-debug
    -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
)

# release_flags_text: the flags on one line, for logs and RESULTS.md.
release_flags_text() { echo "-c release ${RELEASE_FLAGS[*]}${RELEASE_EXTRA_FLAGS:+ $RELEASE_EXTRA_FLAGS}"; }

# release_build [--product P]...: builds into $RELEASE_DIR (default: the mediactl product).
# A directory holding only libstdc++.a, searched before gcc's own, makes -lstdc++ link
# the static library, so the dynamic loader has no libstdc++.so to load at start-up.
release_build() {
    [[ $# -gt 0 ]] || set -- --product mediactl
    mkdir -p "$RELEASE_STATIC_CXX"
    ln -sf "$(gcc -print-file-name=libstdc++.a)" "$RELEASE_STATIC_CXX/libstdc++.a"
    # shellcheck disable=SC2086  # RELEASE_EXTRA_FLAGS is a list of words
    PATH="/opt/swift/usr/bin:$PATH" swift build -c release --scratch-path "$RELEASE_DIR" \
        "${RELEASE_FLAGS[@]}" ${RELEASE_EXTRA_FLAGS:-} "$@"
}
