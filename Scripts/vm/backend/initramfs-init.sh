# /init of the initramfs boot (Scripts/vm/backend/initramfs.sh), after guest.sh: busybox sh.
/bin/busybox --install -s /bin
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# debugfs where a distribution's init mounts it: kmemleak's file, KFENCE's and lockdep's
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
# /tmp and /run stay directories of the (writable) initramfs: a tmpfs mounted there
# would hide packed files of a repository that lives under /tmp
for t in ttyS1 ttyS2 ttyS3; do stty -F /dev/$t raw -echo 2>/dev/null; done
exec 3>/dev/ttyS3
status() { echo "$*" >&3; }
finish() { sync; reboot -f; sleep 60; }
fail() { echo "vm/run: guest: $*" >/dev/ttyS2; status "setup-failed $*"; finish; }
. /etc/vm-run.conf
status "booted $(cut -d' ' -f1 /proc/uptime)"
# Drivers: built in (registered already), or insmod'ed from the packed load list.
have_driver() { [ -d "/sys/bus/platform/drivers/$1" ] || [ -d "/sys/module/$(echo "$1" | tr - _)" ]; }
wanted=""
for m in $modules; do
    optional=0
    case $m in \?*) m="${m#\?}" optional=1 ;; esac
    if ! have_driver "$m" && [ -f "/lib/modules-load/$m" ]; then
        args=""
        [ "$m" = vivid ] && args="n_devs=$vivid_devs"
        for ko in $(cat "/lib/modules-load/$m"); do
            name="$(basename "$ko" .ko | tr - _)"
            [ -d "/sys/module/$name" ] && continue
            if [ "$name" = "$(echo "$m" | tr - _)" ]; then
                out="$(insmod "$ko" $args 2>&1)" || fail "insmod $ko failed: $out"
            else
                out="$(insmod "$ko" 2>&1)" || fail "insmod $ko failed: $out"
            fi
        done
    fi
    if have_driver "$m"; then
        wanted="$wanted $m"
    elif [ $optional = 0 ] && { [ "$modules_given" = 1 ] || [ "$m" = vimc ]; }; then
        fail "$m is neither built into this kernel nor loadable (not in lib/modules/$(uname -r) of --mod-path)"
    else
        echo "vm/run: guest: note: no $m in this kernel, going on without it" >/dev/ttyS2
    fi
done
media_wait "$wanted"
mkdir -p "$repo" && cd "$repo" || fail "cannot cd to $repo"
export MEDIACTL_VM=1 MEDIACTL_KERNEL="$(uname -r)"
status "started $(cut -d' ' -f1 /proc/uptime)"
run_command </dev/null >/dev/ttyS1 2>/dev/ttyS2
rc=$?
status "exit $rc $(cut -d' ' -f1 /proc/uptime)"
finish
