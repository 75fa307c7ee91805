# Scripts/lib/guest-media.sh: in a VM guest, the media nodes of a driver's devices, found
# by the driver bound to each media device's parent: a platform driver (vimc) or a USB
# interface driver (uvcvideo) alike, never by /dev/mediaN. Sourced by the guest parts of
# Scripts/bench/profile, Scripts/bench/live-gate, Scripts/vm/usbcam, Scripts/vm/usbcam-sweep.

# media_nodes_of DRIVER: prints /dev/mediaN of every media device DRIVER's devices have, one
# a line; exit 1 when there is none.
media_nodes_of() {
    local d found=1
    for d in /sys/bus/media/devices/media*; do
        [[ -e $d && $(readlink -f "$d/../driver") == */"$1" ]] || continue
        echo "/dev/${d##*/}"; found=0
    done
    return $found
}

# media_node_of DRIVER: the first of them, or nothing (exit 1).
media_node_of() {
    local nodes
    nodes="$(media_nodes_of "$1")" || return 1
    echo "${nodes%%$'\n'*}"
}

# wait_media_node_of DRIVER SECONDS: media_node_of, once DRIVER has a media device (a
# look every 0.2 s, SECONDS at most); exit 1 when none came.
wait_media_node_of() {
    local t0=$SECONDS
    until media_node_of "$1"; do
        (( SECONDS - t0 < $2 )) || return 1
        sleep 0.2
    done
}
