#!/bin/sh
# tests/vm.sh ARCH [KERNEL]: boots Debian's kernel for ARCH (x86_64 | arm64),
# KERNEL 6.1 (Debian 12, the default) or 5.10 (Debian 11), in qemu and runs
# tests/vm/guest-kernel.sh there with a static barebpf and the test objects.
# Prints PASS/FAIL/SKIP lines tagged [vm-ARCH-KERNEL].
cd "$(dirname "$0")/.."
arch=$1
kernel=${2:-6.1}
t=vm-$arch-$kernel
# The musl build is the one meant for initramfs images: test it where it lives.
bin=build/$arch-musl/barebpf-static
[ -x "$bin" ] || bin=build/$arch/barebpf-static
payload=build/$t/payload
case $kernel in
6.1 | 5.10) ;;
*)
	echo "FAIL [$t] kernel tests: unknown kernel '$kernel' (want 6.1 or 5.10)"
	exit 1
	;;
esac
if [ ! -x "$bin" ]; then
	echo "FAIL [$t] kernel tests: no static barebpf for $arch ($bin)"
	exit 0
fi
if ! sh tests/vm/fetch.sh "$arch" "$kernel" >build/$t.fetch.log 2>&1; then
	echo "FAIL [$t] kernel tests: cannot install qemu or fetch Debian's $arch $kernel kernel: $(tail -1 build/$t.fetch.log)"
	exit 0
fi
rm -rf "$payload"
mkdir -p "$payload"
cp "$bin" "$payload/barebpf"
echo "PASS [$t] the barebpf in this initramfs is $bin ($(stat -c %s "$bin") bytes)"
cp build/$arch/bpf/*.bpf.o "$payload/"
cp build/$arch/trigger build/$arch/check_varsize build/$arch/usdt_target "$payload/"
# The kernel's own config (Debian's kernels have no /proc/config.gz), for --kconfig.
case $kernel in 5.10) sfx=-5.10 ;; *) sfx= ;; esac
cp "${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}/$arch$sfx/config" "$payload/kconfig" 2>/dev/null || true
cp tests/compat/run.sh "$payload/compat.sh"
cp tests/ksyms.sh "$payload/ksyms.sh"
mkdir -p "$payload/crashes" && cp tests/unit/crashes/*.o "$payload/crashes/"
cp build/$arch/unit-static "$payload/unit"
cp tests/conformance.sh "$payload/conformance.sh"
# The conformance sample's selftests and libbpf-tools objects (built by
# tests/conformance/sample.sh), against the VM's bpftool (libbpf 1.1); the
# objects known.list leaves to later issues are named, not counted.
mkdir -p "$payload/selftests"
sample=$(grep -v '^#' tests/conformance/sample.list)
for s in sel-6.1 bcc-0.26; do
	# shellcheck disable=SC2046
	sh tests/conformance/build.sh $s $(echo "$sample" | awk -v s=$s '$1 == s { print $2 }') \
		>/dev/null 2>build/$t.conformance.log ||
		echo "FAIL [$t] conformance sample: building $s: $(tail -1 build/$t.conformance.log)"
done
echo "$sample" | while read -r s name; do
	[ -n "$s" ] && cp "build/conformance/$s/$name.bpf.o" "$payload/selftests/${s}_$name.bpf.o" 2>/dev/null
done
awk '!/^#/ && NF { sub("/", "_", $1); print $1 }' tests/conformance/known.list >"$payload/selftests/known"
cp tests/strace.sh "$payload/strace.sh"
cp tests/vm/guest-net.sh "$payload/net.sh"
sh tests/vm/modules.sh "$arch" "$kernel" "$payload/modules" >build/$t.modules.log 2>&1 ||
	echo "FAIL [$t] net: fetching this kernel's veth, sch_ingress and cls_bpf modules: $(tail -1 build/$t.modules.log)"
sh tests/vm/tools.sh "$arch" "$payload/tools" >build/$t.tools.log 2>&1 ||
	echo "FAIL [$t] fetching bpftool and strace for the VM: $(tail -1 build/$t.tools.log)"
BAREBPF_VM_KERNEL=$kernel BAREBPF_VM_LOG=build/$t.log bash tests/vm/run.sh "$arch" "$payload" tests/vm/guest-kernel.sh 600
rc=$?
[ $rc = 0 ] || echo "FAIL [$t] the VM run ended with status $rc (log: build/$t.log)"
