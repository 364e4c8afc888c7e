#!/bin/sh
# The command line's words: usage errors, exit codes, help, --version, the
# messages that say what is wrong. Most need no kernel; the non-root checks
# run as nobody (needs root to switch). Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bb=${BB:-./barebpf}
obj=build/$arch/bpf
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS cli: $1"; }
fail() { echo "FAIL cli: $1: $2"; sed 's/^/    /' "$tmp/err" | head -10; }
# expect NAME RC GREP-PATTERN -- ARGS...: exit status and the words on stderr
expect() {
	name=$1 want=$2 pat=$3
	shift 4
	"$bb" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = "$want" ] && grep -q -- "$pat" "$tmp/err"; then pass "$name"; else
		fail "$name" "exit $rc (want $want), stderr not matching '$pat'"; fi
}
# A usage error is its reason and one line to --help, not the whole help.
short() {
	if [ "$(wc -l <"$tmp/err")" = 2 ] && grep -q "^Try 'barebpf" "$tmp/err" &&
	   [ ! -s "$tmp/out" ]; then pass "$1: two lines, nothing on stdout"; else
		fail "$1" "$(wc -l <"$tmp/err") lines on stderr"; fi
}

expect "cleanup with an argument" 2 "^barebpf: cleanup takes no arguments$" -- cleanup extra
short "cleanup extra"
expect "syscall ''" 2 "syscall: NAME is empty" -- syscall ''
short "syscall ''"
expect "syscall with a bad name" 2 "not a syscall name" -- syscall 'a/b'
expect "load --duration" 2 "^barebpf: --duration does not apply to load$" -- load $obj/hello.bpf.o --duration 3
short "load --duration"
expect "inspect --json" 2 "json does not apply to inspect" -- inspect $obj/hello.bpf.o --json
expect "unknown option" 2 "^barebpf: unknown option '--bogus'$" -- --bogus
short "unknown option"
expect "unknown command" 2 "^barebpf: unknown command 'frob'$" -- frob
expect "no command" 2 "no command given" --
expect "run without OBJ" 2 "run needs OBJ" -- run
expect "run with two objects" 2 "run takes one OBJ, not 2 arguments" -- run a b
expect "missing option argument" 2 "^barebpf: --duration needs an argument$" -- run $obj/hello.bpf.o --duration
expect "--duration abc" 2 "duration wants a positive number, not 'abc'" -- run $obj/hello.bpf.o --duration abc
expect "--pages 3" 2 "power of two up to 65536, not '3'" -- run $obj/hello.bpf.o --pages 3
expect "--maps with --no-maps" 2 "say two things" -- run $obj/hello.bpf.o --maps a --no-maps
expect "--event-type nosuch" 2 "event-type 'nosuch': no struct of that name in" -- \
	run $obj/execsnoop.bpf.o --event-type nosuch
expect "--set pid_target=abc" 2 \
	"global 'pid_target': 'abc' is not a number; its type is unsigned int, an unsigned 4-byte integer from 0 to 4294967295" -- \
	inspect $obj/opencount.bpf.o --set pid_target=abc
expect "--set out of range" 2 "'4294967296' is out of range; its type is unsigned int" -- \
	inspect $obj/opencount.bpf.o --set pid_target=4294967296
: >"$tmp/empty.o"
expect "empty file" 2 "^barebpf: object 'empty.o': empty file$" -- inspect "$tmp/empty.o"
head -c 3000 $obj/hello.bpf.o >"$tmp/trunc.o"
expect "truncated object names what runs past the end" 2 \
	"object 'trunc.o': truncated: the section header table (.* entries at offset [0-9]*) runs past the end of the file (3000 bytes)" -- \
	inspect "$tmp/trunc.o"
python3 - "$obj/hello.bpf.o" "$tmp/past.o" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28); shnum, shstrndx = struct.unpack_from('<HH', b, 0x3c)
stro, = struct.unpack_from('<Q', b, shoff + shstrndx * 64 + 24)
for i in range(1, shnum):
    h = shoff + i * 64
    name = b[stro + struct.unpack_from('<I', b, h)[0]:].split(b'\0')[0]
    if name == b'license':
        struct.pack_into('<Q', b, h + 24, len(b) - 2)
open(sys.argv[2], 'wb').write(b)
PY
expect "a section past the end is named" 2 "object 'past.o': section 'license' runs past the end of the file" -- \
	inspect "$tmp/past.o"

# Relocations against externs name no section: inspect says so (and survives).
"$bb" inspect $obj/kconfig.bpf.o >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && grep -q "R_BPF_64_64  CONFIG_HZ (undefined)$" "$tmp/out"; then
	pass "inspect: a relocation against an extern is shown as undefined"; else
	fail "inspect kconfig.bpf.o" "$(tail -2 "$tmp/out")"; fi

"$bb" --version >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && grep -q "^barebpf [0-9]" "$tmp/out" && grep -q "^arch: $arch$" "$tmp/out" &&
   grep -qE "^libc: (glibc|musl)$" "$tmp/out" && grep -qE "^libdw .*: (yes|no)$" "$tmp/out"; then
	pass "--version: version, arch, libc, libdw"; else fail "--version" "$(cat "$tmp/out")"; fi
"$bb" help run >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && grep -q "^usage: barebpf \[-v\] run OBJ" "$tmp/out" && grep -q -- "--interval" "$tmp/out" &&
   "$bb" run --help | cmp -s - "$tmp/out"; then pass "help run = run --help"; else fail "help run" "differs"; fi
"$bb" help load >"$tmp/out"
if ! grep -q -- "--duration" "$tmp/out"; then pass "help load shows only load's options"; else
	fail "help load" "lists --duration"; fi
expect "help of an unknown command" 2 "help: unknown command 'frob'" -- help frob
"$bb" --help >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && grep -q "^commands:" "$tmp/out" && grep -q "^exit status:" "$tmp/out"; then
	pass "--help: commands, options, exit status on stdout"; else fail "--help" "incomplete"; fi

# The man page renders without warnings; completion offers the commands and run's options.
if command -v groff >/dev/null; then
	w=$(groff -ww -t -man -Tutf8 doc/barebpf.1 2>&1 >/dev/null)
	if [ -z "$w" ]; then pass "man page renders without warnings"; else fail "man page" "$w"; fi
else
	echo "SKIP cli: man page: groff is not installed"
fi
if command -v bash >/dev/null; then
	got=$(bash -c '. doc/barebpf.bash-completion; COMP_WORDS=(barebpf ""); COMP_CWORD=1; _barebpf; echo "${COMPREPLY[*]}"
		COMP_WORDS=(barebpf run x.o --ti); COMP_CWORD=3; _barebpf; echo "${COMPREPLY[*]}"')
	if echo "$got" | head -1 | grep -q "inspect load run syscall cleanup unpin help" &&
	   [ "$(echo "$got" | tail -1)" = "--timestamp" ]; then pass "bash completion: commands, run's options"; else
		fail "bash completion" "$got"; fi
fi

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	echo "SKIP cli: non-root checks: need root (to become nobody) and setpriv"
	exit 0
fi
asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
if [ -d /sys/kernel/tracing/events ] && ! asnobody test -r /sys/kernel/tracing/events; then
	asnobody "$bb" cleanup >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 1 ] && grep -q "permission denied" "$tmp/err" && ! grep -q "not mounted" "$tmp/err"; then
		pass "cleanup as nobody: permission denied, not 'not mounted'"; else
		fail "cleanup as nobody" "exit $rc"; fi
	asnobody "$bb" syscall openat >"$tmp/out" 2>"$tmp/err"
	if grep -q "permission denied" "$tmp/err" && ! grep -q "not mounted" "$tmp/err"; then
		pass "syscall as nobody: permission denied, not 'not mounted'"; else
		fail "syscall as nobody" "$(cat "$tmp/err")"; fi
else
	echo "SKIP cli: tracefs is not mounted, or readable by nobody"
fi
asnobody "$bb" inspect $obj/hello.bpf.o >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && grep -q "^programs (1)" "$tmp/out"; then pass "inspect as nobody"; else
	fail "inspect as nobody" "refused"; fi
