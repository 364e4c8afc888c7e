#!/bin/sh
# Installs the Debian packages barebpf's build and tests need, only those missing.
# With --arm64: the cross compiler and arm64 libelf/zlib (Debian multiarch).
set -e
need="gcc make pkg-config libelf-dev libdw-dev zlib1g-dev clang llvm libc6-dev linux-libc-dev bpftool strace bsdutils libbpf-dev libclang-rt-14-dev systemtap-sdt-dev groff-base"
# With ping: iputils-ping, for the networking tests (tests/net.sh).
[ "$1" = ping ] && need="iputils-ping"
if [ "$1" = --arm64 ]; then
	need="gcc-aarch64-linux-gnu libc6-dev-arm64-cross libelf-dev:arm64 zlib1g-dev:arm64"
	dpkg --print-foreign-architectures | grep -qx arm64 || {
		[ "$(id -u)" = 0 ] && dpkg --add-architecture arm64 &&
			sh "$(dirname "$0")/../tools/apt-get" update >/dev/null
	}
fi
missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
echo "deps: installing$missing"
apt=$(dirname "$0")/../tools/apt-get
sh "$apt" install -y --no-install-recommends $missing >/dev/null ||
	{ sh "$apt" update >/dev/null && sh "$apt" install -y --no-install-recommends $missing >/dev/null; } ||
	{ echo "deps: installing$missing failed" >&2; exit 1; }
