#!/bin/sh
# tests/conformance/run.sh [SET...] -- load every object of the sets (default:
# all four, built first by build.sh) with barebpf, with libbpf 1.1 (Debian
# 12's bpftool) and with libbpf 1.5 (Debian 13's bpftool, from the trixie
# chroot), and write one TSV row per object to
# build/conformance/results-KERNEL.tsv (KERNEL: `uname -r`):
#   kernel set object barebpf error libbpf1.1 error libbpf1.5 error cause
# A verdict is ok, fail, timeout (15 s for barebpf, 60 s for a peer) or
# crash:SIGNAL. "cause" names barebpf's failure by its first error (cause.sh).
# Each loader runs in its own mount namespace with a fresh bpffs on
# /sys/fs/bpf, so what bpftool pins (and maps pinned by name) vanishes with
# it and the machine's /sys/fs/bpf is never touched.
set -u
cd "$(dirname "$0")/../.."
here=tests/conformance
[ "$(id -u)" = 0 ] || { echo "run.sh: loading needs root" >&2; exit 2; }
[ -x ./barebpf ] || { echo "run.sh: no ./barebpf (run make)" >&2; exit 2; }
sets=${*:-sel-6.1 sel-6.12 bcc-0.26 bcc-0.31}
root=$(sh $here/trixie.sh) || exit 1
command -v bpftool >/dev/null || { echo "run.sh: no bpftool (apt-get install bpftool)" >&2; exit 1; }
# Debian 13's bpftool run by the chroot's own ld.so and libraries, so it
# needs no mounts inside the chroot.
bpftool15="$root/lib64/ld-linux-x86-64.so.2 --library-path $root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu $root/usr/sbin/bpftool"
kernel=$(uname -r)
tsv=build/conformance/results-$kernel.tsv
tmp=$(mktemp -d /tmp/conformance.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

verdict() { # exit status -> verdict
	case $1 in
	0) echo ok ;;
	124) echo timeout ;;
	# A signal is 128 + its number; bpftool exits 255 (-1) on failure.
	*) if [ "$1" -gt 128 ] && [ "$1" -lt 193 ]; then echo "crash:SIG$(kill -l $(($1 - 128)))"; else echo fail; fi ;;
	esac
}
# The first line that says what went wrong, tabs out; libbpf's warnings
# ("skipping unrecognized data section") are not errors. When it is a
# verifier's refusal, the verifier's own last word (the line before
# "processed N insns") is added after " | ": that is what tells causes apart.
first_error() { # FILE
	line=$(grep -iE 'fail|error|invalid|unknown|unsupported|not supported|refus|cannot|denied|missing|not found|no such|not a |E[A-Z]+ \(' "$1" |
		grep -v 'skipping' | head -n 1)
	[ -n "$line" ] || line=$(tail -n 1 "$1")
	case $line in *"load failed"*)
		why=$(awk '/^ *processed [0-9]+ insns/ { print prev; exit } { prev = $0 }' "$1" | sed 's/^ *//')
		[ -z "$why" ] || line="$line | $why" ;;
	esac
	echo "$line" | tr '\t' ' ' | cut -c1-400
}
isolated() { # CMD...: in a private mount namespace with a fresh bpffs
	unshare -m --propagation private sh -c 'mount -t bpf bpf /sys/fs/bpf && exec "$@"' sh "$@"
}

mkdir -p build/conformance
: >"$tsv.new"
for s in $sets; do
	dir=$(sh $here/build.sh "$s") || { echo "run.sh: building $s failed" >&2; exit 1; }
	n=0
	for o in "$dir"/*.bpf.o; do
		timeout 15 ./barebpf load "$o" >/dev/null 2>"$tmp/bb"
		b=$(verdict $?)
		isolated timeout 60 bpftool prog loadall "$o" /sys/fs/bpf/x >/dev/null 2>"$tmp/l1"
		l1=$(verdict $?)
		# shellcheck disable=SC2086
		isolated timeout 60 $bpftool15 prog loadall "$o" /sys/fs/bpf/x >/dev/null 2>"$tmp/l5"
		l5=$(verdict $?)
		e=- e1=- e5=- cause=-
		[ $b = ok ] || { e=$(first_error "$tmp/bb" | sed 's/^barebpf: //'); cause=$(sh $here/cause.sh "$e" $b); }
		[ $l1 = ok ] || e1=$(first_error "$tmp/l1")
		[ $l5 = ok ] || e5=$(first_error "$tmp/l5")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kernel" "$s" "$(basename "$o" .bpf.o)" \
			$b "$e" $l1 "$e1" $l5 "$e5" "$cause" >>"$tsv.new"
		n=$((n + 1))
	done
	echo "run.sh: $s: $n objects" >&2
done
mv "$tsv.new" "$tsv"
echo "$tsv"
