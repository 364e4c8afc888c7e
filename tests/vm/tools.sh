#!/bin/sh
# tests/vm/tools.sh ARCH DIR: puts Debian's bpftool and strace for ARCH and
# the shared libraries they need in DIR, with the dynamic loader as DIR/ld.so,
# so a guest without them runs `DIR/ld.so --library-path DIR DIR/bpftool ...`.
# The .debs are cached under the VM cache; later runs are offline.
set -eu
arch=$1 dir=$2
case $arch in
x86_64) debarch=amd64 ld=ld-linux-x86-64.so.2 ;;
arm64) debarch=arm64 ld=ld-linux-aarch64.so.1 ;;
*) echo "tools.sh: unknown ARCH '$arch'" >&2; exit 2 ;;
esac
cache=${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}/tools-$arch
pkgs="bpftool strace libelf1 zlib1g libcap2 libc6 libunwind8 liblzma5"
if [ ! -f "$cache/done" ]; then
	mkdir -p "$cache/debs" "$cache/root"
	chmod 755 "$cache/debs"
	id _apt >/dev/null 2>&1 && chown _apt "$cache/debs" 2>/dev/null || :
	for p in $pkgs; do
		(cd "$cache/debs" && apt-get download -qq "$p:$debarch" >/dev/null 2>&1) ||
			{ echo "tools.sh: apt-get download $p:$debarch failed" >&2; exit 1; }
	done
	for d in "$cache"/debs/*.deb; do dpkg -x "$d" "$cache/root"; done
	: >"$cache/done"
fi
mkdir -p "$dir"
cp "$cache/root/usr/sbin/bpftool" "$cache/root/usr/bin/strace" "$dir/"
# Every shared library of the packages, flat: the loader finds them by name.
find "$cache/root" -name '*.so*' \( -type f -o -type l \) | while read -r f; do
	cp -L "$f" "$dir/" 2>/dev/null || :
done
[ -f "$dir/$ld" ] || { echo "tools.sh: $ld not found in the packages" >&2; exit 1; }
mv "$dir/$ld" "$dir/ld.so"
