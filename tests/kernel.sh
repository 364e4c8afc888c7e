#!/bin/sh
# Kernel tests on the running kernel, as root: load, attach, see events arrive,
# detach, and leave nothing behind. Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bb=./barebpf
obj=build/$arch/bpf
trig=build/$arch/trigger
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; [ -f "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -20; }
check() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }

if [ "$(id -u)" != 0 ]; then
	echo "SKIP kernel tests: need root"
	exit 0
fi
if ! $bb load $obj/hello.bpf.o >/dev/null 2>"$tmp/err"; then
	if grep -q 'Function not implemented' "$tmp/err"; then
		echo "SKIP kernel tests: this kernel has no bpf() (CONFIG_BPF_SYSCALL)"
		exit 0
	fi
fi

# Our programs still loaded in the kernel, by name (bpftool when present, else
# the names in /proc/*/fdinfo of live processes cannot tell; bpftool is a dep).
ours() {
	bpftool prog show 2>/dev/null | grep -cE "name ($1)( |$)" || true
}
progs_gone() {
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ "$(ours "$1")" = 0 ] && return 0
		sleep 0.2
	done
	return 1
}
count() { grep -c "$1" "$2" || true; }

for e in hello opencount subprog legacy_maps multiprog unlink readline; do
	$bb load $obj/$e.bpf.o >"$tmp/out" 2>"$tmp/err"
	check "load $e" '[ $? = 0 ] && grep -q verified "$tmp/out"' "barebpf load exited non-zero"
done
check "load leaves no program behind" 'progs_gone "hello|count_openat|tp_getpid|raw_sys_enter|count_getpid|getppid_first|getppid_second|handle_sys_exit"' \
	"programs still loaded after barebpf load exited"

$bb load $obj/verifier_reject.bpf.o >"$tmp/out" 2>"$tmp/err"
rc=$?
check "verifier rejection exits 1" '[ $rc = 1 ]' "exit status $rc"
check "verifier rejection names the program" "grep -q \"program 'missing_null_check': load failed\" \"$tmp/err\"" "no program name"
check "verifier rejection shows the verifier's words" 'grep -q "invalid mem access" "$tmp/err"' "no verifier log"
check "verifier log quotes the source line (BTF line info)" \
	'grep -q "; __u64 \*value = bpf_map_lookup_elem(&values, &key); @ verifier_reject.bpf.c:" "$tmp/err"' \
	"no source lines in the log"

$bb load $obj/verifier_biglog.bpf.o >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a verifier log past the first buffer is shown whole (buffer grown on ENOSPC)" \
	"[ $rc = 1 ] && grep -q '^ *0: R1=ctx()' \"$tmp/err\" && grep -q \"R1 invalid mem access 'scalar'\" \"$tmp/err\"" \
	"exit $rc, $(wc -c <"$tmp/err") bytes of log"

python3 tests/btf_break.py $obj/hello.bpf.o "$tmp/badbtf.o" >/dev/null
$bb load "$tmp/badbtf.o" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "BTF the kernel refuses: said so, programs loaded without it" \
	"[ $rc = 0 ] && grep -q 'the kernel rejected its BTF' \"$tmp/err\" && grep -q verified \"$tmp/out\"" \
	"exit $rc"

# run: bpf_printk lines from a tracepoint arrive through trace_pipe.
(sleep 1; $trig exec 5) &
timeout 30 $bb run $obj/hello.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "run hello exits 0 after --duration" '[ $rc = 0 ]' "exit status $rc"
check "run hello shows execve events" '[ "$(count "hello: pid .* comm trigger" "$tmp/out")" -ge 5 ]' \
	"expected 5 'hello' lines from the trigger's execs, got $(count 'comm trigger' "$tmp/out")"
check "run hello detaches" 'progs_gone hello' "program still loaded"

(sleep 1; $trig getpid 3; $trig getppid 3) &
timeout 30 $bb run $obj/subprog.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "run subprog (bpf-to-bpf calls)" '[ $rc = 0 ] && grep -q "subprog: getpid pid" "$tmp/out"' \
	"no 'subprog: getpid' line (exit $rc)"
check "run subprog raw_tracepoint attach" 'grep -q "subprog: sys_enter getppid pid" "$tmp/out"' \
	"no raw tracepoint line"

(sleep 1; $trig getppid 4) &
timeout 30 $bb run $obj/multiprog.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
wait
check "run multiprog: two programs in one section" \
	'grep -q "multiprog: first" "$tmp/out" && grep -q "multiprog: second" "$tmp/out"' \
	"missing first/second lines"

(sleep 1; $trig open 3 /etc/hostname) &
timeout 30 $bb run $obj/opencount.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
wait
check "run opencount (BTF map, .rodata/.data/.bss)" 'grep -q "opencount: tgid .* file /etc/hostname" "$tmp/out"' \
	"no opencount line for /etc/hostname"

# SIGTERM and SIGINT end a run cleanly.
for sig in TERM INT; do
	timeout 30 $bb run $obj/hello.bpf.o >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	sleep 1.5
	kill -$sig $pid
	wait $pid
	rc=$?
	check "run stops on SIG$sig with status 0" '[ $rc = 0 ] && grep -q detached "$tmp/err"' "exit status $rc"
	check "run leaves nothing after SIG$sig" 'progs_gone hello' "program still loaded"
done

# Errors: clear message, exit status, nothing left behind.
timeout 30 $bb run $obj/bad_tracepoint.bpf.o --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "missing tracepoint: exit 1 and named" \
	"[ $rc = 1 ] && grep -q \"program 'on_nothing': tracepoint 'nosuch_category/nosuch_event'\" \"$tmp/err\"" \
	"exit $rc"
check "missing tracepoint: nothing left" 'progs_gone on_nothing' "program still loaded"

timeout 30 $bb run $obj/bad_tp_name.bpf.o --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "tracepoint name with '..' refused" "[ $rc = 1 ] && grep -q 'is not a tracepoint name' \"$tmp/err\"" "exit $rc"

$bb load $obj/unknown_section.bpf.o >"$tmp/out" 2>"$tmp/err"
rc=$?
check "unknown section refused by name" \
	"[ $rc = 1 ] && grep -q \"program 'in_mystery': section 'mystery/thing' is not a program type\" \"$tmp/err\"" \
	"exit $rc"

head -c 100 $obj/hello.bpf.o >"$tmp/trunc.o"
$bb load "$tmp/trunc.o" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "truncated object: exit 2 with a message" "[ $rc = 2 ] && grep -q \"object 'trunc.o'\" \"$tmp/err\"" "exit $rc"

$bb load /nonexistent.o >"$tmp/out" 2>"$tmp/err"
rc=$?
check "missing object file: exit 2" "[ $rc = 2 ] && grep -q 'No such file' \"$tmp/err\"" "exit $rc"

# -v narrates the strace sequence: perf_event_open, SET_BPF, ENABLE.
timeout 30 $bb -v run $obj/hello.bpf.o --duration 0.5 >"$tmp/out" 2>"$tmp/err"
check "-v narrates the attach sequence" \
	'grep -q "bpf(BPF_PROG_LOAD" "$tmp/err" && grep -q "perf_event_open({type=PERF_TYPE_TRACEPOINT" "$tmp/err" && grep -q PERF_EVENT_IOC_SET_BPF "$tmp/err" && grep -q PERF_EVENT_IOC_ENABLE "$tmp/err"' \
	"sequence missing from -v output"

# kprobes: this kernel may lack them; then the message must say why.
if [ ! -e /sys/kernel/tracing/kprobe_events ] && [ ! -e /sys/kernel/debug/tracing/kprobe_events ]; then
	timeout 30 $bb run $obj/unlink.bpf.o --duration 1 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "kprobe without CONFIG_KPROBES: clear message" \
		"[ $rc = 1 ] && grep -q 'CONFIG_KPROBES' \"$tmp/err\" && progs_gone 'do_unlinkat|do_unlinkat_exit'" "exit $rc"
else
	echo "SKIP kprobe-less message: this kernel has kprobes (the VM tests cover them)"
fi

# uprobes, natively: bash's readline through a pseudo-terminal.
uev=/sys/kernel/tracing/uprobe_events
ours_u() { grep -c ':barebpf/' $uev 2>/dev/null || true; }
bash_lines() {
	printf 'echo %s\nexit\n' "$1" | script -qc 'bash --norc --noprofile -i' /dev/null >/dev/null 2>&1
}
if ! command -v script >/dev/null || [ ! -x /bin/bash ]; then
	echo "SKIP uprobe tests: need /bin/bash and script(1)"
else
	(sleep 1.5; bash_lines uprobe-marker-1) &
	timeout 30 $bb run $obj/readline.bpf.o --duration 4 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	wait
	check "uretprobe on bash readline shows the line" \
		'[ $rc = 0 ] && grep -q "readline: pid .* read: echo uprobe-marker-1" "$tmp/out"' "exit $rc"
	check "uprobe event removed after the run" '[ "$(ours_u)" = 0 ]' "$(cat $uev)"

	# --pid: a probe for one bash process does not fire for another.
	sleep 30 &
	other=$!
	(sleep 1.5; bash_lines uprobe-marker-2) &
	timeout 30 $bb run $obj/readline.bpf.o --duration 4 --pid $other >"$tmp/out" 2>"$tmp/err"
	rc=$?
	wait $!
	kill $other 2>/dev/null
	check "uprobe --pid filters out other processes" \
		'[ $rc = 0 ] && ! grep -q "uprobe-marker-2" "$tmp/out"' "exit $rc"

	# A closed output pipe ends the run like Ctrl-C: probes removed, status 0.
	(sleep 1.5; bash_lines uprobe-marker-3; bash_lines uprobe-marker-4) &
	timeout 30 $bb run $obj/readline.bpf.o --duration 10 2>"$tmp/err" | head -c 1 >/dev/null
	rc=$?
	wait
	check "closed output pipe: run stops, uprobes removed" '[ "$(ours_u)" = 0 ] && grep -q detached "$tmp/err"' \
		"$(cat $uev)"

	# Cleanup judges only its own pid namespace, and only dead owners.
	ns=$(readlink /proc/self/ns/pid | tr -dc 0-9)
	sleep 30 &
	live=$!
	echo "p:barebpf/p_fake_${ns}_$live /bin/true:0x1000" >>$uev
	unshare --pid --fork --mount-proc $bb cleanup >/dev/null 2>&1
	$bb cleanup >/dev/null 2>&1
	check "cleanup leaves a live owner's entry, also from another pid namespace" \
		'grep -q "p_fake_${ns}_$live" $uev' "removed"
	kill $live
	wait $live 2>/dev/null
	$bb cleanup >"$tmp/out" 2>&1
	check "cleanup removes the entry once its owner is gone" \
		'! grep -q "p_fake_${ns}_$live" $uev && grep -q "removed 1" "$tmp/out"' "$(cat $uev)"

	timeout 30 $bb run $obj/uprobe_missing.bpf.o --duration 1 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "uprobe on a missing symbol: clear error, nothing left" \
		"[ $rc = 1 ] && grep -q \"no function 'barebpf_no_such_symbol'\" \"$tmp/err\" && [ \"\$(ours_u)\" = 0 ]" \
		"exit $rc"
fi

# The raw sequence as strace sees it: probe line, perf_event_open, SET_BPF, ENABLE, removal.
if command -v strace >/dev/null; then
	timeout 60 strace -f -o "$tmp/strace" -e trace=write,perf_event_open,ioctl \
		$bb run $obj/readline.bpf.o --duration 1 >/dev/null 2>"$tmp/err"
	grep -nE 'uprobe_events|r:barebpf|perf_event_open|PERF_EVENT_IOC|-:barebpf' "$tmp/strace" >"$tmp/seq" 2>/dev/null
	order=$(grep -oE 'r:barebpf|perf_event_open|PERF_EVENT_IOC_SET_BPF|PERF_EVENT_IOC_ENABLE|PERF_EVENT_IOC_DISABLE|-:barebpf' "$tmp/seq" | tr '\n' ' ')
	check "strace shows the uprobe attach sequence in order" \
		'[ "$order" = "r:barebpf perf_event_open PERF_EVENT_IOC_SET_BPF PERF_EVENT_IOC_ENABLE PERF_EVENT_IOC_DISABLE -:barebpf " ]' \
		"got: $order"
else
	echo "SKIP strace sequence: strace is not installed"
fi

# Events through the perf ring and the ring buffer, decoded with BTF.
(sleep 1; bash -c "$trig exec 3") &
timeout 30 $bb run $obj/execsnoop.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "perf ring: execsnoop decodes one line per exec" \
	'[ $rc = 0 ] && [ "$(grep -c "^pid=[0-9]* tid=[0-9]* uid=0 comm=\"trigger\" filename=" "$tmp/out")" -ge 3 ]' \
	"exit $rc, $(grep -c comm= "$tmp/out") decoded lines"
check "perf ring: the filename is decoded as a string" \
	"grep -q 'comm=\"bash\" filename=\"$trig\"' \"$tmp/out\"" "no bash exec of the trigger"

(sleep 1; $trig exec 3) &
timeout 30 $bb run $obj/execsnoop.bpf.o --duration 3 --json >"$tmp/out" 2>"$tmp/err"
wait
check "--json: every line is a JSON object with the event's fields" \
	'python3 -c "import json,sys; evs=[json.loads(l) for l in open(sys.argv[1])]; assert sum(1 for e in evs if e.get(\"event\",{}).get(\"comm\")==\"trigger\")>=3" "$tmp/out"' \
	"not JSON or no trigger events"

# --json: every stdout line one object, trace_pipe lines with their fields.
(sleep 1; $trig exec 3) &
timeout 30 $bb run $obj/hello.bpf.o --duration 3 --json >"$tmp/out" 2>"$tmp/err"
wait
if grep -q 'trace_pipe: EBUSY' "$tmp/err"; then
	echo "SKIP --json trace lines: another process reads trace_pipe"
else
	check "--json: trace_pipe lines as objects with task, pid, cpu, ts, msg" \
		'python3 -c "import json,sys; l=[json.loads(x) for x in open(sys.argv[1])]; t=[e for e in l if \"trace\" in e and e.get(\"msg\",\"\").endswith(\"comm trigger\")]; assert len(t)>=3 and all(e[\"task\"] and e[\"trace\"].lstrip().startswith(e[\"task\"] + \"-\") and isinstance(e[\"pid\"],int) and isinstance(e[\"cpu\"],int) and isinstance(e[\"ts\"],float) and e[\"msg\"].startswith(\"hello: pid\") for e in t)" "$tmp/out"' \
		"$(head -3 "$tmp/out")"
fi
(sleep 1; $trig exec 3) &
timeout 30 $bb run $obj/exitsnoop.bpf.o --duration 3.5 --json --interval 1 >"$tmp/out" 2>"$tmp/err"
wait
check "--json --interval: {\"snapshot\": N, \"ts\": T} before each dump, nothing but JSON" \
	'python3 -c "import json,sys; l=[json.loads(x) for x in open(sys.argv[1])]; s=[e[\"snapshot\"] for e in l if \"snapshot\" in e]; assert s[:3]==[1,2,3]" "$tmp/out"' \
	"$(grep -v '^{' "$tmp/out" | head -3)"
check "--json ring buffer events: map named, no cpu, a ts" \
	'python3 -c "import json,sys; l=[json.loads(x) for x in open(sys.argv[1])]; e=[x for x in l if \"event\" in x]; assert e and all(x[\"map\"]==\"rb\" and \"cpu\" not in x and x[\"ts\"]>0 for x in e)" "$tmp/out"' \
	"$(head -2 "$tmp/out")"
(sleep 1; $trig exec 3) &
timeout 30 $bb run $obj/execsnoop.bpf.o --duration 3 -t >"$tmp/out" 2>"$tmp/err"
wait
check "text: a header of the event's members, -t puts HH:MM:SS before each event" \
	'[ "$(head -1 "$tmp/out")" = "TIME     PID TID UID COMM FILENAME" ] && grep -qE "^[0-9]{2}:[0-9]{2}:[0-9]{2} pid=[0-9]+ tid=" "$tmp/out"' \
	"$(head -2 "$tmp/out")"
(sleep 1; $trig exec 3) &
timeout 30 $bb run $obj/exitsnoop.bpf.o --duration 3 --pid 1 >"$tmp/out" 2>"$tmp/err"
wait
check "--pid on a tracepoint: warned that it does not filter it" \
	"grep -q \"warning: --pid 1 does not filter program '.*' (tracepoint): only uprobes take a pid\" \"$tmp/err\"" "no warning"

(sleep 1; $trig exec 3) &
timeout 30 $bb run $obj/exitsnoop.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
wait
check "ring buffer: exitsnoop decodes one line per exit" \
	'[ "$(grep -c "^pid=[0-9]* prio=[0-9]* duration_ns=[0-9]* comm=\"true\"" "$tmp/out")" -ge 3 ]' \
	"$(grep -c comm= "$tmp/out") decoded lines"
check "globals shown at exit" 'grep -q "^dropped = 0" "$tmp/out"' "no 'dropped' line"
check "text: a time line before the map dump" 'grep -qE "^--- [0-9]{2}:[0-9]{2}:[0-9]{2} ---$" "$tmp/out"' "none"

# Event structs only on the stack: from DWARF (-g) when built with libdw.
if $bb --version | grep -q 'libdw.*: yes'; then
	(sleep 1; $trig exec 3) &
	timeout 30 $bb run $obj/dwarf_event.bpf.o --duration 3 --event-type exec_event >"$tmp/out" 2>"$tmp/err"
	wait
	check "DWARF: a stack-only event struct named by --event-type decodes the records" \
		"grep -q 'events decoded as struct exec_event, from DWARF' \"$tmp/err\" && [ \"\$(head -1 $tmp/out)\" = 'PID DELTA BIG COMM' ] && grep -q '^pid=[0-9]* delta=-7 big=1099511627776 comm=\"trigger\"' \"$tmp/out\"" \
		"$(head -3 "$tmp/out")"
	(sleep 1; $trig exec 3) &
	timeout 30 $bb run $obj/dwarf_twice.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
	wait
	check "DWARF: two structs of the record's size: said so, hex dumps" \
		"grep -q '2 structs of 8 bytes in DWARF fit the records (close_t, open_event): hex dumps' \"$tmp/err\" && grep -qE '^[0-9a-f]{2} [0-9a-f]{2} ' \"$tmp/out\"" \
		"$(head -3 "$tmp/err")"
	(sleep 1; $trig exec 3) &
	timeout 30 $bb run $obj/dwarf_twice.bpf.o --duration 3 --event-type close_t --json >"$tmp/out" 2>"$tmp/err"
	wait
	check "DWARF: --event-type picks one, --json decodes it" \
		'python3 -c "import json,sys; e=[json.loads(l)[\"event\"] for l in open(sys.argv[1]) if \"event\" in l]; assert e and all(x[\"fd\"]==1 for x in e)" "$tmp/out"' \
		"$(head -2 "$tmp/out")"
else
	echo "SKIP DWARF event types: this barebpf is built without libdw"
fi

reads() { sleep 0.5; for i in 1 2 3 4 5 6 7 8 9 10; do head -c 1 /etc/hostname >/dev/null; sleep 0.2; done; }
reads &
timeout 30 $bb run $obj/readlat.bpf.o --duration 2 >"$tmp/out" 2>"$tmp/err"
wait
check "log2 histogram printed at exit" \
	'grep -q "usecs *: count *distribution" "$tmp/out" && grep -qE "^ +0 -> 1 +: [0-9]+ +\|" "$tmp/out"' "no histogram"

reads &
timeout 30 $bb run $obj/readlat.bpf.o --duration 2.5 --interval 1 >"$tmp/out" 2>"$tmp/err"
wait
check "--interval prints the maps repeatedly" '[ "$(grep -c "usecs *: count" "$tmp/out")" -ge 3 ]' \
	"$(grep -c 'usecs *: count' "$tmp/out") histograms"

# --set: the pid filter of opencount, a const volatile in .rodata.
(sleep 1.5; exec $trig open 3 /etc/hostname) &
target=$!
(sleep 1.5; $trig open 3 /etc/hostname) &
timeout 30 $bb run $obj/opencount.bpf.o --duration 3.5 --set pid_target=$target >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "--set pid_target filters by pid" \
	"[ $rc = 0 ] && grep -q 'opencount: tgid $target file /etc/hostname' \"$tmp/out\" && ! grep 'opencount: tgid' \"$tmp/out\" | grep -vq 'tgid $target '" \
	"exit $rc; lines: $(grep -c 'opencount: tgid' "$tmp/out")"
check "hash map printed at exit with BTF keys" "grep -q '^counts\\[$target\\] = 3\$' \"$tmp/out\"" \
	"$(grep '^counts' "$tmp/out" | head -3)"
(sleep 1; $trig open 3 /etc/hostname) &
timeout 30 $bb run $obj/opencount.bpf.o --duration 2 --maps counts >"$tmp/out" 2>"$tmp/err"
wait
check "--maps counts: that map only" 'grep -q "^counts\\[" "$tmp/out" && ! grep -qE "^[a-z_]+ = " "$tmp/out"' \
	"$(grep -v '^opencount' "$tmp/out" | head -5)"
check "hash map dumped sorted by key bytes (many keys)" \
	'grep "^counts\\[" "$tmp/out" | python3 -c "import sys,struct; k=[struct.pack(\"<I\",int(l.split(\"[\")[1].split(\"]\")[0])) for l in sys.stdin]; assert k==sorted(k)"' \
	"$(grep '^counts' "$tmp/out" | head -5)"
timeout 30 $bb run $obj/opencount.bpf.o --duration 1 --no-maps >"$tmp/out" 2>"$tmp/err"
check "--no-maps: no dump, no time line" '! grep -qE "^(counts\\[|counts: empty|--- )" "$tmp/out"' "$(head -3 "$tmp/out")"

$bb run $obj/opencount.bpf.o --set no_such_global=1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--set of an unknown name lists the variables" \
	"[ $rc = 2 ] && grep -q \"global 'no_such_global': no such variable\" \"$tmp/err\" && grep -q 'pid_target (.rodata)' \"$tmp/err\"" \
	"exit $rc"

grep -q ' /sys/fs/bpf bpf' /proc/mounts || mount -t bpf bpf /sys/fs/bpf
pindir=/sys/fs/bpf/barebpf_test_$$
mkdir -p $pindir
timeout 30 $bb run $obj/opencount.bpf.o --duration 0.5 --pin $pindir >"$tmp/out" 2>"$tmp/err"
check "--pin pins the maps for other tools" '[ -e $pindir/counts ] && [ -e $pindir/rodata ] && [ -e $pindir/bss ]' \
	"$(ls $pindir)"
timeout 30 $bb -v run $obj/opencount.bpf.o --duration 0.5 --pin $pindir --pin-progs >"$tmp/out" 2>"$tmp/err"
check "--pin reuses the maps pinned there (BPF_OBJ_GET), --pin-progs pins the programs" \
	"grep -q \"map 'counts': reusing the map pinned at $pindir/counts\" \"$tmp/err\" && [ -e $pindir/prog_count_openat ]" \
	"$(ls $pindir)"
$bb load $obj/readlat.bpf.o --pin $pindir >"$tmp/out" 2>"$tmp/err"
rc=$?
check "--pin: a pinned map that differs is an error naming the field" \
	"[ $rc = 1 ] && grep -q \"map '.rodata': the map pinned at $pindir/rodata has value_size [0-9]*, the object's has [0-9]*\" \"$tmp/err\"" \
	"exit $rc"
bpftool map create $pindir/other type array key 4 value 4 entries 1 name other 2>/dev/null
$bb unpin $pindir >"$tmp/out" 2>"$tmp/err"
rc=$?
check "unpin removes what barebpf pinned, and only that" \
	"[ $rc = 0 ] && grep -q 'removed 5 pin' \"$tmp/out\" && [ \"\$(ls $pindir)\" = other ]" "exit $rc, left: $(ls $pindir)"
$bb unpin $pindir >"$tmp/out" 2>"$tmp/err"
rc=$?
check "unpin where barebpf pinned nothing: exit 1, said so" \
	"[ $rc = 1 ] && grep -q 'barebpf pinned nothing here' \"$tmp/err\"" "exit $rc"
rm -rf $pindir

# CO-RE: objects built the libbpf way (vmlinux.h, BPF_CORE_READ) against this kernel.
for f in core_read core_btf core_exists; do
	$bb load $obj/$f.bpf.o >"$tmp/out" 2>"$tmp/err"
	check "CO-RE $f loads" '[ $? = 0 ]' "refused"
done
$bb load $obj/core_unguarded.bpf.o >"$tmp/out" 2>"$tmp/err"
rc=$?
check "CO-RE: an unguarded access to a missing field is poisoned and refused" \
	"[ $rc = 1 ] && grep -q 'unknown#195896080' \"$tmp/err\"" "exit $rc"
# The trigger (pid P) forks a child that calls execve: its parent must read as P.
(sleep 1; sh -c "echo \$\$ >$tmp/pid; exec $trig exec 1") &
timeout 30 $bb run $obj/core_read.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
wait
check "CO-RE: BPF_CORE_READ values are right (parent pid of the execve caller)" \
	'grep -qE "core_read: [0-9]+ \(parent $(cat $tmp/pid)\), running trigger, calls execve" "$tmp/out"' \
	"$(grep -m1 core_read "$tmp/out")"
$bb -v load $obj/core_read.bpf.o >"$tmp/out" 2>"$tmp/err"
check "-v reports each CO-RE relocation" 'grep -q "CO-RE relocation #0" "$tmp/err"' "nothing reported"

# BTF-typed programs: tp_btf and iterators work here; fentry/fexit/fmod_ret/lsm
# need BPF trampolines, which some kernels refuse: then a clear message.
(sleep 1; $trig exec 3) &
timeout 30 $bb run $obj/tp_btf.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "tp_btf/sched_process_exec fires (BPF_LINK_CREATE)" \
	"[ $rc = 0 ] && [ \"\$(count 'tp_btf: exec pid' \"$tmp/out\")\" -ge 3 ]" \
	"exit $rc, $(count 'tp_btf: exec' "$tmp/out") tp_btf lines"
check "tp_btf: counts in its map" 'grep -q "^execs\[[0-9]*\] = [1-9]" "$tmp/out"' "no execs map lines"
check "tp_btf detaches" 'progs_gone on_exec' "program still loaded"

timeout 30 $bb run $obj/iter_task.bpf.o >"$tmp/out" 2>"$tmp/err"
rc=$?
check "iter/task lists tasks (the test shell's pid among them) and exits" \
	"[ $rc = 0 ] && grep -qE '^ +$$ +$$ ' \"$tmp/out\"" \
	"exit $rc, $(wc -l <"$tmp/out") lines"
timeout 30 $bb run $obj/iter_task.bpf.o --json >"$tmp/out" 2>"$tmp/err"
check "iter --json: one {\"iter\": ...} object per line" \
	'python3 -c "import json,sys; l=[json.loads(x)[\"iter\"] for x in open(sys.argv[1])]; assert len(l) > 3 and \"comm\" in l[0]" "$tmp/out"' \
	"$(head -3 "$tmp/out")"
timeout 30 $bb run $obj/iter_task.bpf.o --duration 2.5 --interval 1 >"$tmp/out" 2>"$tmp/err"
check "iter with --interval is read again" '[ "$(grep -c " comm$" "$tmp/out")" -ge 3 ]' \
	"$(grep -c " comm$" "$tmp/out") reads"
check "iter leaves nothing" 'progs_gone list_tasks' "program still loaded"
$bb -v load $obj/iter_task.bpf.o >"$tmp/out" 2>"$tmp/err"
check "-v narrates the BTF lookup" \
	"grep -qE 'BTF: iter target task is FUNC bpf_iter_task \[[0-9]+\] in /sys/kernel/btf/vmlinux' \"$tmp/err\"" \
	"$(grep -m1 'BTF:' "$tmp/err")"

$bb load $obj/btf_missing.bpf.o >"$tmp/out" 2>"$tmp/err"
rc=$?
check "fentry target missing from BTF: named, exit 1" \
	"[ $rc = 1 ] && grep -q \"program 'fentry_missing': fentry target 'barebpf_no_such_function' is not traceable (missing from BTF, inlined, or notrace)\" \"$tmp/err\"" "exit $rc"
check "tp_btf and iter targets missing from BTF: named" \
	"grep -q \"tp_btf target 'barebpf_no_such_tracepoint' is not a tracepoint\" \"$tmp/err\" && grep -q \"iter target 'barebpf_no_such_iterator' is not an iterator\" \"$tmp/err\""

for e in fentry fmod_ret lsm; do
	timeout 30 $bb run $obj/$e.bpf.o --duration 2 >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	sleep 1
	$trig unlinkat 1 "$tmp/barebpf-lsm-deny"
	wait $pid
	rc=$?
	if [ $rc = 0 ]; then
		echo "SKIP $e refusal: this kernel has BPF trampolines (the VM tests check them firing)"
	else
		check "$e on a kernel without BPF trampolines: exit 1, a clear message" \
			"[ $rc = 1 ] && grep -qE \"program '[a-z_]+': (load|attach) failed: E[A-Z]+ .*refuses BPF trampolines\" \"$tmp/err\"" \
			"exit $rc"
	fi
	check "$e leaves nothing behind" 'progs_gone "unlink_entry|unlink_exit|fake_getpgid|deny_unlink"' "program still loaded"
done
grep -q "is 'bpf' an active LSM\|without 'bpf'" "$tmp/err" || [ $rc = 0 ] && pass "lsm refusal says whether bpf is an active LSM (lsm=)" || fail "lsm refusal says whether bpf is an active LSM (lsm=)" "no LSM word"

# Nothing that bpftool (libbpf) loads may be refused by barebpf.
if command -v bpftool >/dev/null; then
	sh tests/conformance.sh >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "conformance: every test object bpftool loads, barebpf loads" '[ $rc = 0 ]' \
		"$(grep -E ' FAIL +ok ' "$tmp/out" | head -5)"
else
	echo "SKIP conformance: bpftool is not installed"
fi

# trace_pipe has one reader at a time: with another holding it, run still
# attaches and decodes ring events, and says where the printk lines went.
cat /sys/kernel/tracing/trace_pipe >/dev/null &
holder=$!
sleep 0.5
(sleep 1; $trig exec 2) &
timeout 30 $bb run $obj/execsnoop.bpf.o --duration 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
wait $!
kill $holder
wait $holder 2>/dev/null
check "trace_pipe held by another reader: a warning, events still decoded" \
	"[ $rc = 0 ] && grep -q 'another process is reading it' \"$tmp/err\" && grep -q 'comm=\"trigger\"' \"$tmp/out\"" \
	"exit $rc"

# Per-CPU maps: every CPU's value shown, histograms summed across CPUs.
(sleep 1.5; exec $trig getpid 5) &
target=$!
timeout 30 $bb run $obj/percpu.bpf.o --duration 3 --json --set target_tgid=$target >"$tmp/out" 2>"$tmp/err"
wait
check "per-CPU hash: a value per CPU, summing to the calls made" \
	'python3 -c "import json,sys; m=[json.loads(l) for l in open(sys.argv[1])]; v=[e for e in m if e.get(\"map\")==\"calls\"]; assert len(v)==1 and sum(v[0][\"value\"])==5" "$tmp/out"' \
	"$(cat "$tmp/out")"
check "per-CPU histogram summed across CPUs" \
	'python3 -c "import json,sys; m=[json.loads(l) for l in open(sys.argv[1])]; h=[e for e in m if e.get(\"map\")==\"pid_low_bits\"]; assert sum(h[0][\"log2_slots\"])==5" "$tmp/out"' \
	"$(cat "$tmp/out")"

timeout 30 $bb -v run $obj/execsnoop.bpf.o --duration 0.5 --pages 8 >"$tmp/out" 2>"$tmp/err"
check "--pages 8 maps 1 + 8 pages per CPU" "grep -q 'mmap(NULL, $((9 * $(getconf PAGESIZE)))' \"$tmp/err\"" \
	"$(grep -m1 mmap "$tmp/err")"

# Events of every size into one-page perf rings and a small ring buffer, from a
# burst that overflows both: each one intact, and produced = delivered + lost.
for pages in 1 64; do
	(sleep 1.5; exec $trig burst 20000) &
	target=$!
	timeout 30 $bb run $obj/varsize.bpf.o --duration 5 --json --pages $pages \
		--set target_tgid=$target >"$tmp/out" 2>"$tmp/err"
	wait
	build/$arch/check_varsize "$tmp/out" "$tmp/err" >"$tmp/check"
	check "readers: every size intact, produced = delivered + lost (--pages $pages)" '[ $? = 0 ]' \
		"$(cat "$tmp/check")"
done

# A SIGINT that comes while run is still loading, to a run started with SIGINT
# ignored (a script's background job): each run ends at once, nothing left.
# Probes are judged by the runs' pids: other barebpf runs may share the kernel.
early=build/$arch/early_signal
slow=0
left=0
for i in $(seq 1 20); do
	o=$obj/execsnoop.bpf.o
	[ $((i % 2)) = 0 ] && [ -x /bin/bash ] && o=$obj/readline.bpf.o
	$early 5000 2000 $bb run $o >"$tmp/early" 2>"$tmp/err"
	grep -qE '^exit 0 ' "$tmp/early" || { slow=$((slow + 1)); cat "$tmp/early" >>"$tmp/early.all"; }
	pid=$(sed -n 's/.*, pid \([0-9]*\)$/\1/p' "$tmp/early")
	[ -n "$pid" ] && grep -qE "^[pr][0-9]*:barebpf/[^ ]*_${pid} " $uev 2>/dev/null && left=$((left + 1))
done
check "early SIGINT with SIGINT ignored at start: 20 runs end within 2 s, exit 0" '[ $slow = 0 ]' \
	"$slow of 20: $(cat "$tmp/early.all" 2>/dev/null)"
check "early SIGINT: no probe left by any of the 20 runs" '[ $left = 0 ]' "$(cat $uev)"
# .kconfig externs: the version and a CONFIG_ value as this kernel has them.
(sleep 1.5; exec $trig getpid 2) &
timeout 30 $bb run $obj/kconfig.bpf.o --duration 3 --json >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "kconfig: LINUX_KERNEL_VERSION and CONFIG_HZ match the running kernel" \
	"[ $rc = 0 ] && python3 tests/kconfig_check.py \"$tmp/out\" >\"$tmp/kc\"" "exit $rc: $(cat "$tmp/kc" 2>/dev/null)"
printf 'CONFIG_HZ=1000\n' >"$tmp/kconfig"
timeout 30 $bb load $obj/kconfig.bpf.o --kconfig "$tmp/kconfig" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "kconfig: a missing strong extern is named with the file looked at" \
	"[ $rc != 0 ] && grep -q \"extern 'CONFIG_BPF_SYSCALL'.*$tmp/kconfig\" \"$tmp/err\"" "exit $rc"

# USDT: a <sys/sdt.h> target, one probe without and one with a semaphore;
# arguments (memory, register, constant; signed and narrow) arrive right.
# The same program built with our usdt.bpf.h and, written the libbpf way,
# with libbpf-dev's, whose helpers are __weak __hidden global functions.
cp build/$arch/usdt_target /tmp/barebpf-usdt-target
g() { grep -o "\"global\":\"$1\",\"value\":[-0-9]*" "$tmp/out" | sed 's/.*://'; }
for u in usdt compat_usdt; do
(sleep 1.5; exec /tmp/barebpf-usdt-target 5 100 >"$tmp/usdt") &
timeout 30 $bb run $obj/$u.bpf.o --duration 3.5 --json >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "$u: every tick seen with its arguments (i, -7*i, short, constant)" \
	"[ $rc = 0 ] && [ \"\$(g tick_hits)\" = 5 ] && [ \"\$(g tick_sum_i)\" = 15 ] && [ \"\$(g tick_sum_neg)\" = -105 ] && [ \"\$(g tick_sum_s)\" = 1500 ] && [ \"\$(g tick_last_c)\" = 1234 ] && [ \"\$(g tick_argc)\" = 4 ]" \
	"exit $rc: $(grep tick "$tmp/out" | tr '\n' ' ')"
check "$u: the kernel raised the semaphore; guarded probe's arguments arrive" \
	"grep -q 'semaphore on 5 of 5' \"$tmp/usdt\" && [ \"\$(g guarded_hits)\" = 5 ] && [ \"\$(g guarded_sum_triple)\" = 45 ]" \
	"$(cat "$tmp/usdt"): $(grep guarded "$tmp/out" | tr '\n' ' ')"
check "$u: uprobes removed after the run" "! grep -q usdt_barebpf /sys/kernel/tracing/uprobe_events" \
	"$(cat /sys/kernel/tracing/uprobe_events)"
done
rm -f /tmp/barebpf-usdt-target

# uprobe by library name: libc.so.6 from ld.so.cache, and from /proc/PID/maps with --pid.
python3 -c 'import os, time; time.sleep(1.5); [os.getpid() for _ in range(5)]' &
target=$!
timeout 30 $bb run $obj/uprobe_lib.bpf.o --duration 3 --json --pid $target >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "uprobe/libc.so.6:getpid with --pid (path from /proc/PID/maps)" \
	"[ $rc = 0 ] && [ \"\$(g getpid_calls)\" -ge 5 ]" "exit $rc: $(cat "$tmp/out")"
timeout 30 $bb -v load $obj/uprobe_lib.bpf.o >"$tmp/out" 2>"$tmp/err"
check "uprobe by library name loads" "grep -q verified \"$tmp/out\"" "$(cat "$tmp/err" | tail -3)"
