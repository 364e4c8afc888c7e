#!/bin/sh
# -v is the strace view: run barebpf under strace -f with -v and check that
# the calls strace records after start-up are the calls -v narrates, call for
# call, with the same return values. Prints PASS/FAIL/SKIP lines.
#   tests/strace.sh [BAREBPF [OBJDIR]]     (in the VM: STRACE=... STRACE_CASES=kprobe)
[ $# -gt 0 ] || cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bb=${1:-./barebpf}
obj=${2:-build/$arch/bpf}
tmp=$(mktemp -d /tmp/strace.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

strace=${STRACE:-strace}
if ! $strace -V >/dev/null 2>&1; then
	echo "SKIP strace: strace is not installed"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "SKIP strace: needs root"
	exit 0
fi

# NAME=RET per narrated call; runs of reads on one fd are one entry, as -v
# sums them up.
from_v() {
	sed -n 's/^  \([a-z_0-9]*\)(\([0-9]*\).*) = \(-1 [A-Z0-9_]*\|[-0-9a-fx]*\).*/\1 \2=\3/p' "$1" |
		awk '{ split($0, a, "="); split(a[1], w, " "); if (w[1] == "read" && last == "read" w[2]) next
		       sub(/ [0-9]*=/, "="); print; last = w[1] w[2] }'
}

# What strace saw after start-up (the object's open), less what is the C
# library's own (memory, stdio on fds 0-2, its exit) and the loop's waits.
from_strace() {
	sed -n 's/^[0-9]* *//p' "$1" |
		awk -v obj="$2" -v maps="$3" -v pipe="$4" '
		!started && index($0, "openat(") == 1 && index($0, obj) { started = 1 }
		!started { next }
		/^(brk|madvise|mremap|exit_group|getrandom|rt_sigreturn)\(/ { next }
		/^[a-z_0-9]+\([012],/ { next }
		/^(mmap|munmap)\(/ && !index(maps, " " (/^mmap/ ? $NF : substr($0, 8, index($0, ",") - 8)) " ") { next }
		/^(\+\+\+|---)/ { next }
		# the stream loop: its waits and its reads of trace_pipe are counted, not narrated
		/^ppoll\(/ { inloop = 1; next }
		/^rt_sigprocmask\(SIG_SETMASK/ { inloop = 0 }
		inloop && index($0, "read(" pipe ",") == 1 { next }
		/^(poll|epoll_wait|epoll_pwait)\(/ { next }
		/ = \? / { next }
		{
			name = substr($0, 1, index($0, "(") - 1)
			ret = $0; sub(/.* = /, "", ret); sub(/ .*/, "", ret)
			if (ret == "-1") { e = $0; sub(/.* = -1 /, "", e); sub(/ .*/, "", e); ret = "-1 " e }
			fd = substr($0, index($0, "(") + 1); sub(/,.*/, "", fd)
			if (name == "read" && last == "read" fd) next
			print name "=" ret; last = name fd
		}'
}

compare() { # NAME COMMAND...
	name=$1
	shift
	$strace -f -o "$tmp/st" "$bb" -v "$@" >/dev/null 2>"$tmp/v"
	# Addresses of the mappings -v narrated: only those are ours, not malloc's.
	maps=" $(sed -n 's/^  mmap(.*) = \(0x[0-9a-f]*\)$/\1/p; s/^  munmap(\(0x[0-9a-f]*\),.*/\1/p' "$tmp/v" | tr '\n' ' ')"
	from_v "$tmp/v" >"$tmp/a"
	pipe=$(sed -n 's/^  openat(.*trace_pipe.*) = \([0-9]*\)$/\1/p' "$tmp/v")
	from_strace "$tmp/st" "$2" "$maps" "${pipe:--}" >"$tmp/b"
	n=$(wc -l <"$tmp/a")
	if [ "$n" -gt 3 ] && cmp -s "$tmp/a" "$tmp/b"; then
		echo "PASS strace: $name: the $n calls strace records after start-up are the ones -v narrates"
	else
		echo "FAIL strace: $name: -v and strace differ (-v left, strace right):"
		diff "$tmp/a" "$tmp/b" | head -20 | sed 's/^/    /'
	fi
}

if [ "${STRACE_CASES:-}" = kprobe ]; then
	compare "run a kprobe and a kretprobe" run "$obj/unlink.bpf.o" --duration 0.5
	exit 0
fi
compare "load hello" load "$obj/hello.bpf.o"
compare "load a CO-RE object" load "$obj/core_read.bpf.o"
compare "run a tracepoint with trace_pipe" run "$obj/hello.bpf.o" --duration 0.3
compare "run a perf ring" run "$obj/execsnoop.bpf.o" --duration 0.3
compare "run a ring buffer" run "$obj/exitsnoop.bpf.o" --duration 0.3

# Idle: a run whose programs never send anything sleeps in the kernel; only
# its deadline (or a signal) wakes it.
timeout 30 strace -f -o "$tmp/idle" "$bb" run "$obj/varsize.bpf.o" --duration 3 \
	--set target_tgid=4000000 >/dev/null 2>&1
waits=$(grep -cE '^[0-9]* *(ppoll|poll|epoll_wait|epoll_pwait|select|pselect6|nanosleep|clock_nanosleep)\(' "$tmp/idle")
if [ "$waits" -le 5 ]; then
	echo "PASS strace: an idle run (perf ring, ring buffer, trace_pipe) waits $waits time(s) in 3 s"
else
	echo "FAIL strace: an idle run waits $waits times in 3 s (a timer tick?)"
fi
# ... and a Ctrl-C still ends it at once.
"$bb" run "$obj/varsize.bpf.o" --set target_tgid=4000000 >/dev/null 2>"$tmp/err" &
pid=$!
for i in $(seq 50); do grep -q streaming "$tmp/err" && break; sleep 0.1; done
start=$(date +%s%N)
kill -INT $pid
wait $pid
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ $rc = 0 ] && [ $ms -lt 1000 ]; then
	echo "PASS strace: SIGINT ends an idle run at once ($ms ms, exit 0)"
else
	echo "FAIL strace: SIGINT took $ms ms to end an idle run (exit $rc)"
fi
