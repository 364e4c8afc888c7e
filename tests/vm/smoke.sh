#!/bin/sh
# smoke.sh [ARCH...] -- boot each ARCH (default: x86_64 arm64) with
# smoke-guest.sh and check that kprobe_events works there.
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- x86_64 arm64
work=$(mktemp -d "${TMPDIR:-/tmp}/barebpf-vm-smoke.XXXXXX")
mkdir "$work/payload"
echo "payload file seen" >"$work/payload/marker.txt"
pass=0 fail=0
for arch in "$@"; do
    if BAREBPF_VM_LOG="$work/vm-$arch.log" "$here/run.sh" "$arch" "$work/payload" \
            "$here/smoke-guest.sh" 180 >"$work/out-$arch" &&
        grep -qx 'SMOKE-OK' "$work/out-$arch" &&
        grep -qx 'payload file seen' "$work/out-$arch"; then
        echo "ok   $arch"
        pass=$((pass + 1))
    else
        echo "FAIL $arch; guest output:"
        sed 's/^/    /' "$work/out-$arch"
        echo "    (serial log: $work/vm-$arch.log)"
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
