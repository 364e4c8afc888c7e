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
# The targets of usdt_inspect.bpf.o's sections (a fixed path, as in a section).
trap 'rm -rf "$tmp" /tmp/barebpf-inspect-usdt-target /tmp/barebpf-inspect-usdt-target-other' EXIT

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

# __array(values, ...) slots and SEC("?...") as inspect shows them.
"$bb" inspect $obj/compat_slots.bpf.o >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && grep -q "^ *\[2\] = program 'tail'$" "$tmp/out" &&
   grep -q "^ *\[1\] = map 'inner_b'$" "$tmp/out" && grep -q "autoload off" "$tmp/out"; then
	pass "inspect: prog array and map-of-maps slots, autoload off"; else
	fail "inspect compat_slots.bpf.o" "$(grep -E '\[|autoload' "$tmp/out")"; fi
"$bb" load $obj/bad_pinning.bpf.o >"$tmp/out" 2>"$tmp/err"
if [ $? = 2 ] && grep -q "map 'counts': pinning 2 is neither 0 (none) nor 1 (by name)" "$tmp/err"; then
	pass "a pinning value libbpf refuses is refused by name"; else
	fail "load bad_pinning.bpf.o" "$(cat "$tmp/err")"; fi

# inspect lists each USDT site the way attach would use it. Expected from
# readelf: Location moved by .stapsdt.base's address minus the note's Base
# (the copy's notes say a Base 0x10 too low, as after prelink, so the move
# shows), file offsets through the PT_LOAD headers, semaphore, each argument.
# The other architecture's target (make check builds it) shows its spelling.
# Unreadable targets are named with their errno; inspect goes on and exits 0.
cat >"$tmp/usdt.py" <<'PY'
import re, struct, subprocess, sys
def patch(src, dst):
    b = bytearray(open(src, 'rb').read())
    shoff, = struct.unpack_from('<Q', b, 0x28); shnum, shstrndx = struct.unpack_from('<HH', b, 0x3c)
    stro, = struct.unpack_from('<Q', b, shoff + shstrndx * 64 + 24)
    for i in range(1, shnum):
        h = shoff + i * 64
        if b[stro + struct.unpack_from('<I', b, h)[0]:].split(b'\0')[0] != b'.note.stapsdt':
            continue
        off, size = struct.unpack_from('<QQ', b, h + 24)
        end = off + size
        while off < end:
            namesz, descsz, _ = struct.unpack_from('<III', b, off)
            desc = off + 12 + (namesz + 3) // 4 * 4
            base, = struct.unpack_from('<Q', b, desc + 8)
            struct.pack_into('<Q', b, desc + 8, base - 0x10)
            off = desc + (descsz + 3) // 4 * 4
    open(dst, 'wb').write(b)
def readelf(*args):
    return subprocess.run(['readelf', '-W'] + list(args), capture_output=True, text=True).stdout
def arg(i, a):
    size, loc = a.split('@', 1)
    n = abs(int(size))
    out = '      arg %d  %s %d byte%s, ' % (i, 'signed' if size[0] == '-' else 'unsigned', n,
                                         '' if n == 1 else 's')
    m = re.fullmatch(r'(-?\d*)\(%(\w+)\)|\[(\w+)(?:, (-?\d+))?\]', loc)
    if m:
        return out + 'memory at %s%+d' % (m[2] or m[3], int(m[1] or m[4] or 0))
    if loc[0] == '%' or loc[0].isalpha():
        return out + 'register ' + loc.lstrip('%')
    return out + 'constant %d' % int(loc.lstrip('$'))
def expect(path, provider, name):
    stbase = int(re.search(r'\.stapsdt\.base\s+PROGBITS\s+([0-9a-f]+)', readelf('-S', path))[1], 16)
    loads = [(int(v, 16), int(o, 16), int(f, 16)) for o, v, f in
             re.findall(r'LOAD\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x[0-9a-f]+ 0x([0-9a-f]+)',
                        readelf('-l', path))]
    offset = lambda a: next(a - v + o for v, o, f in loads if v <= a < v + f)
    for m in re.finditer(r'Provider: (\S+)\s+Name: (\S+)\s+Location: (\w+), Base: (\w+), '
                         r'Semaphore: (\w+)\s+Arguments: ?(.*)', readelf('-n', path)):
        if (m[1], m[2]) != (provider, name):
            continue
        addr, sema = int(m[3], 16) + stbase - int(m[4], 16), int(m[5], 16)
        where = 'semaphore %#x, file offset %#x' % (sema, offset(sema)) if sema else 'no semaphore'
        print("    site %#x, file offset %#x, %s, args '%s'" % (addr, offset(addr), where, m[6]))
        for i, a in enumerate(re.findall(r'\S+@(?:\[[^]]*\]|\S+)', m[6])):
            print(arg(i + 1, a))
if sys.argv[1] == 'patch':
    patch(sys.argv[2], sys.argv[3])
else:
    expect(*sys.argv[2:])
PY
# usdt_block PROG: the site and argument lines inspect shows under PROG.
usdt_block() {
	sed -n '/^usdt sites:$/,/^$/p' "$tmp/out" |
		awk -v p="$1" '/^  [^ ]/ { on = $1 == p; next } on && /^    (site|  arg)/'
}
if [ -x build/$arch/usdt_target ] && command -v readelf >/dev/null; then
	python3 "$tmp/usdt.py" patch build/$arch/usdt_target "$tmp/target" &&
		mv "$tmp/target" /tmp/barebpf-inspect-usdt-target
	"$bb" inspect $obj/usdt_inspect.bpf.o >"$tmp/out" 2>"$tmp/err"
	rc=$?
	for probe in tick guarded; do
		python3 "$tmp/usdt.py" expect /tmp/barebpf-inspect-usdt-target barebpf $probe >"$tmp/want"
		usdt_block on_$probe >"$tmp/got"
		if [ $rc = 0 ] && grep -q "^    site 0x" "$tmp/want" && cmp -s "$tmp/want" "$tmp/got"; then
			pass "inspect: usdt $probe: address, file offset, arguments as readelf reads them"; else
			fail "inspect: usdt $probe" "exit $rc; $(diff "$tmp/want" "$tmp/got" | head -8)"; fi
	done
	if grep -q "semaphore 0x" "$tmp/want" && ! grep -q "attach would refuse" "$tmp/out" &&
	   [ "$(grep -c "^    1 site in /tmp/barebpf-inspect-usdt-target$" "$tmp/out")" = 2 ]; then
		pass "inspect: usdt guarded has its semaphore; one site each, in the file read"; else
		fail "inspect: usdt semaphore" "$(grep -A4 on_guarded "$tmp/out")"; fi
	sed -n '/^usdt sites:$/,/^$/p' "$tmp/out" | grep -A1 -e '^  on_nosuch' -e '^  on_not_elf' |
		grep '^    ' >"$tmp/got"
	cat >"$tmp/want" <<-EOF
	    no sites: /tmp/barebpf-inspect-usdt-target has no USDT probe of that name
	    no sites: /tmp/barebpf-inspect-no-such-file: ENOENT (No such file or directory)
	    no sites: /dev/null: ENOEXEC (Exec format error)
	    no sites: library libbarebpf-no-such-lib.so.1 not found: ENOENT (No such file or directory)
	EOF
	if [ $rc = 0 ] && cmp -s "$tmp/want" "$tmp/got" && grep -q "^maps (" "$tmp/out" &&
	   grep -q "^relocations (" "$tmp/out"; then
		pass "inspect: usdt targets that cannot be read named with errno, the rest shown"; else
		fail "inspect: unreadable usdt targets" "exit $rc; $(diff "$tmp/want" "$tmp/got" | head -8)"; fi
else
	echo "SKIP cli: inspect usdt sites: build/$arch/usdt_target (make unit-bin) or readelf missing"
fi
other=build/$(if [ "$arch" = x86_64 ]; then echo arm64; else echo x86_64; fi)/usdt_target
if [ -x "$other" ] && [ -s /tmp/barebpf-inspect-usdt-target ]; then
	cp "$other" "$tmp/other" && mv "$tmp/other" /tmp/barebpf-inspect-usdt-target-other
	"$bb" inspect $obj/usdt_inspect.bpf.o >"$tmp/out" 2>"$tmp/err"
	python3 "$tmp/usdt.py" expect /tmp/barebpf-inspect-usdt-target-other barebpf guarded >"$tmp/want"
	usdt_block on_other_arch >"$tmp/got"
	if grep -q "^    site 0x" "$tmp/want" && cmp -s "$tmp/want" "$tmp/got" &&
	   grep -A5 "^  on_other_arch" "$tmp/out" | grep -q "attach would refuse these arguments: a register"; then
		pass "inspect: the other architecture's usdt spelling parsed, its registers refused"; else
		fail "inspect: other architecture's usdt" "$(diff "$tmp/want" "$tmp/got" | head -8)"; fi
else
	echo "SKIP cli: inspect usdt of the other architecture: $other not built (make check)"
fi

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
