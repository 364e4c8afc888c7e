#!/bin/sh
# The readers' loss accounting on small rings, for `make test`: every reader
# (barebpf's and libbpf's, perf ring and ring buffer) must satisfy
# produced == delivered + lost exactly. Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bin=build/$arch/bench/bench
obj=build/$arch/bench/producer.bpf.o
if [ "$(id -u)" != 0 ]; then
	echo "SKIP bench accounting: need root"
	exit 0
fi
if [ ! -x "$bin" ] || [ ! -f "$obj" ]; then
	echo "SKIP bench accounting: $bin not built (make bench-bin; needs libbpf-dev)"
	exit 0
fi
if [ ! -d /sys/kernel/tracing/events/syscalls ] && [ ! -d /sys/kernel/debug/tracing/events/syscalls ]; then
	# barebpf mounts tracefs itself when it is missing; only a kernel without
	# syscall tracepoints (CONFIG_FTRACE_SYSCALLS) cannot run this.
	mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	[ -d /sys/kernel/tracing/events/syscalls ] || {
		echo "SKIP bench accounting: no syscall tracepoints (CONFIG_FTRACE_SYSCALLS)"
		exit 0
	}
fi
exec "$bin" --accounting "$@" "$obj"
