#!/bin/sh
# .ksyms externs and kfunc calls on the running kernel: untyped addresses
# against /proc/kallsyms, typed per-CPU variables read through their BTF,
# kfuncs called (6.1+) or poisoned and pruned (older), and a reachable
# missing kfunc named. Prints PASS/FAIL/SKIP lines; busybox sh will do.
#
#   sh tests/ksyms.sh [BAREBPF OBJDIR TRIGGER [TAG]]
#
# Without arguments it runs from the top of the tree. In the VM:
# sh ./ksyms.sh ./barebpf . ./trigger "[vm-x86_64-6.1] ".
if [ $# -eq 0 ]; then
	cd "$(dirname "$0")/.." || exit 1
	arch=$(uname -m | sed -e s/aarch64/arm64/)
	set -- ./barebpf build/$arch/bpf build/$arch/trigger
fi
bb=$1 obj=$2 trig=$3 tag=${4:-}
tmp=$(mktemp -d /tmp/ksyms.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS ${tag}ksyms: $1"; }
fail() { echo "FAIL ${tag}ksyms: $1: $2"; [ -s "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -12; }
skip() { echo "SKIP ${tag}ksyms: $1: $2"; }
check() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }

if [ "$(id -u)" != 0 ]; then
	skip "all" "need root"
	exit 0
fi

# run OBJ ACTION: barebpf in the background until it has attached, ACTION,
# then SIGTERM; the globals are then in $tmp/out as JSON lines.
run() {
	o=$1 act=$2
	shift 2
	: >"$tmp/err"
	timeout 60 $bb run "$obj/$o" --json --duration 50 "$@" >"$tmp/out" 2>"$tmp/err" &
	bbpid=$!
	n=0
	while ! grep -q attached "$tmp/err" && kill -0 $bbpid 2>/dev/null && [ $n -lt 300 ]; do
		n=$((n + 1))
		sleep 0.1
	done
	eval "$act" >/dev/null 2>&1
	sleep 0.3
	kill -TERM $bbpid 2>/dev/null
	wait $bbpid
	rc=$?
}
val() { sed -n "s/^{\"global\":\"$1\",\"value\":\(.*\)}\$/\1/p" "$tmp/out"; }
hex() { printf '%08x%08x' "$(val "$1_hi")" "$(val "$1_lo")"; }
kallsyms() { sed -n "s/^\([0-9a-f]*\) [Tt] $1\$/\1/p" /proc/kallsyms | head -1; }

# Untyped: the loader writes the kallsyms addresses into the instructions.
run ksym_addr.bpf.o "$trig getpid 1"
want=$(kallsyms schedule) want2=$(kallsyms bpf_prog_put)
check "untyped __ksym: the program sees schedule and bpf_prog_put at their kallsyms addresses" \
	'[ $rc = 0 ] && [ -n "$want" ] && [ "$(hex schedule)" = "$want" ] && [ "$(hex prog_put)" = "$want2" ]' \
	"exit $rc; schedule $(hex schedule) (kallsyms $want), bpf_prog_put $(hex prog_put) (kallsyms $want2)"
check "untyped __ksym: a weak one no kernel has is 0" '[ "$(hex missing)" = 0000000000000000 ]' \
	"$(hex missing)"
$bb inspect "$obj/ksym_addr.bpf.o" >"$tmp/inspect" 2>"$tmp/err"
check "inspect shows each untyped __ksym's kallsyms address" \
	'grep -q "schedule .*= 0x$want (from /proc/kallsyms)" "$tmp/inspect" &&
	 grep -q "barebpf_no_such_symbol .*weak.*= 0 (weak, not in /proc/kallsyms)" "$tmp/inspect"' \
	"$(grep -A4 '^externs' "$tmp/inspect")"

# Typed: per-CPU variables through bpf_per_cpu_ptr / bpf_this_cpu_ptr.
possible=$(cat /sys/devices/system/cpu/possible)
ncpu=$((${possible#*-} + 1))
[ "$possible" = 0 ] && ncpu=1
expect=
for i in 0 1 2 3; do
	if [ $i -lt $ncpu ]; then expect="$expect$i,"; else expect="$expect-1,"; fi
done
run ksym_percpu.bpf.o "$trig getpid 1"
if [ $rc != 0 ] && grep -q "without CONFIG_KALLSYMS_ALL" "$tmp/err"; then
	skip "typed __ksym: runqueues and bpf_prog_active read through their BTF" \
		"$(grep -o "the kernel looks up the address.*CONFIG_KALLSYMS_ALL)" "$tmp/err")"
	check "typed __ksym: the refusal names its cause (a kernel without CONFIG_KALLSYMS_ALL)" \
		'grep -Eq "load failed: ENOENT.*typed __ksym .(bpf_prog_active|runqueues)." "$tmp/err"' "exit $rc"
elif [ $rc != 0 ] && grep -q "extern 'runqueues': no kernel variable (VAR) of that name in the BTF" "$tmp/err"; then
	skip "typed __ksym: runqueues and bpf_prog_active read through their BTF" \
		"this kernel's BTF describes no per-CPU variables (barebpf: $(grep -m1 "extern 'runqueues'" "$tmp/err" | sed 's/^barebpf: //'))"
else
	got=$(val rq_cpu | tr -d '[] ')
	check "typed __ksym: runqueues of each CPU says its CPU ($expect for $ncpu possible), bpf_prog_active is 1 inside the program" \
		'[ $rc = 0 ] && [ "$got," = "$expect" ] && [ "$(val prog_active)" = 1 ]' \
		"exit $rc; rq_cpu [$got], prog_active $(val prog_active)"
fi

# kfuncs: called on 6.1 and later (with CONFIG_KEYS), poisoned and pruned
# elsewhere. A VM has no config file of its own: the payload brings it.
kc=
[ -f "$obj/kconfig" ] && kc="--kconfig $obj/kconfig"
$bb -v load "$obj/kfunc.bpf.o" $kc >"$tmp/out" 2>"$tmp/err"
rc=$?
cp "$tmp/err" "$tmp/load"
callable=0
grep -q "extern 'bpf_lookup_system_key': FUNC id" "$tmp/load" &&
	grep -q "extern 'CONFIG_KEYS' = y" "$tmp/load" && callable=1
if [ $rc != 0 ] && grep -q "JIT does not support calling kernel function" "$tmp/err"; then
	skip "kfunc calls" "$(grep -m1 "load failed" "$tmp/err" | sed 's/^barebpf: //')"
elif [ $callable = 0 ]; then
	check "kfunc: weak kfuncs this kernel lacks (or CONFIG_KEYS=n) are poisoned, the guarded calls pruned, the object loads" \
		'[ $rc = 0 ] && grep -q "weak kfunc .bpf_lookup_system_key. is missing\|extern .bpf_lookup_system_key.: FUNC id" "$tmp/err"' "exit $rc"
	run kfunc.bpf.o "$trig exec" $kc
	check "kfunc: the program runs and, on this kernel, takes the early return" \
		'[ $rc = 0 ] && [ "$(val builtin_found)" = -1 ]' "exit $rc; builtin_found $(val builtin_found)"
else
	run kfunc.bpf.o "$trig exec" $kc
	check "kfunc: bpf_lookup_system_key finds the builtin keyring (id 0) and not keyring 1000" \
		'[ $rc = 0 ] && [ "$(val builtin_found)" = 1 ] && [ "$(val bogus_found)" = 0 ]' \
		"exit $rc; builtin_found $(val builtin_found), bogus_found $(val bogus_found)"
	check "kfunc: the weak kfunc no kernel has is a poisoned call, pruned as dead code" \
		'[ "$(val never)" = -1 ] && grep -q "weak kfunc .barebpf_no_such_kfunc. is missing: its call at [0-9]* is poisoned" "$tmp/load"' \
		"never $(val never)"
fi
$bb load "$obj/kfunc_missing.bpf.o" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "kfunc: a reachable call of a missing weak kfunc is refused, and the kfunc named" \
	'[ $rc != 0 ] && grep -q "calls the weak kfunc .barebpf_no_such_kfunc., which this kernel does not have" "$tmp/err"' \
	"exit $rc"

# bpf_ksym_exists(): the address of a weak kfunc, 0 when it is missing.
$bb -v load "$obj/kfunc_exists.bpf.o" >"$tmp/out" 2>"$tmp/err"
rc=$?
have=0
grep -q "extern 'bpf_lookup_system_key': FUNC id" "$tmp/err" && have=1
if [ $rc != 0 ] && grep -q "takes only variables in the ld_imm64 of a __ksym" "$tmp/err"; then
	check "bpf_ksym_exists on a kfunc this kernel has: refused before Linux 6.4, and barebpf says why" \
		'[ $have = 1 ] && grep -q "in ldimm64 isn.t KIND_VAR" "$tmp/err"' "exit $rc"
	skip "bpf_ksym_exists: the program sees which kfuncs exist" \
		"this kernel takes no kfunc address in an ld_imm64 (it says 'isn't KIND_VAR')"
else
	run kfunc_exists.bpf.o "$trig exec"
	want=-1
	[ $have = 1 ] && want=1
	check "bpf_ksym_exists: the program sees which kfuncs exist (lookup $have, missing 0) and calls the one there" \
		'[ $rc = 0 ] && [ "$(val has_lookup)" = $have ] && [ "$(val has_missing)" = 0 ] && [ "$(val builtin_found)" = $want ]' \
		"exit $rc; has_lookup $(val has_lookup), has_missing $(val has_missing), builtin_found $(val builtin_found)"
fi
