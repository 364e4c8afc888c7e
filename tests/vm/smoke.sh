#!/bin/sh
# smoke.sh [ARCH[:KERNEL]...] -- boot each ARCH (default: x86_64 arm64) with
# smoke-guest.sh and check that kprobe_events works there. KERNEL is 6.1 or
# 5.10 (default $BAREBPF_VM_KERNEL, else 6.1); `smoke.sh all` boots all four.
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- x86_64 arm64
[ "$*" = all ] && set -- x86_64:6.1 arm64:6.1 x86_64:5.10 arm64:5.10
work=$(mktemp -d "${TMPDIR:-/tmp}/barebpf-vm-smoke.XXXXXX")
mkdir "$work/payload"
echo "payload file seen" >"$work/payload/marker.txt"
pass=0 fail=0
for spec in "$@"; do
    arch=${spec%%:*}
    kernel=${BAREBPF_VM_KERNEL:-6.1}
    case $spec in *:*) kernel=${spec#*:} ;; esac
    name=$arch-$kernel
    if BAREBPF_VM_KERNEL=$kernel BAREBPF_VM_LOG="$work/vm-$name.log" "$here/run.sh" "$arch" \
            "$work/payload" "$here/smoke-guest.sh" 180 >"$work/out-$name" &&
        grep -qx 'SMOKE-OK' "$work/out-$name" &&
        grep -qx 'payload file seen' "$work/out-$name"; then
        echo "ok   $arch $kernel"
        pass=$((pass + 1))
    else
        echo "FAIL $arch $kernel; guest output:"
        sed 's/^/    /' "$work/out-$name"
        echo "    (serial log: $work/vm-$name.log)"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
if [ "$fail" -eq 0 ]; then
    rm -rf "$work"
else
    echo "logs kept in $work" >&2
    exit 1
fi
