#!/bin/sh
# make test's short run of every fuzz target (20 s each); SKIP without the
# libFuzzer runtime (clang with libclang-rt-dev).
cd "$(dirname "$0")/../.."
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
	clang -x c -fsanitize=fuzzer - -o build/fuzz-probe 2>/dev/null; then
	echo "SKIP fuzz smoke: clang cannot link -fsanitize=fuzzer (install libclang-rt-dev)"
	exit 0
fi
rm -f build/fuzz-probe
make -s fuzz-bin examples unit-bin >build/fuzz-build.log 2>&1 ||
	{ echo "FAIL fuzz smoke: build failed"; tail -5 build/fuzz-build.log; exit 1; }
exec sh tests/fuzz/run.sh "${FUZZ_SMOKE_SECONDS:-20}"
