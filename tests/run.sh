#!/bin/sh
# Runs every test suite; each prints PASS/FAIL/SKIP lines, summed up at the end.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
log=build/test.log
mkdir -p build
: > "$log"

# A suite that dies without reporting a failure (a sanitizer abort, a crash)
# still counts as one.
suite() {
	name=$1
	shift
	echo "== $name"
	"$@" >build/suite.out 2>&1
	rc=$?
	cat build/suite.out >>"$log"
	grep -E '^(PASS|FAIL|SKIP)' build/suite.out
	if [ $rc != 0 ] && ! grep -q '^FAIL' build/suite.out; then
		echo "FAIL $name: exited with status $rc" | tee -a "$log"
		tail -5 build/suite.out
	fi
}

suite "unit" build/$arch/unit build/$arch/bpf tests/unit/crashes
suite "unit (ASan/UBSan)" build/$arch/unit-san build/$arch/bpf tests/unit/crashes
suite "layers" sh tests/layers.sh
suite "command line: usage, exit codes, messages" sh tests/cli.sh
suite "fuzz smoke" sh tests/fuzz/smoke.sh
suite "kernel ($(uname -r))" sh tests/kernel.sh
suite "externs: .ksyms and kfuncs" sh tests/ksyms.sh
suite "networking (namespaces, veth)" sh tests/net.sh
suite "embedding: the installed library" sh tests/embed.sh
suite "reliability: cycles, signals at every moment, runs side by side" sh tests/reliability.sh
suite "-v against strace" sh tests/strace.sh
suite "the walkthrough is current" sh tests/walkthrough.sh --check
suite "musl static binary" sh tests/musl.sh
suite "compat: the eBPF tutorials' programs" sh tests/compat/run.sh
suite "conformance sample: selftests and libbpf-tools, barebpf against libbpf 1.1" sh tests/conformance/sample.sh
suite "reader accounting (produced = delivered + lost)" sh bench/accounting.sh
suite "kernel in a VM (Debian 12 x86_64 kernel, 6.1)" sh tests/vm.sh x86_64 6.1
suite "kernel in a VM (Debian 12 arm64 kernel, 6.1)" sh tests/vm.sh arm64 6.1
suite "kernel in a VM (Debian 11 x86_64 kernel, 5.10)" sh tests/vm.sh x86_64 5.10
suite "kernel in a VM (Debian 11 arm64 kernel, 5.10)" sh tests/vm.sh arm64 5.10

pass=$(grep -c '^PASS' "$log")
fail=$(grep -c '^FAIL' "$log")
skip=$(grep -c '^SKIP' "$log")
if [ "$fail" -gt 0 ]; then
	echo
	echo "failures (details in $log):"
	grep '^FAIL' "$log"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
