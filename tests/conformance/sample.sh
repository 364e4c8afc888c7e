#!/bin/sh
# The conformance sample for make test: the objects listed in sample.list
# (Debian 12's 6.1 selftests built with clang 14, and bcc 0.26's
# libbpf-tools), each loaded by barebpf and by libbpf 1.1 (bpftool).
#   PASS  both load it
#   FAIL  libbpf loads it and barebpf does not (unless known.list names it:
#         SKIP with the reason), or barebpf crashes or times out, or the
#         objects cannot be built (packages missing and not installable)
#   SKIP  libbpf does not load it on this kernel either
# The full table over all four sets and both libbpf versions is
# `make conformance` (run.sh, RESULTS.md).
cd "$(dirname "$0")/../.." || exit 1
here=tests/conformance
[ "$(id -u)" = 0 ] || { echo "SKIP conformance sample: loading needs root"; exit 0; }
tmp=$(mktemp -d /tmp/conformance.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
. $here/lib.sh
sample=$(grep -v '^#' $here/sample.list)
for s in sel-6.1 bcc-0.26; do
	# shellcheck disable=SC2046
	sh $here/build.sh $s $(echo "$sample" | awk -v s=$s '$1 == s { print $2 }') >/dev/null 2>"$tmp/build" ||
		{ echo "FAIL conformance sample: building $s: $(tail -n 1 "$tmp/build")"; exit 0; }
done
command -v bpftool >/dev/null || { echo "FAIL conformance sample: no bpftool after building"; exit 0; }
echo "$sample" | while read -r s name; do
	[ -n "$s" ] || continue
	t="conformance $s/$name"
	o=build/conformance/$s/$name.bpf.o
	if [ ! -f "$o" ]; then
		echo "FAIL $t: did not compile: $(head -n 1 build/conformance/$s/failed/$name 2>/dev/null)"
		continue
	fi
	b=$(load_bb "$o")
	l=$(load_l11 "$o")
	known=$(awk -v n="$s/$name" '$1 == n { sub(/^[^ \t]+[ \t]+/, ""); print; exit }' $here/known.list)
	case $b/$l in
	crash*|timeout*) echo "FAIL $t: barebpf $b: $(first_error "$tmp/bb")" ;;
	ok/ok) echo "PASS $t: barebpf loads it, as libbpf 1.1 does${known:+ (known.list names it: take it out)}" ;;
	*/ok) if [ -n "$known" ]; then echo "SKIP $t: known, $known"
		else echo "FAIL $t: libbpf 1.1 loads it, barebpf: $(first_error "$tmp/bb")"; fi ;;
	*) echo "SKIP $t: libbpf 1.1 does not load it here either (barebpf $b): $(first_error "$tmp/l11")" ;;
	esac
done
