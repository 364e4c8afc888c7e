#!/bin/sh
# make conformance: load every BPF object with barebpf and with bpftool
# (libbpf), and run each that barebpf loads for a moment, and print a row per
# object: barebpf's load, its run, bpftool's load, and the first error.
#   tests/conformance.sh [DIR...]                      on this machine
#   BB=... BPFTOOL=... OBJS=DIR tests/conformance.sh    in the VM (busybox sh)
# Ends with a summary line; exit status 1 when bpftool loads an object barebpf
# does not, or when run fails to load what load loaded.
[ -n "${BB:-}" ] || cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bb=${BB:-./barebpf}
bpftool=${BPFTOOL:-bpftool}
[ "$(id -u)" = 0 ] || { echo "conformance: loading needs root" >&2; exit 2; }
$bpftool version >/dev/null 2>&1 || { echo "conformance: needs bpftool (apt-get install bpftool)" >&2; exit 2; }
grep -q ' /sys/fs/bpf bpf' /proc/mounts || mount -t bpf bpf /sys/fs/bpf
pins=/sys/fs/bpf/barebpf_conformance_$$  # bpffs refuses names with dots
tmp=$(mktemp -d /tmp/conformance.XXXXXX)
trap 'rm -rf "$tmp" "$pins"' EXIT

objects() {
	if [ -n "${OBJS:-}" ]; then ls "$OBJS"/*.bpf.o; return; fi
	ls build/$arch/bpf/*.bpf.o 2>/dev/null
	for d in "$@"; do find "$d" -name '*.o' | sort; done
}

first_error() {
	grep -m1 -iE "error|fail|invalid|denied|refused|unknown|not " "$1" | sed "s/^barebpf: //" | cut -c1-70
}

# KNOWN=FILE: object names (without .bpf.o) barebpf leaves to a later issue.
known() { [ -n "${KNOWN:-}" ] && grep -qx "$(basename "$1" .bpf.o)" "$KNOWN"; }

worse=0 split=0 total=0 nb=0 nt=0 nk=0
printf '%-34s %-5s %-5s %-7s %s\n' OBJECT LOAD RUN BPFTOOL "FIRST ERROR"
for o in $(objects "$@"); do
	total=$((total + 1))
	if $bb load "$o" >"$tmp/bb.out" 2>"$tmp/bb.err"; then b=ok; nb=$((nb + 1)); else b=FAIL; fi
	r=-
	if [ $b = ok ]; then
		# run may fail to attach (no such probe here); it must not fail to load.
		$bb run "$o" --duration 0.2 >"$tmp/run.out" 2>"$tmp/run.err" </dev/null
		if grep -qE "load failed|create failed|setting its initial value" "$tmp/run.err"; then
			r=FAIL
			split=$((split + 1))
		else
			r=ok
		fi
	fi
	rm -rf "$pins"
	if $bpftool prog loadall "$o" "$pins" >"$tmp/bt.out" 2>"$tmp/bt.err"; then
		t=ok
		nt=$((nt + 1))
	else
		t=FAIL
	fi
	rm -rf "$pins"
	err=
	[ $b = FAIL ] && err="barebpf: $(first_error "$tmp/bb.err")"
	[ $r = FAIL ] && err="barebpf run: $(first_error "$tmp/run.err")"
	[ $t = FAIL ] && [ -z "$err" ] && err="bpftool: $(first_error "$tmp/bt.err")"
	if [ $b = FAIL ] && [ $t = ok ] && known "$o"; then
		nk=$((nk + 1))
		err="known, a later issue's: $err"
	elif [ $b = FAIL ] && [ $t = ok ]; then
		worse=$((worse + 1))
	fi
	printf '%-34s %-5s %-5s %-7s %s\n' "$(basename "$o")" $b $r $t "$err"
done
echo "conformance on $(uname -r): $total objects; barebpf loads $nb, bpftool loads $nt; bpftool loads and barebpf does not: $worse (and $nk left to later issues); run fails to load what load loads: $split"
[ $worse = 0 ] && [ $split = 0 ]
