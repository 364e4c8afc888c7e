#!/bin/sh
# The structure the compiler and the tree enforce: each directory builds with
# only the include paths of its layer, one file spells section prefixes, no
# library function runs past 60 lines. Prints PASS/FAIL lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags() { make -s --no-print-directory print-inc-$1 ARCH="$arch"; }

# include LAYER HEADER ok|fails: a one-line file including HEADER built with LAYER's paths.
include() {
	printf '#include "%s"\nint probe;\n' "$2" >"$tmp/probe.c"
	if $cc $(flags "$1") $(pkg-config --cflags libelf 2>/dev/null) -D_GNU_SOURCE \
		-fsyntax-only "$tmp/probe.c" 2>"$tmp/err"; then got=ok; else got=fails; fi
	if [ "$got" = "$3" ]; then
		echo "PASS layers: $1 including $2 $3"
	else
		echo "FAIL layers: $1 including $2 should be '$3', was '$got'"
		head -3 "$tmp/err"
	fi
}
include elf btf.h ok
include elf log.h ok
include elf bpf.h fails
include elf attach.h fails
include elf btf_dump.h fails
include common object.h fails
include format btf_dump.h ok
include format bpf.h fails
include loader bpf.h ok
include cli barebpf.h ok
include cli object.h fails
include cli log.h fails
include cli bpf.h fails
include bench probe.h fails
include bench btf.h fails

# Prefixes spelled as a section ("kprobe/...") anywhere but the table.
prefixes=$(sed -n 's/^	ROW("\([^"]*\)".*/\1/p' elf/section.c)
bad=
for p in $prefixes; do
	bad="$bad$(grep -ln "\"$p/" common/*.c elf/*.c format/*.c loader/*.c cli/*.c |
		grep -v '^elf/section.c$')"
done
if [ -n "$prefixes" ] && [ -z "$bad" ]; then
	echo "PASS layers: section prefixes are spelled only in elf/section.c"
else
	echo "FAIL layers: section prefixes spelled outside elf/section.c: ${bad:-no table found}"
fi

long=$(for f in common/*.c elf/*.c format/*.c loader/*.c; do
	awk -v f="$f" '/^\{/ { s = NR } /^\}/ { if (s && NR - s - 1 > 60) print f ":" s; s = 0 }' "$f"
done)
if [ -z "$long" ]; then
	echo "PASS layers: no library function is longer than 60 lines"
else
	echo "FAIL layers: functions over 60 lines at: $long"
fi

# The command line and the bench include nothing but barebpf.h and their own headers.
own=$(grep -h '^#include "' cli/*.c cli/*.h bench/*.c bench/*.h | sort -u |
	grep -v -e '"barebpf.h"' -e '"show.h"' -e '"opts.h"' -e '"trace.h"' -e '"bench.h"')
if [ -z "$own" ]; then
	echo "PASS layers: cli/ and bench/ include only barebpf.h and their own headers"
else
	echo "FAIL layers: cli/ or bench/ include internal headers: $own"
fi
