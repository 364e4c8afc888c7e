#!/bin/sh
# tools/musl-deps.sh ARCH -- musl builds of libelf and zlib for a static barebpf.
#
#   sh tools/musl-deps.sh x86_64|arm64
#
# Result (ARCH is x86_64 or arm64):
#   build/musl/ARCH/include   libelf.h gelf.h nlist.h elf.h zlib.h zconf.h, and
#                             linux/ asm/ asm-generic/ (symlinks to the kernel
#                             UAPI headers, which musl-gcc does not search)
#   build/musl/ARCH/lib       libelf.a libz.a
#   build/musl/ARCH/env.mk    CC, CPPFLAGS and LDLIBS to build barebpf with them
# Use -isystem for that include dir, not -I: musl's <sys/ioctl.h> and the
# kernel's <asm-generic/ioctl.h> both define _IOC.. (same values), and gcc's
# redefinition warning, an error under -Werror in loader/perf.c, is not
# given in system headers. tools/README.md says more.
#
# Sources come only from Debian's source packages elfutils and zlib (bookworm
# main), downloaded with `apt-get source --download-only` through a private apt
# configuration under build/musl/apt/; the machine's apt sources are not read
# or changed. Signature checking stays on (Release file signed by the Debian
# archive key); each .dsc is checked against the SHA-256 in the signed Sources
# index, and each tarball against the SHA-256 in its .dsc. The downloads are
# kept in build/musl/src/, so a later run (either ARCH) is fully offline.
#
# Compilers (Debian packages only):
#   x86_64: musl-gcc from musl-tools (on an arm64 host: x86_64-linux-musl-gcc
#           from musl-dev:amd64 with gcc-x86-64-linux-gnu).
#   arm64:  aarch64-linux-musl-gcc, a wrapper shipped by musl-dev:arm64
#           (Debian multiarch) that runs aarch64-linux-gnu-gcc (package
#           gcc-aarch64-linux-gnu) with musl's specs file: -nostdinc, musl's
#           include dir /usr/include/aarch64-linux-musl and its crt files and
#           libc.a in /usr/lib/aarch64-linux-musl. Kernel headers for arm64
#           come from linux-libc-dev:arm64 (/usr/include/aarch64-linux-gnu/asm)
#           or else linux-libc-dev-arm64-cross (/usr/aarch64-linux-gnu/include).
# MUSL_CC=... overrides the compiler; MUSL_CFLAGS adds flags for both
# libraries, MUSL_ZLIB_CFLAGS for zlib only (-DNO_GZIP saves about 12 kB in
# barebpf: libelf only needs zlib-format inflate, but gzread then cannot read
# gzip files). Missing packages are installed when run as root (an arm64
# build needs `dpkg --add-architecture arm64` first, which
# `sh tests/deps.sh --arm64` does); otherwise the script names them and stops.
#
# Only libelf is built from elfutils: the files of libelf_a_SOURCES in
# libelf/Makefile.am, compiled with a small config.h written here (no
# configure, no argp/fts/obstack, no locks). zlib's C files are compiled
# directly. Everything with -Os -ffunction-sections -fdata-sections (and no
# unwind tables), so that the final link (-static -s -Wl,--gc-sections) keeps
# only what barebpf uses.
set -eu

die() { echo "musl-deps: error: $*" >&2; exit 1; }
note() { echo "musl-deps: $*"; }

[ $# -eq 1 ] || { echo "usage: $0 x86_64|arm64" >&2; exit 2; }
ARCH=$1
case $ARCH in
x86_64) TRIPLET=x86_64-linux-gnu; MUSL_TRIPLET=x86_64-linux-musl; DEB_ARCH=amd64 ;;
arm64) TRIPLET=aarch64-linux-gnu; MUSL_TRIPLET=aarch64-linux-musl; DEB_ARCH=arm64 ;;
*) die "unknown ARCH '$ARCH' (x86_64 or arm64)" ;;
esac

TOP=$(cd "$(dirname "$0")/.." && pwd)
M=$TOP/build/musl
APT=$M/apt
SRC=$M/src
OUT=$M/$ARCH
OBJ=$OUT/obj
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
SUITE=${MUSL_DEPS_SUITE:-bookworm}
MIRROR=${MUSL_DEPS_MIRROR:-http://deb.debian.org/debian}
PKGS="elfutils zlib"
# No unwind tables: C code without exceptions does not need them (-s drops
# the symbols anyway). MUSL_CFLAGS adds flags (e.g. -DNDEBUG). The file names
# in libelf's assert()s are made relative (-ffile-prefix-map), so the
# libraries come out the same wherever the tree is.
CFLAGS_SIZE="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables ${MUSL_CFLAGS:-}"

# ---- tools --------------------------------------------------------------
mkdir -p "$M"
host_deb_arch=$(dpkg --print-architecture 2>/dev/null) || die "dpkg not found: this script needs a Debian system"
need_pkgs="dpkg-dev"
if [ "$DEB_ARCH" = "$host_deb_arch" ]; then
	need_pkgs="$need_pkgs musl-tools linux-libc-dev"
	cc_default=musl-gcc
else
	need_pkgs="$need_pkgs musl-dev:$DEB_ARCH gcc-$(echo "$TRIPLET" | sed 's/_/-/g')"
	need_pkgs="$need_pkgs linux-libc-dev:$DEB_ARCH"
	cc_default=$MUSL_TRIPLET-gcc
fi
missing=
for p in $need_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$DEB_ARCH" != "$host_deb_arch" ] &&
		! dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH"; then
		die "packages$missing need the $DEB_ARCH architecture in dpkg: run 'sh tests/deps.sh --arm64' (or 'dpkg --add-architecture $DEB_ARCH && apt-get update') first"
	fi
	[ "$(id -u)" = 0 ] || die "missing Debian packages:$missing (install them as root)"
	note "installing$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y --no-install-recommends $missing >"$M.install.log" 2>&1 ||
		die "apt-get install$missing failed, see $M.install.log"
fi
CC=${MUSL_CC:-$cc_default}
command -v "$CC" >/dev/null 2>&1 || die "compiler '$CC' not found"
AR=${AR:-ar}
command -v "$AR" >/dev/null 2>&1 || die "'$AR' not found (binutils)"
for t in sha256sum dpkg-source awk; do
	command -v $t >/dev/null 2>&1 || die "'$t' not found"
done

# ---- private apt: fetch the source packages once -------------------------
APT_OPTS="-o Dir::Etc::sourcelist=$APT/sources.list -o Dir::Etc::sourceparts=-
 -o Dir::State::Lists=$APT/lists -o Dir::Cache=$APT/cache
 -o Dir::State::status=$APT/status -o Acquire::Languages=none"

have_sources() {
	[ -s "$SRC/dsc.sha256" ] || return 1
	for p in $PKGS; do
		grep -q " ${p}_.*\.dsc\$" "$SRC/dsc.sha256" || return 1
	done
	while read -r sum dsc; do
		[ -f "$SRC/$dsc" ] || return 1
		for f in $(dsc_files "$SRC/$dsc" | awk '{print $3}'); do
			[ -f "$SRC/$f" ] || return 1
		done
	done <"$SRC/dsc.sha256"
}

# The "sha256 size name" lines of a .dsc's Checksums-Sha256 field.
dsc_files() {
	awk '/^Checksums-Sha256:/ { f = 1; next }
	     f && /^ / { print $1, $2, $3; next }
	     { f = 0 }' "$1"
}

fetch() {
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found"
	[ -r "$KEYRING" ] || die "$KEYRING missing (package debian-archive-keyring)"
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$SRC"
	: >"$APT/status"
	echo "deb-src [signed-by=$KEYRING] $MIRROR $SUITE main" >"$APT/sources.list"
	# As root apt would download as user _apt, which cannot write into the
	# work tree, and fall back to root with a warning: ask for root at once.
	sandbox=
	[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"
	note "apt-get update (private config in $APT)"
	# shellcheck disable=SC2086
	timeout 600 apt-get $APT_OPTS $sandbox update >"$APT/update.log" 2>&1 ||
		die "apt-get update failed, see $APT/update.log"
	! grep -qE '^E:|GPG error|NO_PUBKEY|not signed' "$APT/update.log" ||
		die "apt-get update could not verify the archive's signature, see $APT/update.log"
	: >"$SRC/dsc.sha256.new"
	for p in $PKGS; do
		# The .dsc's checksum from the Sources index (which apt verified
		# against the signed InRelease): kept for offline rebuilds.
		# shellcheck disable=SC2086
		apt-cache $APT_OPTS showsrc --only-source "$p" >"$APT/showsrc-$p" 2>&1 ||
			die "apt-cache showsrc $p failed, see $APT/showsrc-$p"
		line=$(dsc_files "$APT/showsrc-$p" | awk '$3 ~ /\.dsc$/ { print $1, $3; exit }')
		[ -n "$line" ] || die "no .dsc checksum for $p in $APT/showsrc-$p"
		echo "$line" >>"$SRC/dsc.sha256.new"
	done
	note "apt-get source --download-only $PKGS"
	# shellcheck disable=SC2086
	(cd "$SRC" && timeout 900 apt-get $APT_OPTS $sandbox source --download-only $PKGS) \
		>"$APT/source.log" 2>&1 || die "apt-get source failed, see $APT/source.log"
	mv "$SRC/dsc.sha256.new" "$SRC/dsc.sha256"
}

if have_sources; then
	note "sources cached in $SRC (offline)"
else
	fetch
	have_sources || die "download incomplete: files listed in $SRC/*.dsc are missing"
fi

# ---- verify -------------------------------------------------------------
verify() { # $1 = .dsc file name, $2 = its expected sha256
	dsc=$1
	again="(remove $SRC to download the sources again)"
	(cd "$SRC" && echo "$2  $dsc" | sha256sum -c --status) ||
		die "$SRC/$dsc does not match the SHA-256 recorded from the signed Sources index $again"
	n=0
	dsc_files "$SRC/$dsc" >"$OBJ/$dsc.sums"
	while read -r sum size f; do
		n=$((n + 1))
		actual=$(wc -c <"$SRC/$f" | tr -d ' ')
		[ "$actual" = "$size" ] || die "$SRC/$f: size $actual, $dsc says $size $again"
		(cd "$SRC" && echo "$sum  $f" | sha256sum -c --status) ||
			die "$SRC/$f: SHA-256 differs from $dsc $again"
	done <"$OBJ/$dsc.sums"
	[ $n -gt 0 ] || die "$SRC/$dsc has no Checksums-Sha256 field"
	if command -v dscverify >/dev/null 2>&1; then
		# Checksums again, with devscripts' tool (the uploader's signature
		# would need debian-keyring; trust comes from the archive key).
		(cd "$SRC" && dscverify --no-sig-check "$dsc") >"$OBJ/$dsc.dscverify" 2>&1 ||
			die "dscverify $dsc failed, see $OBJ/$dsc.dscverify"
	fi
}

rm -rf "$OBJ"
mkdir -p "$OBJ"
while read -r sum dsc; do
	verify "$dsc" "$sum"
	p=${dsc%%_*}
	# dpkg-source unpacks the orig tarball and applies Debian's patches; it
	# checks the checksums too. Its "cannot verify signature" warning is about
	# the uploader's key (debian-keyring), not about the checks done above.
	dpkg-source -x "$SRC/$dsc" "$OBJ/$p" >"$OBJ/$p.unpack.log" 2>&1 ||
		die "dpkg-source -x $dsc failed, see $OBJ/$p.unpack.log"
	rm -f "$OBJ"/*.orig.tar.* # dpkg-source's copy of the tarball
	note "verified and unpacked $dsc"
done <"$SRC/dsc.sha256"
EU=$OBJ/elfutils
ZL=$OBJ/zlib
[ -f "$EU/libelf/Makefile.am" ] || die "$EU/libelf/Makefile.am missing: not an elfutils source?"
[ -f "$ZL/zlib.h" ] || die "$ZL/zlib.h missing: not a zlib source?"

rm -rf "${OUT:?}/include" "${OUT:?}/lib"
mkdir -p "$OUT/include" "$OUT/lib"

# ---- zlib ---------------------------------------------------------------
# What ./configure does to zconf.h on Linux: unistd.h and stdarg.h exist.
sed -e 's|^#ifdef HAVE_UNISTD_H.*|#if 1    /* HAVE_UNISTD_H, set by tools/musl-deps.sh */|' \
	-e 's|^#ifdef HAVE_STDARG_H.*|#if 1    /* HAVE_STDARG_H, set by tools/musl-deps.sh */|' \
	"$ZL/zconf.h" >"$OUT/include/zconf.h"
cp "$ZL/zlib.h" "$OUT/include/"
# zlib.h includes "zconf.h" from its own directory: configure the copy there.
cp "$OUT/include/zconf.h" "$ZL/zconf.h"
mkdir -p "$OBJ/z"
zobjs=
for f in adler32 crc32 deflate infback inffast inflate inftrees trees zutil \
	compress uncompr gzclose gzlib gzread gzwrite; do
	[ -f "$ZL/$f.c" ] || die "$ZL/$f.c missing"
	# shellcheck disable=SC2086
	"$CC" $CFLAGS_SIZE ${MUSL_ZLIB_CFLAGS:-} -DHAVE_HIDDEN -I"$ZL" -c "$ZL/$f.c" -o "$OBJ/z/$f.o" \
		>>"$OBJ/zlib.log" 2>&1 || die "zlib: $f.c failed to compile, see $OBJ/zlib.log"
	zobjs="$zobjs $OBJ/z/$f.o"
done
# shellcheck disable=SC2086
"$AR" rcs "$OUT/lib/libz.a" $zobjs
note "built $OUT/lib/libz.a"

# ---- libelf -------------------------------------------------------------
mkdir -p "$OBJ/elf"
cat >"$OBJ/elf/config.h" <<'EOF'
/* config.h for libelf alone, written by tools/musl-deps.sh for musl 1.2
   (instead of elfutils' configure). No locks: barebpf is single-threaded. */
#define PACKAGE "elfutils"
#define PACKAGE_NAME "elfutils"
#define HAVE_DECL_MEMPCPY 1
#define HAVE_DECL_MEMRCHR 1
#define HAVE_DECL_RAWMEMCHR 0
#define HAVE_DECL_POWEROF2 1
#define HAVE_DECL_REALLOCARRAY 1
#define HAVE_ERR_H 1
#define HAVE_MREMAP 1
#define HAVE_VISIBILITY 1
#define HAVE_GCC_STRUCT 1
#define HAVE_FALLTHROUGH 1
#define HAVE_STDATOMIC_H 1
#include <eu-config.h>
/* No message catalogs: elf_errmsg returns the English text without pulling
   in musl's gettext. */
#undef _
#define _(Str) (Str)
EOF
# The file list of libelf.a, from libelf/Makefile.am's libelf_a_SOURCES.
srcs=$(awk '/^libelf_a_SOURCES[ \t]*=/ { f = 1; sub(/^[^=]*=/, "") }
	f { c = sub(/\\[ \t]*$/, ""); printf "%s ", $0; if (!c) exit }' "$EU/libelf/Makefile.am")
[ -n "$srcs" ] || die "no libelf_a_SOURCES in $EU/libelf/Makefile.am"
eobjs=
for f in $srcs; do
	o=$OBJ/elf/${f%.c}.o
	# shellcheck disable=SC2086
	"$CC" -std=gnu99 $CFLAGS_SIZE -D_GNU_SOURCE -DHAVE_CONFIG_H -ffile-prefix-map="$OBJ/"= \
		-I"$OBJ/elf" -I"$EU/libelf" -I"$EU/lib" -I"$OUT/include" \
		-c "$EU/libelf/$f" -o "$o" >>"$OBJ/libelf.log" 2>&1 ||
		die "libelf: $f failed to compile, see $OBJ/libelf.log"
	eobjs="$eobjs $o"
done
# shellcheck disable=SC2086
"$AR" rcs "$OUT/lib/libelf.a" $eobjs
for h in libelf.h gelf.h nlist.h elf.h; do
	cp "$EU/libelf/$h" "$OUT/include/"
done
note "built $OUT/lib/libelf.a ($(echo "$srcs" | wc -w) files)"

# ---- kernel UAPI headers --------------------------------------------------
# musl-gcc's specs say -nostdinc, so /usr/include is not searched: link the
# three kernel header trees into the include dir. linux/ and asm-generic/ are
# the same for every architecture; asm/ is the target's.
for d in /usr/include/linux /usr/include/asm-generic; do
	[ -d "$d" ] || die "$d missing (package linux-libc-dev)"
	ln -s "$d" "$OUT/include/"
done
asm=
for d in /usr/include/$TRIPLET/asm /usr/$TRIPLET/include/asm; do
	[ -f "$d/unistd.h" ] && { asm=$d; break; }
done
[ -n "$asm" ] || die "no asm/ headers for $ARCH (package linux-libc-dev:$DEB_ARCH)"
ln -s "$asm" "$OUT/include/asm"

# ---- check that they link, and write env.mk ------------------------------
cat >"$OBJ/t.c" <<'EOF'
#include <gelf.h>
#include <zlib.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
int main(void)
{
	union bpf_attr a = { .map_type = BPF_MAP_TYPE_ARRAY };
	return (elf_version(EV_CURRENT) == EV_NONE) + !zlibVersion() + (int)(a.map_type != BPF_MAP_TYPE_ARRAY)
		+ (int)(sizeof(struct perf_event_attr) == 0);
}
EOF
"$CC" -Os -I"$OUT/include" "$OBJ/t.c" -static -Wl,--gc-sections -s \
	-L"$OUT/lib" -lelf -lz -o "$OBJ/t" >"$OBJ/t.log" 2>&1 ||
	die "test program does not link against $OUT/lib, see $OBJ/t.log"
if [ "$DEB_ARCH" = "$host_deb_arch" ]; then
	"$OBJ/t" || die "test program $OBJ/t failed"
elif command -v "qemu-$(echo "$TRIPLET" | cut -d- -f1)-static" >/dev/null 2>&1; then
	"qemu-$(echo "$TRIPLET" | cut -d- -f1)-static" "$OBJ/t" || die "test program $OBJ/t failed under qemu"
fi

cat >"$OUT/env.mk" <<EOF
# Written by tools/musl-deps.sh $ARCH
MUSL_CC := $CC
MUSL_CPPFLAGS := -isystem $OUT/include
MUSL_LDFLAGS := -L$OUT/lib
MUSL_LIBS := -lelf -lz
EOF
note "done: $OUT/include, $OUT/lib (CC=$CC CPPFLAGS=-isystem $OUT/include LDLIBS='-L$OUT/lib -lelf -lz')"
