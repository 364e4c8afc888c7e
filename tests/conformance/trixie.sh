#!/bin/sh
# tests/conformance/trixie.sh -- make sure a Debian 13 (trixie) chroot with
# clang-19, bpftool (libbpf 1.5), linux-source-6.12 and libbpf-tools (bcc
# 0.31) exists, and print its path. Debian 13's toolchain and libbpf are the newer peer of the
# conformance table; a chroot keeps them away from the host's Debian 12.
# Made once with debootstrap from the mirror the host's apt uses, then reused
# (a stamp file says it is complete). The host's apt sources are not touched.
#   CONF_CACHE   where it lives (default /var/cache/barebpf-conformance)
set -eu
cache=${CONF_CACHE:-/var/cache/barebpf-conformance}
root=$cache/trixie
pkgs="clang-19 llvm-19 bpftool linux-source-6.12 libc6-dev linux-libc-dev libbpf-tools"
die() { echo "trixie.sh: error: $*" >&2; exit 1; }

if [ -f "$root/.barebpf-complete" ]; then echo "$root"; exit 0; fi
[ "$(id -u)" = 0 ] || die "the chroot must be made as root once"
mkdir -p "$cache"
# Two runs at once (make test and make conformance) make it only once.
exec 9>"$cache/.lock"
flock 9
if [ -f "$root/.barebpf-complete" ]; then echo "$root"; exit 0; fi

# The host's own mirror (deb822 URIs: or a one-line deb entry).
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
	sed -n 's|^URIs: *\(http[^ ]*/debian\)/*$|\1|p; s|^deb  *\(\[[^]]*\] *\)\{0,1\}\(http[^ ]*/debian\)/* .*|\2|p' | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null 2>&1 ||
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
		--no-install-recommends debootstrap >/dev/null || die "apt-get install debootstrap failed"

log=$cache/trixie.log
rm -rf "$root"
echo "trixie.sh: debootstrap trixie $root $mirror (log $log)" >&2
timeout 1800 debootstrap --variant=minbase trixie "$root" "$mirror" >"$log" 2>&1 ||
	die "debootstrap failed, see $log"
# apt inside the chroot needs /proc; unmounted again whatever happens.
mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null' EXIT
echo "trixie.sh: apt-get install $pkgs (in the chroot)" >&2
chroot "$root" sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $pkgs" >>"$log" 2>&1 || die "apt-get install in the chroot failed, see $log"
ls "$root"/usr/src/linux-source-6.12.tar.* >/dev/null 2>&1 || die "no linux-source-6.12 tarball in the chroot"
: >"$root/.barebpf-complete"
echo "$root"
