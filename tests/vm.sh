#!/bin/sh
# Boots Debian's kernel for ARCH in qemu and runs tests/vm/guest-kernel.sh there
# with a static barebpf and the test objects. Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=$1
bin=build/$arch/barebpf-static
payload=build/vm-$arch/payload
if [ ! -x "$bin" ]; then
	echo "SKIP [vm-$arch] kernel tests: no static barebpf for $arch ($bin)"
	exit 0
fi
if ! sh tests/vm/fetch.sh "$arch" >build/vm-$arch.fetch.log 2>&1; then
	echo "SKIP [vm-$arch] kernel tests: cannot get qemu or Debian's $arch kernel: $(tail -1 build/vm-$arch.fetch.log)"
	exit 0
fi
rm -rf "$payload"
mkdir -p "$payload"
cp "$bin" "$payload/barebpf"
cp build/$arch/bpf/*.bpf.o "$payload/"
cp build/$arch/trigger build/$arch/check_varsize "$payload/"
cp tests/compat/run.sh "$payload/compat.sh"
mkdir -p "$payload/crashes" && cp tests/unit/crashes/*.o "$payload/crashes/"
cp build/$arch/unit-static "$payload/unit"
BAREBPF_VM_LOG=build/vm-$arch.log bash tests/vm/run.sh "$arch" "$payload" tests/vm/guest-kernel.sh 600
rc=$?
[ $rc = 0 ] || echo "FAIL [vm-$arch] the VM run ended with status $rc (log: build/vm-$arch.log)"
