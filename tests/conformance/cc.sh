#!/bin/sh
# cc.sh FILE.c... -- compile selftests programs the way the selftests
# Makefile does (its CLANG_BPF_BUILD_RULE); run in tools/testing/selftests/bpf,
# on the host or in the trixie chroot. Env: CLANG, OUT, FLAGS.
# A file that does not compile leaves the compiler's words in
# OUT/failed/NAME, so a second run neither retries nor rebuilds it.
for f in "$@"; do
	n=$(basename "$f" .c)
	[ -e "$OUT/$n.bpf.o" ] || [ -e "$OUT/failed/$n" ] && continue
	# shellcheck disable=SC2086
	if $CLANG $FLAGS -c "$f" -o "$OUT/$n.tmp" 2>"$OUT/$n.log"; then
		mv "$OUT/$n.tmp" "$OUT/$n.bpf.o"
		rm -f "$OUT/$n.log"
	else
		mv "$OUT/$n.log" "$OUT/failed/$n"
		rm -f "$OUT/$n.tmp"
	fi
done
