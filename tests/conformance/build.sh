#!/bin/sh
# tests/conformance/build.sh SET [NAME...] -- build (once) the BPF objects of
# one conformance set into build/conformance/SET/*.bpf.o and print that dir.
#   sel-6.1   Debian 12's linux-source-6.1 selftests (progs/*.c), clang 14
#   sel-6.12  Debian 13's linux-source-6.12 selftests, clang 19 in the chroot
#   bcc-0.26  bcc's libbpf-tools from Debian 12's libbpf-tools package
#   bcc-0.31  the same from Debian 13's
# With NAMEs (selftests file names without .c) only those are built, for
# the make test sample. A complete build leaves OUT/.stamp and is not
# redone; objects that do not compile are listed in OUT/failed/ and skipped.
# Sources and the chroot are cached in $CONF_CACHE (outside build/, so
# make clean does not throw away the slow downloads).
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
here=$top/tests/conformance
cache=${CONF_CACHE:-/var/cache/barebpf-conformance}
export CONF_CACHE=$cache
die() { echo "build.sh: error: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: build.sh sel-6.1|sel-6.12|bcc-0.26|bcc-0.31 [NAME...]"
set_=$1
shift
out=$top/build/conformance/$set_
[ -f "$out/.stamp" ] && { echo "$out"; exit 0; }
mkdir -p "$out/failed" "$cache/src"
apt_get() { # install host packages, waiting for someone else's dpkg lock
	DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -o DPkg::Lock::Timeout=600 \
		install -y -q --no-install-recommends "$@" >"$cache/apt.log" 2>&1 ||
		die "apt-get install $* failed, see $cache/apt.log"
}

# libbpf-tools: the objects their skeletons embed (unskel.py says why).
bcc() { # TOOL...
	python3 "$here/unskel.py" "$out" "$@"
	[ -n "$(ls "$out"/*.bpf.o 2>/dev/null)" ] || die "no BPF objects found in $*"
}

# A selftests tree: the tarball's tools/ and UAPI, libbpf's headers installed
# where the selftests Makefile puts them (tools/include, with the generated
# bpf_helper_defs.h), and vmlinux.h of this kernel's BTF.
tree() { # TARBALL DIR BTF BPFTOOL...
	tarball=$1 dir=$2 btf=$3
	shift 3
	if [ ! -f "$dir/.ready" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -C "$dir" --strip-components=1 -xf "$tarball" --wildcards '*/tools' '*/include/uapi' \
			'*/scripts/bpf_doc.py' || die "cannot unpack $tarball"
		inc=$dir/tools/testing/selftests/bpf/tools
		mkdir -p "$inc"
		make -s -C "$dir/tools/lib/bpf" install_headers DESTDIR="$inc" prefix= \
			OUTPUT="$inc/" >/dev/null || die "libbpf install_headers failed in $dir"
		"$@" btf dump file "$btf" format c >"$inc/include/vmlinux.h" ||
			die "bpftool btf dump failed"
		: >"$dir/.ready"
	fi
}

# The selftests Makefile's BPF_CFLAGS and CLANG_CFLAGS for x86 without
# -Werror: a warning of another compiler is not the loader's business.
# BPF_NO_KFUNC_PROTOTYPES: bpftool 7.5 writes this kernel's kfunc
# prototypes into vmlinux.h, and where they differ from the ones the
# selftests declare (6.12's against 6.18's) the file would not compile.
flags() { # CLANG-FOR-INCLUDES
	sys=$($1 -v -E - </dev/null 2>&1 |
		sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }' | tr '\n' ' ')
	echo "-g -O2 --target=bpf -mcpu=v3 -D__TARGET_ARCH_x86 -mlittle-endian -Itools/include -I. \
-I../../../include/uapi $sys -Wno-compare-distinct-pointer-types -DENABLE_ATOMICS_TESTS -DBPF_NO_KFUNC_PROTOTYPES"
}
progs() { # the progs/*.c to build, relative to the selftests dir
	if [ $# -gt 0 ]; then for n in "$@"; do echo "progs/$n.c"; done; else
		(cd "$sel" && ls progs/*.c); fi
}

# python3: unskel.py and libbpf's bpf_doc.py; make: install_headers.
command -v python3 >/dev/null && command -v make >/dev/null || apt_get python3 make
cp /sys/kernel/btf/vmlinux "$cache/vmlinux.btf"
case $set_ in
bcc-0.26)
	(cd "$cache/src" && { ls libbpf-tools_0.26*.deb >/dev/null 2>&1 ||
		apt-get download -q libbpf-tools >/dev/null 2>&1; }) || die "apt-get download libbpf-tools failed"
	deb=$(ls "$cache"/src/libbpf-tools_0.26*.deb | head -n 1)
	rm -rf "$out/x"
	dpkg -x "$deb" "$out/x"
	bcc "$out"/x/usr/sbin/*
	rm -rf "$out/x"
	echo "${deb##*/}" >"$out/.stamp"
	;;
bcc-0.31)
	root=$(sh "$here/trixie.sh")
	bcc $(chroot "$root" dpkg -L libbpf-tools | sed -n "s|^/usr/sbin/|$root/usr/sbin/|p")
	chroot "$root" dpkg-query -W libbpf-tools >"$out/.stamp"
	;;
sel-6.1)
	tarball=/usr/src/linux-source-6.1.tar.xz
	[ -f $tarball ] || apt_get linux-source-6.1
	command -v clang-14 >/dev/null && command -v bpftool >/dev/null || apt_get clang-14 bpftool
	tree $tarball "$cache/src/linux-source-6.1" "$cache/vmlinux.btf" bpftool
	sel=$cache/src/linux-source-6.1/tools/testing/selftests/bpf
	progs "$@" | (cd "$sel" && CLANG=clang-14 OUT=$out FLAGS=$(flags clang-14) xargs -n 8 -P 2 sh "$here/cc.sh")
	[ $# -gt 0 ] || echo "clang-14 $(clang-14 --version | head -n 1)" >"$out/.stamp"
	;;
sel-6.12)
	root=$(sh "$here/trixie.sh")
	cp "$cache/vmlinux.btf" "$root/tmp/vmlinux.btf"
	tree "$(ls "$root"/usr/src/linux-source-6.12.tar.*)" "$root/src/linux-source-6.12" \
		/tmp/vmlinux.btf chroot "$root" bpftool
	sel=$root/src/linux-source-6.12/tools/testing/selftests/bpf
	# Built inside the chroot into its /out, then copied here.
	cp "$here/cc.sh" "$root/tmp/cc.sh"
	mkdir -p "$root/out/failed"
	progs "$@" | chroot "$root" env CLANG=clang-19 OUT=/out FLAGS="$(flags "chroot $root clang-19")" \
		sh -c 'cd /src/linux-source-6.12/tools/testing/selftests/bpf && xargs -n 8 -P 2 sh /tmp/cc.sh'
	cp -p "$root"/out/*.bpf.o "$out/"
	cp -p "$root"/out/failed/* "$out/failed/" 2>/dev/null || :
	[ $# -gt 0 ] || echo "clang-19 $(chroot "$root" clang-19 --version | head -n 1)" >"$out/.stamp"
	;;
*) die "unknown set '$set_'" ;;
esac
echo "$out"
