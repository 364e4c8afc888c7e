#!/bin/sh
# make demo: run the hello example on this kernel for a few seconds while
# starting a few processes, and show what it printed.
cd "$(dirname "$0")/.."
arch=$(uname -m | sed -e s/aarch64/arm64/)
if [ "$(id -u)" != 0 ]; then
	echo "demo: loading BPF programs needs root" >&2
	exit 1
fi
out=build/demo.out
echo "demo: ./barebpf run build/$arch/bpf/hello.bpf.o --duration 4 (prints on every execve)"
(sleep 1; for i in 1 2 3; do /bin/true; /bin/echo "demo: exec $i" >/dev/null; sleep 0.3; done) &
./barebpf run build/$arch/bpf/hello.bpf.o --duration 4 >"$out"
rc=$?
wait
echo "demo: $(grep -c 'hello:' "$out") events; the first ones:"
grep 'hello:' "$out" | head -10
exit $rc
