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
# Both libraries export barebpf.h's calls and nothing else (all named bb_).
for lib in "$p/lib/libbarebpf.a" "$p/lib/libbarebpf.so"; do
	case $lib in *.so) syms=$(nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}') ;;
	*) syms=$(nm -g --defined-only "$lib" | awk 'NF == 3 {print $3}') ;; esac
	other=$(echo "$syms" | grep -v '^bb_' | head -5 | tr '\n' ' ')
	if [ -n "$syms" ] && [ -z "$other" ]; then
		pass "$(basename "$lib") exports only bb_ symbols ($(echo "$syms" | wc -l) of them)"
	else
		fail "$(basename "$lib") exports only bb_ symbols" "also: ${other:-nothing exported}"
	fi
done
if [ "$(readelf -d "$p/lib/libbarebpf.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" = libbarebpf.so.0 ]; then
	pass "libbarebpf.so has the SONAME libbarebpf.so.0"
else
	fail "libbarebpf.so's SONAME" "$(readelf -d "$p/lib/libbarebpf.so" | grep SONAME)"
fi
# Only the installed files: the example sits in an empty directory, away from the tree.
mkdir "$tmp/src" && cp tests/embed/embed.c "$tmp/src/"
pc() { PKG_CONFIG_PATH=$p/lib/pkgconfig pkg-config "$@" barebpf 2>>"$tmp/err"; }
# Shared (what -lbarebpf finds first), and static from the archive.
shared="$(pc --cflags --libs) -Wl,-rpath,$p/lib"
static="$(pc --cflags) $p/lib/libbarebpf.a $(pc --static --libs | sed 's/-lbarebpf//')"
for kind in shared static; do
	eval flags=\$$kind
	if (cd "$tmp/src" && ${CC:-cc} -std=c11 -Wall -Wextra -Werror embed.c $flags -o embed-$kind) \
		2>>"$tmp/err"; then
		pass "the example builds from the installed files, $kind ($(echo $flags))"
	else
		fail "the example builds from the installed files, $kind" "compile failed"
		exit 0
	fi
done
if ldd "$tmp/src/embed-shared" | grep -q "libbarebpf.so.0 => $p/lib/"; then
	pass "the shared build runs with the installed libbarebpf.so.0"
else
	fail "the shared build runs with the installed libbarebpf.so.0" "$(ldd "$tmp/src/embed-shared" | grep barebpf)"
fi

if [ "$(id -u)" != 0 ]; then
	echo "SKIP embed: running the example needs root"
	exit 0
fi
for kind in shared static; do
"$tmp/src/embed-$kind" "build/$arch/bpf/embed.bpf.o" true >"$tmp/out" 2>"$tmp/err" &
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
	pass "$kind: ring buffer events arrive, filtered by the global it set ($n execs of true)"
else
	fail "$kind: ring buffer events filtered by the global" "$n lines for true: $(head -3 "$tmp/out")"
fi
if [ $rc = 0 ]; then
	pass "$kind: SIGINT ends the example cleanly (exit 0)"
else
	fail "$kind: SIGINT ends the example cleanly" "exit status $rc"
fi
left=$(bpftool prog show 2>/dev/null | grep -c 'name on_exec ' || true)
if ! command -v bpftool >/dev/null; then
	echo "SKIP embed: nothing left loaded: bpftool is missing"
elif [ "$left" = 0 ]; then
	pass "$kind: nothing left loaded after the example exits"
else
	fail "$kind: nothing left loaded" "$left on_exec programs still loaded"
fi
done
