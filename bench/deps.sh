#!/bin/sh
# Installs what only the benchmark needs: libbpf-dev, the peer it measures
# barebpf against. barebpf itself never links libbpf.
need=libbpf-dev
dpkg-query -W -f='${Status}' $need 2>/dev/null | grep -q 'install ok installed' && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "bench deps: missing package: $need (run as root, or install it)" >&2
	exit 1
fi
echo "bench deps: installing $need"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $need >/dev/null ||
	{ apt-get update >/dev/null && apt-get install -y --no-install-recommends $need >/dev/null; }
