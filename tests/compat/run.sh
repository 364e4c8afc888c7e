#!/bin/sh
# The compatibility proof: the eBPF tutorials' programs, written the libbpf
# way (vmlinux.h, libbpf-dev's headers, CO-RE), loaded and run by barebpf.
# Prints PASS/FAIL/SKIP lines.
#
#   sh tests/compat/run.sh [BAREBPF [OBJDIR]]
#
# Without arguments it runs from the top of the tree with ./barebpf and
# build/<arch>/bpf. In the VM: sh ./compat.sh ./barebpf . (busybox sh, no
# bash). Needs root; a fixture this kernel or machine cannot run is loaded
# only, and its output check says SKIP and why.
if [ $# -eq 0 ]; then
	cd "$(dirname "$0")/../.." || exit 1
	bb=./barebpf
	obj=build/$(uname -m | sed -e s/aarch64/arm64/)/bpf
else
	bb=$1
	obj=${2:-.}
fi
tmp=$(mktemp -d /tmp/compat.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
to=
command -v timeout >/dev/null 2>&1 && to="timeout 120"

pass() { echo "PASS compat $1"; }
fail() { echo "FAIL compat $1: $2"; [ -s "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | head -20; }
skip() { echo "SKIP compat $1: $2"; }
check() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }

if [ "$(id -u)" != 0 ]; then
	skip "fixtures" "need root"
	exit 0
fi

FIXTURES="unlink opensnoop bashreadline sigsnoop execsnoop exitsnoop runqlat fentry hardirqs lsm_connect ksyscall usdt slots"

# fentry/fexit and lsm programs need BPF trampolines. A kernel that refuses
# them (EPERM on this host, ENOTSUPP on arm64 before 6.4) refuses every such
# fixture: its checks say SKIP with barebpf's own words as the reason.
notramp=
tramp_why() { grep -m1 'refuses BPF trampolines' "$tmp/err" | sed 's/^barebpf: //'; }
refused() { case " $notramp " in *" $1 "*) true ;; *) false ;; esac; }

# Loading: every program of every fixture verified by this kernel.
for f in $FIXTURES; do
	o=$obj/compat_$f.bpf.o
	if [ ! -f "$o" ]; then
		: >"$tmp/err"
		fail "$f: loads with barebpf" "no $o (make builds it)"
		continue
	fi
	$to $bb load "$o" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc != 0 ] && grep -q 'refuses BPF trampolines' "$tmp/err"; then
		skip "$f: loads with barebpf" "$(tramp_why)"
		notramp="$notramp $f"
		continue
	fi
	check "$f: loads with barebpf" \
		'[ $rc = 0 ] && grep -q verified "$tmp/out" && ! grep -q "load failed" "$tmp/err"' "exit $rc"
done

# The same objects through libbpf, the reference (in the VM, BPFTOOL names
# Debian's bpftool run through its own loader).
bpftool=${BPFTOOL:-bpftool}
if $bpftool version >/dev/null 2>&1; then
	grep -q ' /sys/fs/bpf bpf' /proc/mounts || mount -t bpf bpf /sys/fs/bpf
	for f in $FIXTURES; do
		o=$obj/compat_$f.bpf.o
		[ -f "$o" ] || continue
		if refused $f; then
			skip "$f: loads with bpftool (libbpf)" "this kernel refuses BPF trampolines (barebpf's load above says why)"
			continue
		fi
		pin=/sys/fs/bpf/compat_$$_$f	# bpffs refuses names with dots
		$bpftool prog loadall "$o" "$pin" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		rm -rf "$pin"
		# Debian 12's bpftool (7.1) loads a SEC("?...") object, then fails to pin
		# the program it left unloaded: loaded all the same.
		grep -q "can't pin program that wasn't loaded" "$tmp/err" && rc=0
		check "$f: loads with bpftool (libbpf)" '[ $rc = 0 ]' "exit $rc"
	done
else
	skip "fixtures with bpftool" "bpftool is not installed"
fi

# One run: barebpf in the background until it has attached, then the events,
# then SIGTERM (it drains trace_pipe and the rings, prints the maps, exits 0).
# --duration only bounds a run whose SIGTERM goes astray.
start_run() {
	: >"$tmp/err"
	$to $bb run "$@" --duration 60 >"$tmp/out" 2>"$tmp/err" &
	bbpid=$!
	n=0
	while ! grep -q 'attached' "$tmp/err"; do
		kill -0 $bbpid 2>/dev/null || break
		n=$((n + 1))
		[ $n -le 600 ] || break
		sleep 0.1
	done
}
stop_run() {
	sleep "${1:-0.5}"
	kill -TERM $bbpid 2>/dev/null
	wait $bbpid
	rc=$?
}
ran() { [ $rc = 0 ] && grep -q 'attached' "$tmp/err"; }
runnable() { [ -f "$obj/compat_$1.bpf.o" ]; }

# 1. unlink: kprobe and kretprobe on do_unlinkat.
if ! runnable unlink; then
	:
elif [ ! -e /sys/kernel/tracing/kprobe_events ] && [ ! -e /sys/kernel/debug/tracing/kprobe_events ]; then
	skip "unlink: produces its output" "this kernel has no kprobes (CONFIG_KPROBES); the VM runs it"
else
	ev=/sys/kernel/tracing/kprobe_events
	[ -e $ev ] || ev=/sys/kernel/debug/tracing/kprobe_events
	before=$(grep -c ':barebpf/' $ev)
	start_run "$obj/compat_unlink.bpf.o"
	for i in 1 2 3; do
		touch "$tmp/unlink_$i"
		rm "$tmp/unlink_$i"
	done
	stop_run
	ok=0
	for i in 1 2 3; do
		grep -q "compat_unlink: entry pid [0-9]* filename $tmp/unlink_$i\$" "$tmp/out" && ok=$((ok + 1))
	done
	check "unlink: produces its output (kprobe: the file name through BPF_CORE_READ)" \
		'ran && [ $ok = 3 ]' "exit $rc, $ok of 3 files seen"
	check "unlink: produces its output (kretprobe: the return value)" \
		'[ "$(grep -c "compat_unlink: exit pid [0-9]* ret 0$" "$tmp/out")" -ge 3 ]' \
		"$(grep -c 'compat_unlink: exit' "$tmp/out") exit lines"
	after=$(grep -c ':barebpf/' $ev)
	check "unlink: both kprobe events removed after the run" '[ "$after" = "$before" ]' \
		"$before barebpf entries before, $after after"
fi

# 2. opensnoop: openat, filtered by pid_target (--set writes .rodata).
if runnable opensnoop; then
	echo compat >"$tmp/opened"
	# The target waits for the go-ahead, then becomes cat with the same pid.
	(while [ ! -e "$tmp/go" ]; do sleep 0.1; done; exec cat "$tmp/opened" >/dev/null) &
	target=$!
	start_run "$obj/compat_opensnoop.bpf.o" --set pid_target=$target
	cat "$tmp/opened" >/dev/null	# another process: filtered out
	touch "$tmp/go"
	wait $target
	stop_run
	check "opensnoop: produces its output (the target's openat)" \
		'ran && grep -q "compat_opensnoop: pid $target openat $tmp/opened\$" "$tmp/out"' \
		"exit $rc, no line for pid $target"
	check "opensnoop: pid_target filters out other processes" \
		'! grep "compat_opensnoop: pid" "$tmp/out" | grep -vq "pid $target "' \
		"$(grep 'compat_opensnoop: pid' "$tmp/out" | grep -v "pid $target " | head -3)"
fi

# 3. bashreadline: uretprobe on /bin/bash's readline, through a pty.
if ! runnable bashreadline; then
	:
elif [ ! -x /bin/bash ] || ! command -v script >/dev/null 2>&1; then
	skip "bashreadline: produces its output" "needs /bin/bash and script(1) (loaded only)"
else
	start_run "$obj/compat_bashreadline.bpf.o"
	printf 'echo compat-readline-marker\nexit\n' |
		script -qc 'bash --norc --noprofile -i' /dev/null >/dev/null 2>&1
	stop_run
	check "bashreadline: produces its output (the line typed)" \
		'ran && grep -q "compat_bashreadline: pid [0-9]* (bash) read: echo compat-readline-marker\$" "$tmp/out"' \
		"exit $rc"
fi

# 4. sigsnoop: kill(2) entry and exit joined through a hash map.
if runnable sigsnoop; then
	start_run "$obj/compat_sigsnoop.bpf.o"
	sh -c 'echo $$ >"$1/sender"; cat /proc/$$/comm >"$1/sender_comm"
		sleep 30 & echo $! >"$1/child"
		kill -0 $!; kill $!; wait
		kill -0 2147483647 2>/dev/null; :' sh "$tmp"
	stop_run
	s=$(cat "$tmp/sender") c=$(cat "$tmp/sender_comm") child=$(cat "$tmp/child")
	line="compat_sigsnoop: pid $s ($c) sent signal"
	check "sigsnoop: produces its output (kill -0 of a child)" \
		'ran && grep -q "$line 0 to pid $child ret 0\$" "$tmp/out"' "exit $rc"
	check "sigsnoop: signal 15 to the sleeping child" \
		'grep -q "$line 15 to pid $child ret 0\$" "$tmp/out"' "$(grep -m3 compat_sigsnoop "$tmp/out")"
	check "sigsnoop: a failed kill shows ret -3 (ESRCH)" \
		'grep -q "$line 0 to pid 2147483647 ret -3\$" "$tmp/out"' "$(grep -m3 compat_sigsnoop "$tmp/out")"
	# Other processes may be inside kill(2) when we detach; ours must be gone.
	check "sigsnoop: its hash map holds none of our kills at exit" \
		'! grep -q "^values\\[[0-9]*\\] = pid=$s " "$tmp/out"' "$(grep -m3 '^values' "$tmp/out")"
fi

# 5. execsnoop: perf event array of struct event, ppid through CO-RE.
if runnable execsnoop; then
	printf '#!/bin/sh\nexit 0\n' >"$tmp/compat_marker"
	chmod 755 "$tmp/compat_marker"
	start_run "$obj/compat_execsnoop.bpf.o"
	# A shell forks a child that execs the marker: pid new, ppid the shell,
	# comm still the shell's (the event is taken before the exec).
	sh -c 'echo $$ >"$1/parent"; cat /proc/$$/comm >"$1/parent_comm"
		"$1/compat_marker"; :' sh "$tmp"
	stop_run
	p=$(cat "$tmp/parent") c=$(cat "$tmp/parent_comm")
	check "execsnoop: produces its output (perf ring, BTF-decoded)" \
		'ran && grep -q "^pid=[0-9]* ppid=$p uid=$(id -u) retval=0 is_exit=false comm=\"$c\" filename=\"$tmp/compat_marker\"\$" "$tmp/out"' \
		"exit $rc; $(grep -m2 compat_marker "$tmp/out")"
fi

# 6. exitsnoop: ring buffer, exit code and duration through CO-RE.
if runnable exitsnoop; then
	start_run "$obj/compat_exitsnoop.bpf.o"
	sh -c 'echo $$ $PPID >"$1/exiter"; cat /proc/$$/comm >"$1/exiter_comm"
		sleep 0.3; exit 7' sh "$tmp"
	stop_run
	read e ep <"$tmp/exiter"
	c=$(cat "$tmp/exiter_comm")
	l=$(grep "^pid=$e ppid=$ep exit_code=7 duration_ns=[0-9]* comm=\"$c\"\$" "$tmp/out")
	d=$(echo "$l" | sed -n 's/.*duration_ns=\([0-9]*\).*/\1/p')
	check "exitsnoop: produces its output (ring buffer: pid, ppid, exit code 7)" \
		'ran && [ -n "$l" ]' "exit $rc; $(grep -m2 "^pid=$e " "$tmp/out")"
	check "exitsnoop: duration from task->start_time (0.3 s to 60 s)" \
		'[ -n "$d" ] && [ "$d" -ge 300000000 ] && [ "$d" -lt 60000000000 ]' "duration_ns '$d'"
fi

# 7. runqlat: raw tracepoints, a log2 histogram in an array map.
if runnable runqlat; then
	start_run "$obj/compat_runqlat.bpf.o"
	for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.05; done
	stop_run
	check "runqlat: produces its output (the histogram at exit)" \
		'ran && grep -q "^map runq_usecs, key 0$" "$tmp/out" && grep -q "^ *usecs *: count *distribution$" "$tmp/out"' \
		"exit $rc; no histogram"
	# Each of the ten sleeps ends with a wakeup and a switch: ten counts at least.
	total=$(sed -n 's/^ *[0-9]* -> [0-9]* *: \([0-9]*\) *|[* ]*|$/\1/p' "$tmp/out" |
		awk '{ n += $1 } END { print n + 0 }')
	check "runqlat: histogram rows from 0 -> 1, at least 10 counts" \
		'grep -qE "^ +0 -> 1 +: [0-9]+ +\|[* ]+\|$" "$tmp/out" && [ "$total" -ge 10 ]' \
		"$total counts; $(grep -A3 'map runq_usecs' "$tmp/out")"
fi

# Trampoline fixtures that loaded but cannot attach (arm64 before 6.4): SKIP
# with barebpf's words. Sets rc and tells whether the run was refused so.
tramp_refused() { # NAME CHECK...
	n=$1
	shift
	grep -q 'refuses BPF trampolines' "$tmp/err" || return 1
	why=$(tramp_why)
	for c in "$@"; do skip "$n: $c" "$why"; done
}

# 8. fentry: fentry and fexit on do_unlinkat, the pointer read directly.
if ! runnable fentry; then
	:
elif refused fentry; then
	skip "fentry: produces its output" "this kernel refuses BPF trampolines (see its load above)"
else
	start_run "$obj/compat_fentry.bpf.o"
	for i in 1 2 3; do
		touch "$tmp/fentry_$i"
		rm "$tmp/fentry_$i"
	done
	stop_run
	if ! tramp_refused fentry "produces its output (fentry)" "produces its output (fexit)"; then
		ok=0
		for i in 1 2 3; do
			grep -q "compat_fentry: entry pid [0-9]* filename $tmp/fentry_$i\$" "$tmp/out" && ok=$((ok + 1))
		done
		check "fentry: produces its output (fentry: name->name read without a helper)" \
			'ran && [ $ok = 3 ]' "exit $rc, $ok of 3 files seen"
		check "fentry: produces its output (fexit: the arguments and the return value)" \
			'grep -q "compat_fentry: exit pid [0-9]* filename $tmp/fentry_1 ret 0$" "$tmp/out"' \
			"$(grep -c 'compat_fentry: exit' "$tmp/out") exit lines"
	fi
fi

# 9. hardirqs: tp_btf on irq_handler_entry/exit, counts per handler name.
if runnable hardirqs; then
	start_run "$obj/compat_hardirqs.bpf.o"
	# Interrupts of some device: the disk or network here, the serial
	# console in a VM (a tty write raises its transmit interrupts).
	for i in 1 2 3 4 5; do
		cat /proc/interrupts >/dev/null
		if [ -n "$BAREBPF_VM" ]; then
			echo "compat hardirqs: console tick $i" >/dev/console 2>/dev/null
		else	# direct writes: the disk's completion interrupts
			dd if=/dev/zero of="$tmp/io" bs=64k count=16 oflag=direct,sync 2>/dev/null
		fi
		sleep 0.2
	done
	stop_run
	l=$(grep -m1 '^infos\[name="[^"]*"\] = count=[1-9][0-9]* total_time=[0-9]*$' "$tmp/out")
	check "hardirqs: produces its output (a handler's name, count and time, by tp_btf)" \
		'ran && [ -n "$l" ]' "exit $rc; $(grep -m3 '^infos' "$tmp/out")"
fi

# 10. lsm_connect: the socket_connect hook denies one address. The connects
# are made in a new network namespace with no address, so none can leave:
# allowed, they fail with ENETUNREACH (101); denied, with EPERM (1).
trig=$(dirname "$obj")/trigger
[ "$obj" = . ] && trig=./trigger
if ! runnable lsm_connect; then
	:
elif refused lsm_connect; then
	skip "lsm_connect: produces its output" "this kernel refuses BPF trampolines (see its load above)"
elif [ ! -x "$trig" ] || ! unshare -n true 2>/dev/null; then
	skip "lsm_connect: produces its output" "needs $trig and unshare -n (a network namespace for the connects)"
else
	start_run "$obj/compat_lsm_connect.bpf.o"
	unshare -n "$trig" connect 1 169.254.77.77 >"$tmp/c1" 2>&1
	unshare -n "$trig" connect 1 169.254.77.78 >"$tmp/c2" 2>&1
	stop_run
	unshare -n "$trig" connect 1 169.254.77.77 >"$tmp/c3" 2>&1
	if tramp_refused lsm_connect "denies the blocked address" "allows another" \
		"nothing denied after exit"; then
		:
	elif grep -q "active LSMs are\|is 'bpf' an active LSM" "$tmp/err" && ! ran; then
		skip "lsm_connect: produces its output" "$(grep -m1 'LSM' "$tmp/err" | sed 's/^barebpf: //')"
	else
		check "lsm_connect: denies the blocked address (EPERM) and says so" \
			'ran && grep -q "errno 1 " "$tmp/c1" && grep -q "compat_lsm_connect: blocking a9fe4d4d$" "$tmp/out"' \
			"exit $rc; $(cat "$tmp/c1")"
		check "lsm_connect: allows another (ENETUNREACH: no route in the namespace), and sees it" \
			'grep -q "errno 101 " "$tmp/c2" && grep -q "compat_lsm_connect: connect to a9fe4d4e$" "$tmp/out"' \
			"$(cat "$tmp/c2")"
		check "lsm_connect: nothing denied after exit" 'grep -q "errno 101 " "$tmp/c3"' "$(cat "$tmp/c3")"
	fi
fi

# 11. ksyscall: kill(2) through BPF_KSYSCALL, whose arguments come through
# the syscall wrapper's pt_regs when LINUX_HAS_SYSCALL_WRAPPER says so.
if ! runnable ksyscall; then
	:
elif [ ! -e /sys/kernel/tracing/kprobe_events ] && [ ! -e /sys/kernel/debug/tracing/kprobe_events ]; then
	skip "ksyscall: produces its output" "this kernel has no kprobes (CONFIG_KPROBES); the VM runs it"
else
	start_run "$obj/compat_ksyscall.bpf.o"
	sh -c 'echo $$ >"$1/sender"
		sleep 30 & echo $! >"$1/child"
		kill -CONT $!; kill -TERM $!; wait
		kill -0 2147483647 2>/dev/null; :' sh "$tmp"
	stop_run
	s=$(cat "$tmp/sender") child=$(cat "$tmp/child")
	check "ksyscall: BPF_KSYSCALL reads kill's arguments (SIGCONT, then SIGTERM, to the child)" \
		'ran && grep -q "compat_ksyscall: pid $s kill pid $child sig 18\$" "$tmp/out" &&
		 grep -q "compat_ksyscall: pid $s kill pid $child sig 15\$" "$tmp/out"' \
		"exit $rc; $(grep -m3 "compat_ksyscall: pid $s " "$tmp/out")"
	check "ksyscall: a missing pid's arguments, and kretsyscall's ret -3 (ESRCH)" \
		'grep -q "compat_ksyscall: pid $s kill pid 2147483647 sig 0\$" "$tmp/out" &&
		 grep -q "compat_ksyscall: pid $s kill ret -3\$" "$tmp/out"' \
		"$(grep -m3 "compat_ksyscall: pid $s " "$tmp/out")"
fi

# 12. slots: a prog array and a map of maps filled from __array(values, ...),
# a ring buffer of 2 bytes (rounded up to a page, as libbpf does), and a
# SEC("?...") program left unloaded. kill -0 by the target runs them.
if runnable slots; then
	rm -f "$tmp/go"
	(while [ ! -e "$tmp/go" ]; do sleep 0.1; done; kill -0 $$; kill -0 $$; kill -0 $$) &
	target=$!
	start_run "$obj/compat_slots.bpf.o" --set target_pid=$target --json
	touch "$tmp/go"
	wait $target
	stop_run
	g() { grep -o "\"global\":\"$1\",\"value\":[-0-9]*" "$tmp/out" | sed 's/.*://'; }
	check "slots: the prog array's slot 2 holds 'tail' (3 tail calls)" \
		'ran && [ "$(g tail_runs)" = 3 ]' "exit $rc, tail_runs '$(g tail_runs)'"
	check "slots: the map of maps' slot 1 holds inner_b" \
		'[ "$(g inner_seen)" = 3 ] && grep -q "\"map\":\"inner_b\",\"key\":0,\"value\":3" "$tmp/out"' \
		"inner_seen '$(g inner_seen)'"
	check "slots: a 2-byte ring buffer is a page, and its 3 records are read" \
		'[ "$(g ring_sent)" = 3 ] && [ "$(grep -c "\"map\": \"small_ring\"" "$tmp/out")" = 3 ]' \
		"ring_sent '$(g ring_sent)', $(grep -c small_ring "$tmp/out") records"
	$to $bb load "$obj/compat_slots.bpf.o" >"$tmp/out" 2>"$tmp/err"
	check "slots: SEC(\"?...\") is not loaded, and load says so" \
		'grep -q "program .refused. (?tp/syscalls/sys_enter_kill): not loaded, autoload is off" "$tmp/out"' \
		"$(cat "$tmp/out")"
fi
