# Scripts/lib/guest-media.sh: in a VM guest, the media node of a platform driver's device.
# Sourced by the benchmark scripts' guest parts (Scripts/bench/profile, Scripts/bench/live-gate).

# media_node_of DRIVER: prints /dev/mediaN of the first media device DRIVER bound, or
# nothing (exit 1) when it has none.
media_node_of() {
    local d
    for d in /sys/bus/media/devices/media*; do
        if [[ $d/../driver -ef /sys/bus/platform/drivers/$1 ]]; then echo "/dev/${d##*/}"; return 0; fi
    done
    return 1
}
