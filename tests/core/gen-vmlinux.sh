#!/bin/sh
# Writes the C header of the running kernel's BTF to $1 (the CO-RE fixtures'
# vmlinux.h). It is 2.8 MB on a 6.18 kernel, so it is generated, not committed.
# Any kernel's header will do: the fixtures relocate to the kernel they run on.
set -e
out=${1:?usage: gen-vmlinux.sh OUT}
btf=${VMLINUX_BTF:-/sys/kernel/btf/vmlinux}
if [ ! -r "$btf" ]; then
	echo "gen-vmlinux.sh: $btf is not readable (kernel without CONFIG_DEBUG_INFO_BTF?);" \
		"set VMLINUX_BTF to another kernel's BTF or vmlinux" >&2
	exit 1
fi
command -v bpftool >/dev/null || { echo "gen-vmlinux.sh: bpftool is not installed" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
bpftool btf dump file "$btf" format c >"$out.tmp"
mv "$out.tmp" "$out"
