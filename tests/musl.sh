#!/bin/sh
# The static musl barebpf (make static LIBC=musl): small, and it loads plain
# and CO-RE objects on this kernel. Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bin=build/$arch-musl/barebpf-static
obj=build/$arch/bpf
if ! make -s --no-print-directory LIBC=musl static >build/musl.log 2>&1; then
	echo "SKIP musl: cannot build the musl static binary: $(tail -1 build/musl.log)"
	exit 0
fi
size=$(stat -c %s "$bin")
if [ "$size" -le 300000 ]; then
	echo "PASS musl: static $arch binary is $size bytes stripped (at most 300000)"
else
	echo "FAIL musl: static $arch binary is $size bytes stripped, over 300000"
fi
a64=build/arm64-musl/barebpf-static
if [ -x "$a64" ]; then
	size=$(stat -c %s "$a64")
	# 300,000 on x86_64; arm64's fixed-size instructions and its software
	# 128-bit long double (musl's printf and strtod) cost it about 20 KB more:
	# README, "arm64 and small systems".
	if [ "$size" -le 320000 ]; then
		echo "PASS musl: static arm64 binary is $size bytes stripped (at most 320000)"
	else
		echo "FAIL musl: static arm64 binary is $size bytes stripped, over 320000"
	fi
else
	echo "SKIP musl: no arm64 musl build (make ARCH=arm64 LIBC=musl static)"
fi
if "$bin" inspect "$obj/hello.bpf.o" | grep -q 'attach tracepoint syscalls/sys_enter_execve'; then
	echo "PASS musl: inspect works"
else
	echo "FAIL musl: inspect hello.bpf.o"
fi
if [ "$(id -u)" != 0 ]; then
	echo "SKIP musl: load needs root"
	exit 0
fi
for o in hello opencount core_read core_btf; do
	if "$bin" load "$obj/$o.bpf.o" >build/musl.out 2>&1 && grep -q verified build/musl.out; then
		echo "PASS musl: load $o"
	else
		echo "FAIL musl: load $o: $(tail -2 build/musl.out)"
	fi
done
