#!/bin/sh
# Runs every fuzz target SECONDS each (default 60): seeds from the tree's own
# objects, corpora kept in build/fuzz/corpus/TARGET. Prints a PASS/FAIL line per
# target with executions, exec/s and coverage; fails on any crash, leak,
# timeout or OOM (the input is left in build/fuzz/artifacts/).
# usage: run.sh [SECONDS [TARGET...]]
cd "$(dirname "$0")/../.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-object btf symbol rings tracefs}
bin=build/$arch/fuzz
out=build/fuzz
mkdir -p "$out/artifacts"

seed() {
	d=$out/corpus/$1
	[ -d "$d" ] && [ -n "$(ls "$d")" ] && return
	mkdir -p "$d"
	case $1 in
	object)
		for o in build/$arch/bpf/*.bpf.o; do
			llvm-objcopy --strip-debug "$o" "$d/$(basename "$o")" 2>/dev/null || cp "$o" "$d/"
		done ;;
	btf)
		for o in build/$arch/bpf/*.bpf.o; do
			llvm-objcopy --dump-section .BTF="$d/$(basename "$o" .o).btf" "$o" /dev/null \
				2>/dev/null
		done ;;
	symbol)
		for f in /bin/true build/$arch/early_signal; do [ -f "$f" ] && cp "$f" "$d/"; done ;;
	*)
		cp tests/fuzz/seeds/$1/* "$d/" 2>/dev/null ;;
	esac
}

fail=0
for t in $targets; do
	seed "$t"
	opts=
	[ -f tests/fuzz/$t.dict ] && opts=-dict=tests/fuzz/$t.dict
	# The object path is held to 256 MB per allocation (and reported: its
	# slowest input and peak RSS).
	[ "$t" = object ] && opts="$opts -malloc_limit_mb=256"
	log=$out/$t.log
	FUZZ_LOCAL_OBJ=build/$arch/bpf/core_read.bpf.o timeout -k 10 $((secs + 120)) \
		$bin/fuzz_$t -max_total_time="$secs" -timeout=5 -rss_limit_mb=512 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" $opts "$out/corpus/$t" \
		>"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	slow=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$log")
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
	if [ $rc = 0 ] && [ -n "$execs" ]; then
		echo "PASS fuzz $t: $execs executions, $rate exec/s, cov $cov, slowest input" \
			"${slow}s, peak RSS ${rss} MB ($secs s)"
	else
		fail=1
		echo "FAIL fuzz $t: exit $rc after $execs executions; see $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$log" | head -5
	fi
done
exit $fail
