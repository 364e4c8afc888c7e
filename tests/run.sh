#!/bin/sh
# Runs every test suite; each prints PASS/FAIL/SKIP lines, summed up at the end.
# T='NAME...' (make test T=kernel, T='vm-*') runs only the suites whose short
# name matches one of the words (shell patterns).
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
log=build/test.log
mkdir -p build
: > "$log"

ran=0
selected() {
	[ -z "${T:-}" ] && return 0
	for want in $T; do
		case $1 in $want) return 0 ;; esac
	done
	return 1
}

# A suite that dies without reporting a failure (a sanitizer abort, a crash)
# still counts as one.
suite() {
	key=$1 name=$2
	shift 2
	selected "$key" || return 0
	ran=$((ran + 1))
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

suite unit "unit" build/$arch/unit build/$arch/bpf tests/unit/crashes
suite unit-san "unit (ASan/UBSan)" build/$arch/unit-san build/$arch/bpf tests/unit/crashes
suite layers "layers" sh tests/layers.sh
suite cli "command line: usage, exit codes, messages" sh tests/cli.sh
suite fuzz "fuzz smoke" sh tests/fuzz/smoke.sh
suite kernel "kernel ($(uname -r))" sh tests/kernel.sh
suite ksyms "externs: .ksyms and kfuncs" sh tests/ksyms.sh
suite net "networking (namespaces, veth)" sh tests/net.sh
suite embed "embedding: the installed library" sh tests/embed.sh
suite reliability "reliability: cycles, signals at every moment, runs side by side" sh tests/reliability.sh
suite strace "-v against strace" sh tests/strace.sh
suite walkthrough "the walkthrough is current" sh tests/walkthrough.sh --check
suite musl "musl static binary" sh tests/musl.sh
suite compat "compat: the eBPF tutorials' programs" sh tests/compat/run.sh
suite conformance "conformance sample: selftests and libbpf-tools, barebpf against libbpf 1.1" sh tests/conformance/sample.sh
suite accounting "reader accounting (produced = delivered + lost)" sh bench/accounting.sh
suite vm-x86_64-6.1 "kernel in a VM (Debian 12 x86_64 kernel, 6.1)" sh tests/vm.sh x86_64 6.1
suite vm-arm64-6.1 "kernel in a VM (Debian 12 arm64 kernel, 6.1)" sh tests/vm.sh arm64 6.1
suite vm-x86_64-5.10 "kernel in a VM (Debian 11 x86_64 kernel, 5.10)" sh tests/vm.sh x86_64 5.10
suite vm-arm64-5.10 "kernel in a VM (Debian 11 arm64 kernel, 5.10)" sh tests/vm.sh arm64 5.10

if [ $ran = 0 ]; then
	echo "no suite is named '$T'; the names: unit unit-san layers cli fuzz kernel ksyms net embed" \
		"reliability strace walkthrough musl compat conformance accounting vm-x86_64-6.1" \
		"vm-arm64-6.1" \
		"vm-x86_64-5.10 vm-arm64-5.10" | tee -a "$log"
	echo "FAIL run: no suite ran" >>"$log"
fi
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
