#!/bin/bash
# run.sh ARCH PAYLOAD_DIR GUEST_SCRIPT [TIMEOUT_SECONDS]
#
# Boots Debian's kernel for ARCH (x86_64 | arm64) and BAREBPF_VM_KERNEL (6.1,
# Debian 12's, the default | 5.10, Debian 11's) in qemu with a throw-away
# initramfs made of a static busybox, PAYLOAD_DIR (as /payload) and
# GUEST_SCRIPT (as /payload/guest.sh, run with `sh` in /payload).
# Prints on stdout only what the guest script printed (stdout and stderr
# merged, CRs stripped) and exits with its status; 124 on timeout, 125 when the
# VM ended without reporting a status (boot failure, panic, qemu error).
#
# Environment:
#   BAREBPF_VM_KERNEL   6.1 (default) | 5.10: which Debian kernel (see fetch.sh)
#   BAREBPF_VM_CACHE    cache dir of fetch.sh (default /var/cache/barebpf-vm)
#   BAREBPF_VM_LOG      serial console log (default PAYLOAD_DIR/../vm-ARCH.log;
#                       vm-ARCH-5.10.log for 5.10)
#   BAREBPF_VM_ACCEL    kvm | tcg (default: kvm when usable for ARCH, else tcg)
#   BAREBPF_VM_SMP      vCPUs (default 1)
#   BAREBPF_VM_MEM      memory in MiB (default 512)
#   BAREBPF_VM_APPEND   extra kernel command line
#   BAREBPF_VM_CPU      qemu -cpu model (default max on x86_64, cortex-a57 on arm64)
#   BAREBPF_VM_QEMU_ARGS  extra qemu arguments (split on blanks)
#   BAREBPF_VM_PVH=0    x86_64: boot the bzImage instead of the unpacked vmlinux
#   BAREBPF_VM_KMSG=1   leave kernel messages on the console while the guest
#                       script runs (default: console loglevel 1 during the
#                       run; messages logged meanwhile are sent to stderr after)
#   BAREBPF_VM_DMESG=1  also put the whole dmesg into the log file
#   BAREBPF_VM_VERBOSE=1  stream the raw serial console to stderr
set -euo pipefail

prog=${0##*/}
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 125; }
usage() { echo "usage: $prog x86_64|arm64 PAYLOAD_DIR GUEST_SCRIPT [TIMEOUT_SECONDS]" >&2; exit 2; }

[ $# -ge 3 ] && [ $# -le 4 ] || usage
arch=$1 payload=$2 guest=$3 tmo=${4:-300}
case $arch in
    x86_64|amd64) arch=x86_64 ;;
    arm64|aarch64) arch=arm64 ;;
    *) usage ;;
esac
[ -d "$payload" ] || die "PAYLOAD_DIR '$payload' is not a directory"
[ -f "$guest" ] || die "GUEST_SCRIPT '$guest' is not a file"
case $tmo in '' | *[!0-9]*) die "TIMEOUT_SECONDS must be a whole number" ;; esac
kser=${BAREBPF_VM_KERNEL:-6.1}
case $kser in
    6.1) sfx= ;;
    5.10) sfx=-5.10 ;;
    *) die "BAREBPF_VM_KERNEL must be 6.1 or 5.10, not '$kser'" ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
"$here/fetch.sh" "$arch" "$kser" >&2 || die "fetch.sh $arch $kser failed"
cache=${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}/$arch$sfx

payload=$(cd "$payload" && pwd)
log=${BAREBPF_VM_LOG:-$(dirname "$payload")/vm-$arch$sfx.log}
: >"$log" || die "cannot write log file $log"

work=$(mktemp -d "${TMPDIR:-/tmp}/barebpf-vm.XXXXXX")
qpid=
tpid=
cleanup() {
    [ -n "$qpid" ] && kill "$qpid" 2>/dev/null
    [ -n "$tpid" ] && kill "$tpid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nonce=$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
[ -n "$nonce" ] || die "no random nonce"

# ---- initramfs ----------------------------------------------------------------
root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,etc,root,payload}
cp "$cache/busybox" "$root/bin/busybox"
chmod 755 "$root/bin/busybox"
cp -a "$payload"/. "$root/payload/"
cp "$guest" "$root/payload/guest.sh"
chmod 755 "$root/payload/guest.sh"

# /init, with @N@ (nonce), @A@ (arch), @K@ (kernel), @KMSG@ and @DMESG@ filled in below.
cat >"$root/init.in" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb
export BAREBPF_VM=1 BAREBPF_VM_ARCH=@A@ BAREBPF_VM_KERNEL=@K@
N=@N@
imsg() { echo "@@$N:I $*"; }
mnt() { # fstype dir
    mkdir -p "$2"
    mount -t "$1" "$1" "$2" 2>/dev/null || imsg "warning: mount -t $1 $2 failed"
}
mnt devtmpfs /dev
exec </dev/console >/dev/console 2>&1
stty -echo 2>/dev/null
mnt proc /proc
mnt sysfs /sys
mnt tmpfs /tmp
chmod 1777 /tmp
mnt tmpfs /run
mnt debugfs /sys/kernel/debug
mnt tracefs /sys/kernel/tracing
mnt bpf /sys/fs/bpf
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
hostname barebpf-vm
ip link set lo up 2>/dev/null

kmsg_before=$(dmesg | wc -l)
[ @KMSG@ = 1 ] || echo 1 >/proc/sys/kernel/printk

echo "@@$N:START"
cd /payload
{ sh ./guest.sh </dev/null 2>&1; echo $? >/tmp/.barebpf-rc; } |
    while IFS= read -r l || [ -n "$l" ]; do printf '@@%s:O %s\n' "$N" "$l"; done
rc=$(cat /tmp/.barebpf-rc 2>/dev/null)
[ -n "$rc" ] || rc=255
cd /

echo 7 >/proc/sys/kernel/printk
if [ @DMESG@ = 1 ]; then
    dmesg | while IFS= read -r l; do printf '@@%s:D %s\n' "$N" "$l"; done
fi
dmesg -r | tail -n +$((kmsg_before + 1)) |
    while IFS= read -r l; do printf '@@%s:K %s\n' "$N" "$l"; done
echo "@@$N:END rc=$rc"
# TCSETSW: wait until the serial line has sent everything before powering off.
stty -F /dev/console -echo 2>/dev/null
poweroff -f
sleep 5
EOF
sed -e "s/@N@/$nonce/g" -e "s/@A@/$arch/g" -e "s/@K@/$kser/g" \
    -e "s/@KMSG@/${BAREBPF_VM_KMSG:-0}/g" -e "s/@DMESG@/${BAREBPF_VM_DMESG:-0}/g" \
    "$root/init.in" >"$root/init"
rm "$root/init.in"
chmod 755 "$root/init"

# One newc cpio entry for a character device (no mknod on the host needed).
cpio_chardev() { # name octal-perm major minor ino
    local name=$1 nsz=$((${#1} + 1)) pad
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        "$5" $((8#20000 | 8#$2)) 0 0 1 0 0 0 0 "$3" "$4" "$nsz" 0
    printf '%s\0' "$name"
    pad=$(((4 - (110 + nsz) % 4) % 4))
    [ $pad -eq 0 ] || head -c $pad /dev/zero
}
cpio_trailer() {
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        0 0 0 0 1 0 0 0 0 0 0 11 0
    printf 'TRAILER!!!\0'
    head -c 3 /dev/zero # 110 + 11 = 121, padded to 124
}
{
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
    cpio_chardev dev/console 600 5 1 900001
    cpio_trailer
} | gzip -1 -n >"$work/initrd.gz" || die "building the initramfs failed"

# ---- qemu -----------------------------------------------------------------------
host_arch=$(uname -m)
case $host_arch in aarch64) host_arch=arm64 ;; esac
accel=${BAREBPF_VM_ACCEL:-}
if [ -z "$accel" ]; then
    accel=tcg
    if [ "$host_arch" = "$arch" ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
        (exec 3<>/dev/kvm) 2>/dev/null; then
        accel=kvm
        # On x86, /dev/kvm without vmx/svm is not hardware KVM (e.g. the
        # kvm_pvm module, which only runs PVM-enabled guest kernels; a stock
        # Debian kernel hangs there before printing anything).
        if [ "$arch" = x86_64 ] && ! grep -qw -E 'vmx|svm' /proc/cpuinfo; then
            accel=tcg
        fi
    fi
fi
smp=${BAREBPF_VM_SMP:-1}
mem=${BAREBPF_VM_MEM:-512}
cmdline="quiet panic=-1 rdinit=/init ${BAREBPF_VM_APPEND:-}"
case $arch in
    x86_64)
        qemu=(qemu-system-x86_64 -M q35 -cpu max)
        cmdline="console=ttyS0 $cmdline"
        ;;
    arm64)
        qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57)
        [ "$accel" = kvm ] && qemu=(qemu-system-aarch64 -M virt -cpu host)
        cmdline="console=ttyAMA0 $cmdline"
        ;;
esac
if [ "$accel" = tcg ] && [ "$smp" -gt 1 ]; then accel=tcg,thread=multi; fi
[ -n "${BAREBPF_VM_CPU:-}" ] && qemu[4]=$BAREBPF_VM_CPU
kernel=$cache/vmlinuz
if [ "$arch" = x86_64 ] && [ "${BAREBPF_VM_PVH:-1}" != 0 ] && [ -s "$cache/vmlinux" ]; then
    kernel=$cache/vmlinux # ELF: qemu boots it through the PVH entry, no decompression
fi
qemu+=(-accel "$accel" -m "$mem" -smp "$smp" -nographic -nodefaults -no-user-config
    -no-reboot -serial "file:$log" -monitor none
    -kernel "$kernel" -initrd "$work/initrd.gz" -append "$cmdline lsm=lockdown,capability,landlock,yama,apparmor,bpf")
# shellcheck disable=SC2206 # word splitting wanted
qemu+=(${BAREBPF_VM_QEMU_ARGS:-})

start=$(date +%s%N)
timeout -k 5 "$tmo" "${qemu[@]}" </dev/null >"$work/qemu.out" 2>&1 &
qpid=$!
if [ "${BAREBPF_VM_VERBOSE:-0}" = 1 ]; then
    tail -n +1 -f --pid="$qpid" "$log" >&2 &
    tpid=$!
fi
qrc=0
wait "$qpid" || qrc=$?
qpid=
[ -n "$tpid" ] && { wait "$tpid" 2>/dev/null || :; tpid=; }
end=$(date +%s%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')

# ---- results ----------------------------------------------------------------------
clean=$work/console.txt
tr -d '\r' <"$log" >"$clean"
sed -n "s/^.*@@$nonce:O //p" "$clean"
sed -n "s/^.*@@$nonce:I /$prog: vm: /p" "$clean" >&2
# kernel messages logged while the guest ran: warnings and worse (the raw
# "<N>" prefix has the level in its low 3 bits), unless BAREBPF_VM_KMSG=1
sed -n "s/^.*@@$nonce:K //p" "$clean" |
    awk -v p="$prog" -v all="${BAREBPF_VM_KMSG:-0}" '
        match($0, /^<[0-9]+>/) {
            lvl = substr($0, 2, RLENGTH - 2) % 8
            if (all == 1 || lvl <= 4) print p ": kernel: " substr($0, RLENGTH + 1)
        }' >&2
rc=$(sed -n "s/^.*@@$nonce:END rc=\([0-9]*\).*/\1/p" "$clean" | tail -n 1)

tail_log() {
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$clean" >&2
    if [ -s "$work/qemu.out" ]; then
        echo "---- qemu output ----" >&2
        tail -n 20 "$work/qemu.out" >&2
    fi
}
if [ -n "$rc" ]; then
    echo "$prog: $arch $kser ($accel) guest exit status $rc after ${secs}s, log: $log" >&2
    exit "$rc"
fi
if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
    echo "$prog: $arch $kser ($accel) TIMEOUT after ${tmo}s, log: $log" >&2
    tail_log
    exit 124
fi
echo "$prog: $arch $kser ($accel) VM ended (qemu status $qrc) without an exit status after ${secs}s, log: $log" >&2
tail_log
exit 125
