# Where the upstream media-ctl sources the project compares against live, and how to get
# them. Source it, do not run it. Used by Scripts/gen/media-ctl-mbus (each release's media
# bus table) and Scripts/vm/media-ctl-refs (the reference binaries the VM lane runs).
#
# The sources are references, never part of the project or what it installs: the tagged
# v4l-utils trees of each release in DIR/VERSION (utils/media-ctl, the generators
# utils/gen_media_bus_format_*.sh and the UAPI headers in include/linux/), where DIR is
# MEDIACTL_V4L_UTILS_SOURCES, else ../shared/reference/v4l-utils beside the repository
# (there on the project's machines and in CI). A full v4l-utils checkout of the tag has
# the same layout.
MCR_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MCR_VERSIONS=(1.26.1 1.28.1 1.30.1 1.32.0)
MCR_SOURCES="${MEDIACTL_V4L_UTILS_SOURCES:-$MCR_REPO/../shared/reference/v4l-utils}"

# mcr_missing: the versions whose sources are not under MCR_SOURCES (none: empty output).
mcr_missing() {
    local v
    for v in "${MCR_VERSIONS[@]}"; do
        [[ -f $MCR_SOURCES/$v/utils/media-ctl/media-ctl.c && -f $MCR_SOURCES/$v/include/linux/media-bus-format.h ]] \
            || printf '%s ' "$v"
    done
}

# mcr_require NAME: nothing when every version is there; else, on stderr, what is missing
# and how to get it, and exit 2.
mcr_require() {
    local missing
    missing="$(mcr_missing)"
    [[ -z $missing ]] && return 0
    cat >&2 <<TEXT
$1: no v4l-utils sources for media-ctl ${missing% } under $MCR_SOURCES
$1: get them (the tagged releases, about 40 MB each) with
  for v in ${MCR_VERSIONS[*]}; do git clone -q --depth 1 --branch v4l-utils-\$v https://git.linuxtv.org/v4l-utils.git DIR/\$v; done
$1: and run again with MEDIACTL_V4L_UTILS_SOURCES=DIR (or put DIR at ../shared/reference/v4l-utils beside the repository)
TEXT
    exit 2
}
