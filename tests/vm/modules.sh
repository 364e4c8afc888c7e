#!/bin/sh
# tests/vm/modules.sh ARCH KERNEL DIR: puts the kernel modules the guest's
# networking tests need in DIR: veth (the veth pair), sch_ingress (the clsact
# qdisc) and cls_bpf (the bpf tc filter), which Debian builds as modules
# (=m) while the rest the tests use is =y; and nf_conntrack with what it
# needs (crc32c, libcrc32c, nf_defrag_ipv4/6), whose BTF has kfuncs. They come from the same
# linux-image package (name and version from the cache's info) that
# fetch.sh took the kernel from, so their vermagic matches; the guest loads
# them with busybox insmod. Cached in the kernel's dir under modules/; later
# runs are offline.
set -eu
arch=$1 kernel=$2 dir=$3
case $arch in
x86_64) debarch=amd64 ;;
arm64) debarch=arm64 ;;
*) echo "modules.sh: unknown ARCH '$arch'" >&2; exit 2 ;;
esac
case $kernel in 5.10) sfx=-5.10 ;; *) sfx= ;; esac
root=${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}
kdir=$root/$arch$sfx
mods="drivers/net/veth.ko net/sched/sch_ingress.ko net/sched/cls_bpf.ko
	crypto/crc32c_generic.ko lib/libcrc32c.ko net/ipv4/netfilter/nf_defrag_ipv4.ko
	net/ipv6/netfilter/nf_defrag_ipv6.ko net/netfilter/nf_conntrack.ko"
have=1
for m in $mods; do [ -f "$kdir/modules/$(basename "$m")" ] || have=; done
[ -f "$kdir/info" ] || { echo "modules.sh: no $kdir/info (run tests/vm/fetch.sh first)" >&2; exit 1; }
pkg=$(sed -n 's/^kernel_package=//p' "$kdir/info")
ver=$(sed -n 's/^kernel_version=//p' "$kdir/info")
rel=$(sed -n 's/^kernel_release=//p' "$kdir/info")
if [ -z "$have" ]; then
	tmp=$(mktemp -d "$root/.modules-$arch$sfx.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	chmod 755 "$tmp"
	id _apt >/dev/null 2>&1 && chown _apt "$tmp" 2>/dev/null || :
	if [ "$kernel" = 5.10 ]; then
		b=$root/apt-bullseye
		set -- -o Dir::Etc::sourcelist="$b/sources.list" -o Dir::Etc::sourceparts=- \
			-o Dir::Etc::preferences="$b/preferences" -o Dir::Etc::preferencesparts="$b/preferences.d" \
			-o Dir::State::Lists="$b/lists" -o Dir::Cache="$b/cache" -o Dir::State::status="$b/status" \
			-o APT::Architecture="$(dpkg --print-architecture)" \
			-o APT::Architectures::=amd64 -o APT::Architectures::=arm64
	else
		set --
	fi
	(cd "$tmp" && apt-get "$@" download -qq "$pkg:$debarch=$ver" >"$tmp/dl.log" 2>&1) ||
		{ echo "modules.sh: apt-get download $pkg:$debarch=$ver failed: $(grep -m1 '^E:' "$tmp/dl.log")" >&2; exit 1; }
	mkdir "$tmp/x"
	dpkg -x "$tmp"/*.deb "$tmp/x"
	mkdir -p "$kdir/modules"
	for m in $mods; do
		f=$(ls "$tmp/x/lib/modules/$rel/kernel/$m"* 2>/dev/null | head -1)
		[ -n "$f" ] || { echo "modules.sh: $m not in $pkg" >&2; exit 1; }
		case $f in
		*.xz) xz -dc "$f" >"$kdir/modules/$(basename "$m")" ;;
		*.zst) zstd -dcq "$f" >"$kdir/modules/$(basename "$m")" ;;
		*) cp "$f" "$kdir/modules/" ;;
		esac
	done
fi
mkdir -p "$dir"
for m in $mods; do cp "$kdir/modules/$(basename "$m")" "$dir/"; done
