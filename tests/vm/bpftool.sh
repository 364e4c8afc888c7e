#!/bin/sh
# tests/vm/bpftool.sh ARCH DIR: puts Debian's bpftool for ARCH and the shared
# libraries it needs in DIR, with the dynamic loader as DIR/ld.so, so a guest
# without them runs `DIR/ld.so --library-path DIR DIR/bpftool ...`. The .debs
# are cached under the VM cache; later runs are offline.
set -eu
arch=$1 dir=$2
case $arch in
x86_64) debarch=amd64 ld=ld-linux-x86-64.so.2 ;;
arm64) debarch=arm64 ld=ld-linux-aarch64.so.1 ;;
*) echo "bpftool.sh: unknown ARCH '$arch'" >&2; exit 2 ;;
esac
cache=${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}/bpftool-$arch
pkgs="bpftool libelf1 zlib1g libcap2 libc6"
if [ ! -f "$cache/done" ]; then
	mkdir -p "$cache/debs" "$cache/root"
	chmod 755 "$cache/debs"
	id _apt >/dev/null 2>&1 && chown _apt "$cache/debs" 2>/dev/null || :
	for p in $pkgs; do
		(cd "$cache/debs" && apt-get download -qq "$p:$debarch" >/dev/null 2>&1) ||
			{ echo "bpftool.sh: apt-get download $p:$debarch failed" >&2; exit 1; }
	done
	for d in "$cache"/debs/*.deb; do dpkg -x "$d" "$cache/root"; done
	: >"$cache/done"
fi
mkdir -p "$dir"
cp "$cache/root/usr/sbin/bpftool" "$dir/"
for l in libelf.so.1 libz.so.1 libcap.so.2 libc.so.6 "$ld"; do
	f=$(find "$cache/root" -name "$l" | head -n 1)
	[ -n "$f" ] || { echo "bpftool.sh: $l not found in the packages" >&2; exit 1; }
	cp -L "$f" "$dir/$l"
done
mv "$dir/$ld" "$dir/ld.so"
