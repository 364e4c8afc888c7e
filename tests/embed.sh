#!/bin/sh
# The library as an embedder gets it: `make install` into a DESTDIR and into a
# prefix, the embedding example built from the installed header, archive and
# .pc alone, then run against this kernel. Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
pass() { echo "PASS embed: $1"; }
fail() { echo "FAIL embed: $1: $2"; [ -f "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -10; }

if make -s --no-print-directory install DESTDIR="$tmp/dest" PREFIX=/opt/bb >"$tmp/err" 2>&1 &&
	[ -x "$tmp/dest/opt/bb/bin/barebpf" ] && [ -f "$tmp/dest/opt/bb/lib/libbarebpf.a" ] &&
	[ -f "$tmp/dest/opt/bb/include/barebpf.h" ] &&
	grep -qx 'prefix=/opt/bb' "$tmp/dest/opt/bb/lib/pkgconfig/barebpf.pc"; then
	pass "make install DESTDIR=... PREFIX=/opt/bb puts binary, archive, header and .pc in place"
else
	fail "make install into a DESTDIR" "files missing"
fi

p=$tmp/prefix
make -s --no-print-directory install PREFIX="$p" >"$tmp/err" 2>&1
# Only the installed files: the example sits in an empty directory, away from the tree.
mkdir "$tmp/src" && cp tests/embed/embed.c "$tmp/src/"
flags=$(PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config --cflags --libs barebpf 2>"$tmp/err")
if (cd "$tmp/src" && ${CC:-cc} -std=c11 -Wall -Wextra -Werror embed.c $flags -o embed) \
	2>>"$tmp/err"; then
	pass "the example builds from the installed files ($(echo $flags))"
else
	fail "the example builds from the installed files" "compile failed"
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "SKIP embed: running the example needs root"
	exit 0
fi
"$tmp/src/embed" "build/$arch/bpf/embed.bpf.o" true >"$tmp/out" 2>"$tmp/err" &
pid=$!
for i in $(seq 50); do grep -q attached "$tmp/err" && break; sleep 0.1; done
for i in 1 2 3; do /bin/true; done
/bin/echo hello >/dev/null
sleep 0.5
kill -INT "$pid"
for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid"
rc=$?
pid=
n=$(grep -c 'comm true$' "$tmp/out")
if [ "$n" -ge 3 ] && ! grep -q 'comm echo' "$tmp/out"; then
	pass "ring buffer events arrive, filtered by the global it set ($n execs of true)"
else
	fail "ring buffer events filtered by the global" "$n lines for true: $(head -3 "$tmp/out")"
fi
if [ $rc = 0 ]; then
	pass "SIGINT ends the example cleanly (exit 0)"
else
	fail "SIGINT ends the example cleanly" "exit status $rc"
fi
left=$(bpftool prog show 2>/dev/null | grep -c 'name on_exec ' || true)
if ! command -v bpftool >/dev/null; then
	echo "SKIP embed: nothing left loaded: bpftool is missing"
elif [ "$left" = 0 ]; then
	pass "nothing left loaded after the example exits"
else
	fail "nothing left loaded" "$left on_exec programs still loaded"
fi
