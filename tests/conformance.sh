#!/bin/sh
# make conformance: load every BPF object with barebpf and with bpftool (libbpf)
# and print one row each: object, barebpf, bpftool, and the first error of the
# side that failed. Exit status 1 when bpftool loads an object barebpf does not.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bb=./barebpf
[ "$(id -u)" = 0 ] || { echo "conformance: loading needs root" >&2; exit 2; }
command -v bpftool >/dev/null || { echo "conformance: needs bpftool (apt-get install bpftool)" >&2; exit 2; }
grep -q ' /sys/fs/bpf bpf' /proc/mounts || mount -t bpf bpf /sys/fs/bpf
pins=/sys/fs/bpf/barebpf_conformance_$$  # bpffs refuses names with dots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$pins"' EXIT

objects() {
	ls build/$arch/bpf/*.bpf.o build/$arch/core/*.bpf.o 2>/dev/null
	for d in "$@"; do find "$d" -name '*.o' | sort; done
}

first_error() {
	grep -m1 -iE "error|fail|invalid|denied|refused|unknown|not " "$1" | sed "s/^barebpf: //" | cut -c1-70
}

worse=0
printf '%-36s %-8s %-8s %s\n' OBJECT BAREBPF BPFTOOL "FIRST ERROR"
for o in $(objects "$@"); do
	if $bb load "$o" >"$tmp/bb.out" 2>"$tmp/bb.err"; then b=ok; else b=FAIL; fi
	rm -rf "$pins"
	if bpftool prog loadall "$o" "$pins" >"$tmp/bt.out" 2>"$tmp/bt.err"; then t=ok; else t=FAIL; fi
	rm -rf "$pins"
	err=
	[ $b = FAIL ] && err="barebpf: $(first_error "$tmp/bb.err")"
	[ $t = FAIL ] && [ -z "$err" ] && err="bpftool: $(first_error "$tmp/bt.err")"
	[ $b = FAIL ] && [ $t = ok ] && worse=$((worse + 1))
	printf '%-36s %-8s %-8s %s\n' "$(basename "$o")" $b $t "$err"
done
echo "objects bpftool loads and barebpf does not: $worse"
[ $worse = 0 ]
