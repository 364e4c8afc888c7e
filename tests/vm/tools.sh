#!/bin/sh
# tests/vm/tools.sh ARCH DIR: puts Debian's bpftool, strace, iproute2's ip
# and tc and iputils' ping for ARCH and the shared libraries they need in DIR,
# with the dynamic loader as DIR/ld.so, so a guest without them runs
# `DIR/ld.so --library-path DIR DIR/bpftool ...` (busybox's ip cannot name
# a veth peer and its tc knows no clsact, filters or XDP).
# The .debs are cached under the VM cache; later runs are offline. A package
# added to the list below is fetched on the next run; the others stay.
set -eu
arch=$1 dir=$2
case $arch in
x86_64) debarch=amd64 ld=ld-linux-x86-64.so.2 ;;
arm64) debarch=arm64 ld=ld-linux-aarch64.so.1 ;;
*) echo "tools.sh: unknown ARCH '$arch'" >&2; exit 2 ;;
esac
cache=${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}/tools-$arch
pkgs="bpftool strace libelf1 zlib1g libcap2 libc6 libunwind8 liblzma5
iproute2 libbpf1 libmnl0 libbsd0 libmd0 libxtables12 iputils-ping libidn2-0 libunistring2"
if [ "$(cat "$cache/done" 2>/dev/null)" != "$(echo $pkgs)" ]; then
	mkdir -p "$cache/debs" "$cache/root"
	chmod 755 "$cache/debs"
	id _apt >/dev/null 2>&1 && chown _apt "$cache/debs" 2>/dev/null || :
	for p in $pkgs; do
		ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 && continue
		(cd "$cache/debs" && apt-get download -qq "$p:$debarch" >/dev/null 2>&1) ||
			{ echo "tools.sh: apt-get download $p:$debarch failed" >&2; exit 1; }
		dpkg -x "$cache/debs/${p}_"*.deb "$cache/root"
	done
	echo $pkgs >"$cache/done"
fi
mkdir -p "$dir"
cp "$cache/root/usr/sbin/bpftool" "$cache/root/usr/bin/strace" "$dir/"
cp "$cache/root/bin/ip" "$cache/root/sbin/tc" "$cache/root/bin/ping" "$dir/"
# Every shared library of the packages, flat: the loader finds them by name.
find "$cache/root" -name '*.so*' \( -type f -o -type l \) | while read -r f; do
	cp -L "$f" "$dir/" 2>/dev/null || :
done
[ -f "$dir/$ld" ] || { echo "tools.sh: $ld not found in the packages" >&2; exit 1; }
mv "$dir/$ld" "$dir/ld.so"
