#!/bin/sh
# Reliability on this kernel, as root: 1,000 load/attach/detach cycles in one
# process, signals at every moment of a run, and runs of one object side by
# side killed in mixed order. Nothing of barebpf's may remain after any of it.
# Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bb=./barebpf
obj=build/$arch/bpf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS reliability: $1"; }
fail() { echo "FAIL reliability: $1: $2"; }
check() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }

if [ "$(id -u)" != 0 ]; then
	echo "SKIP reliability: needs root"
	exit 0
fi
if [ ! -x /bin/bash ]; then
	echo "SKIP reliability: the uprobe object needs /bin/bash"
	exit 0
fi
ev=$(for d in /sys/kernel/debug/tracing /sys/kernel/tracing; do
	[ -f $d/uprobe_events ] && echo $d/uprobe_events && break; done)
# Entries of process PID: the event names end in _NS_PID.
of() { grep -c "^[pr]:barebpf/[^ ]*_$1 " "$ev" || true; }
# Entries of barebpf processes that are not running.
dead_entries() {
	grep -o 'barebpf/[^ ]*' "$ev" 2>/dev/null | while read -r e; do
		kill -0 "${e##*_}" 2>/dev/null || echo "$e"
	done
}
ours() { bpftool prog show 2>/dev/null | grep -cE "name (bash_readline|hello|tracepoint__sys|handle_exec|handle_exit|on_exec|on_exit)( |$)" || true; }
before=$(ours)

# 1. One process, 1,000 cycles over a tracepoint, a perf ring, a ring buffer
#    and a uprobe object.
build/$arch/cycles 1000 $obj/hello.bpf.o $obj/execsnoop.bpf.o $obj/exitsnoop.bpf.o \
	$obj/readline.bpf.o >"$tmp/cycles" 2>"$tmp/cycles.err" &
cpid=$!
wait $cpid
sed 's/^\(PASS\|FAIL\) cycles/\1 reliability: cycles/' "$tmp/cycles"
check "cycles leave no uprobe entry behind" '[ "$(of $cpid)" = 0 ]' "$(of $cpid) left"

# 2. SIGINT, SIGTERM and SIGKILL at 100 moments between start and streaming.
#    Each is sent once barebpf has its handlers, the first thing it does (a
#    background job starts with SIGINT ignored, so one sent before that is
#    not barebpf's to see); a run that has not stopped 5 s later counts
#    against barebpf.
started() { # PID: the process is barebpf and has its handlers (SIGINT caught)
	for t in $(seq 200); do
		case $(readlink /proc/$1/exe 2>/dev/null) in *barebpf*)
			cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$1/status 2>/dev/null)
			[ -n "$cgt" ] && [ $(( 0x$cgt & 2 )) != 0 ] && return 0 ;;
		esac
		kill -0 $1 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}
i=0 stuck=0
while [ $i -lt 100 ]; do
	sig=$(echo INT TERM KILL | cut -d' ' -f$((i % 3 + 1)))
	$bb run $obj/readline.bpf.o >/dev/null 2>&1 &
	p=$!
	started $p
	sleep "0.$(printf '%03d' $(( (i * 37) % 400 )))"
	kill -$sig $p 2>/dev/null
	for t in $(seq 50); do kill -0 $p 2>/dev/null || break; sleep 0.1; done
	if kill -0 $p 2>/dev/null; then
		stuck=$((stuck + 1))
		kill -KILL $p
	fi
	wait $p 2>/dev/null
	i=$((i + 1))
done
check "every one of 100 runs signalled at every moment stopped within 5 s" '[ $stuck = 0 ]' \
	"$stuck did not"
$bb cleanup >"$tmp/cleanup" 2>&1
check "after 100 runs signalled at every moment and a cleanup, no entry of a dead barebpf remains" \
	'[ -z "$(dead_entries)" ]' "$(dead_entries | head -3)"
check "and no program of theirs stays loaded" '[ "$(ours)" -le "$before" ]' "$(ours) loaded, $before before"

# 3. Four runs of one object side by side, killed in mixed order: a cleanup
#    between kills removes the dead run's entries and never a live one's.
pids=
for n in 1 2 3 4; do
	$bb run $obj/readline.bpf.o >/dev/null 2>"$tmp/r$n" &
	pids="$pids $!"
done
for n in 1 2 3 4; do
	for t in $(seq 50); do grep -q streaming "$tmp/r$n" && break; sleep 0.1; done
done
set -- $pids
p1=$1 p2=$2 p3=$3 p4=$4
kill -KILL $p1; wait $p1 2>/dev/null
$bb cleanup >/dev/null 2>&1
live="$(of $p2) $(of $p3) $(of $p4)"
check "cleanup removes the SIGKILLed run's entry" '[ "$(of $p1)" = 0 ]' "$(of $p1) left"
check "and keeps the three live runs' entries" '[ "$live" = "1 1 1" ]' "$live"
kill -INT $p2; kill -KILL $p3; wait $p2 $p3 2>/dev/null
now="$(of $p2) $(of $p3) $(of $p4)"
check "an interrupted run removes its own entry, a killed one leaves its own, a live one keeps it" \
	'[ "$now" = "0 1 1" ]' "$now"
kill -TERM $p4; wait $p4 2>/dev/null
$bb cleanup >/dev/null 2>&1
check "after the last one ends and a cleanup, nothing remains" '[ -z "$(dead_entries)" ]' \
	"$(dead_entries | head -3)"
