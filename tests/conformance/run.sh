#!/bin/sh
# tests/conformance/run.sh [SET...] -- load every object of the sets (default
# all four, built first by build.sh) with barebpf, with libbpf 1.1 (Debian
# 12's bpftool) and with libbpf 1.5 (Debian 13's bpftool, from the trixie
# chroot), and write one row per object to build/conformance/results-KERNEL.tsv
# (KERNEL: `uname -r`), and with no SET also to tests/conformance/results/:
#   kernel set object barebpf error libbpf1.1 error libbpf1.5 error cause
# A verdict is ok, fail, timeout (15 s for barebpf, 60 s for a peer) or
# crash:SIGNAL (lib.sh); "cause" names barebpf's failure (cause.sh).
set -u
cd "$(dirname "$0")/../.."
here=tests/conformance
[ "$(id -u)" = 0 ] || { echo "run.sh: loading needs root" >&2; exit 2; }
[ -x ./barebpf ] || { echo "run.sh: no ./barebpf (run make)" >&2; exit 2; }
sets=${*:-sel-6.1 sel-6.12 bcc-0.26 bcc-0.31}
root=$(sh $here/trixie.sh) || exit 1
command -v bpftool >/dev/null || { echo "run.sh: no bpftool (apt-get install bpftool)" >&2; exit 1; }
kernel=$(uname -r)
tsv=build/conformance/results-$kernel.tsv
tmp=$(mktemp -d /tmp/conformance.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. $here/lib.sh

mkdir -p build/conformance
: >"$tsv.new"
for s in $sets; do
	dir=$(sh $here/build.sh "$s") || { echo "run.sh: building $s failed" >&2; exit 1; }
	n=0
	for o in "$dir"/*.bpf.o; do
		b=$(load_bb "$o")
		l11=$(load_l11 "$o")
		l15=$(load_l15 "$o")
		e=- e11=- e15=- cause=-
		[ "$b" = ok ] || { e=$(first_error "$tmp/bb"); cause=$(sh $here/cause.sh "$e" "$b"); }
		[ "$l11" = ok ] || e11=$(first_error "$tmp/l11")
		[ "$l15" = ok ] || e15=$(first_error "$tmp/l15")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kernel" "$s" "$(basename "$o" .bpf.o)" \
			"$b" "$e" "$l11" "$e11" "$l15" "$e15" "$cause" >>"$tsv.new"
		n=$((n + 1))
	done
	echo "run.sh: $s: $n objects" >&2
done
mv "$tsv.new" "$tsv"
# Only a run of every set is the kernel's committed record.
[ $# -gt 0 ] || { mkdir -p $here/results && cp "$tsv" $here/results/"$kernel".tsv; }
echo "$tsv"
