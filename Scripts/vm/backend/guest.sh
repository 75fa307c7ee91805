# The guest side both boots of Scripts/vm/run share: copied into the script each guest
# runs (bash under virtme-ng, busybox sh in the initramfs), so POSIX sh only. The guest
# script defines fail MESSAGE (report setup-failed, never return) and vivid_devs first.

# media_count DRIVER: how many /dev/mediaN nodes exist whose device is bound to DRIVER.
media_count() {
    n=0
    for d in /sys/bus/media/devices/media*; do
        [ -e "$d" ] || continue
        drv="$(readlink -f "$d/../driver" 2>/dev/null)"
        [ "${drv##*/}" = "$1" ] && [ -c "/dev/${d##*/}" ] && n=$((n + 1))
    done
    echo "$n"
}

# media_wait "DRIVER ...": waits (30 s at most) until vimc, when named, has its media
# device and vivid, when named, its vivid_devs ones; other drivers are not waited for.
media_wait() {
    i=0
    while :; do
        ok=1
        for m in $1; do
            case $m in vimc) want=1 ;; vivid) want=$vivid_devs ;; *) continue ;; esac
            [ "$(media_count "$m")" -ge "$want" ] || ok=0
        done
        [ $ok = 1 ] && return 0
        i=$((i + 1))
        [ $i -lt 300 ] || fail "media devices of '$(echo $1)' did not appear within 30 s"
        sleep 0.1
    done
}
