#!/bin/sh
# fetch.sh ARCH [KERNEL] -- make sure the VM test bed for ARCH (x86_64 | arm64)
# and KERNEL (6.1 | 5.10; default $BAREBPF_VM_KERNEL, else 6.1) is ready:
#   * qemu-system-<arch> and cpio are installed (Debian packages, --no-install-recommends)
#   * ${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}/ARCH/ (6.1) or ARCH-5.10/ holds
#       vmlinuz, config               (symlinks to the versioned files from the
#                                      Debian linux-image package; System.map too
#                                      if the package has a real one)
#       vmlinux                       (x86_64: ELF unpacked from vmlinuz, for a
#                                      faster PVH boot)
#       busybox                       (static, from busybox-static for that arch)
#       info                          (package names and versions)
# 6.1 is the kernel of this host's own Debian 12 (bookworm) sources. 5.10 is
# Debian 11 (bullseye)'s, fetched through a private apt configuration in
# ${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}/apt-bullseye/ (own sources, lists,
# cache and status; the host's /etc/apt sources are never changed).
# If the cache is complete and the tools are present, nothing touches the network.
# BAREBPF_VM_REFRESH=1 forces a fresh download of the kernel and busybox.
set -eu

prog=${0##*/}
apt_get=$(cd "$(dirname "$0")/../.." && pwd)/tools/apt-get  # waits for the dpkg lock
say() { printf '%s: %s\n' "$prog" "$*"; }
die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $prog x86_64|arm64 [6.1|5.10]" >&2; exit 2; }
arch=$1
kernel=${2:-${BAREBPF_VM_KERNEL:-6.1}}
case $arch in
    x86_64|amd64) arch=x86_64 debarch=amd64 qemu_pkg=qemu-system-x86 qemu_bin=qemu-system-x86_64 elf_machine=62 ;;
    arm64|aarch64) arch=arm64 debarch=arm64 qemu_pkg=qemu-system-arm qemu_bin=qemu-system-aarch64 elf_machine=183 ;;
    *) die "unknown ARCH '$arch' (want x86_64 or arm64)" ;;
esac

case $kernel in
    6.1) sfx= ;;        # the host's Debian 12 kernel; cache layout unchanged
    5.10) sfx=-5.10 ;;  # Debian 11 (bullseye), private apt configuration
    *) die "unknown KERNEL '$kernel' (want 6.1 or 5.10)" ;;
esac
label=$arch$sfx

cache_root=${BAREBPF_VM_CACHE:-/var/cache/barebpf-vm}
cache=$cache_root/$arch$sfx

cache_complete() {
    [ -f "$cache/info" ] && [ -s "$cache/vmlinuz" ] && [ -s "$cache/config" ] &&
        [ -x "$cache/busybox" ]
}
tools_present() {
    command -v "$qemu_bin" >/dev/null 2>&1 && command -v cpio >/dev/null 2>&1 &&
        command -v gzip >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1
}

# x86_64 only: unpack the ELF vmlinux from the XZ-compressed bzImage. Booted
# through its PVH entry point it skips the in-guest decompression, which takes
# ~3 s under TCG. Purely local; failure only means run.sh uses the bzImage.
make_vmlinux() { # dir
    [ "$arch" = x86_64 ] || return 0
    { [ -e "$1/vmlinux" ] || [ -e "$1/.no-vmlinux" ]; } && return 0
    grep -qx 'CONFIG_PVH=y' "$1/config" || return 0
    command -v xz >/dev/null 2>&1 || { say "note: xz not found, no vmlinux for PVH boot"; return 0; }
    _img=$(readlink -f "$1/vmlinuz")
    _rel=${_img##*/vmlinuz-}
    # offsets of the XZ magic FD 37 7A 58 5A 00; try each until one unpacks to ELF
    for _off in $(LC_ALL=C grep -abo "$(printf '\3757zXZ')" "$_img" | cut -d: -f1); do
        tail -c +$((_off + 1)) "$_img" | xz -dc --single-stream >"$1/.vmlinux.tmp" 2>/dev/null || continue
        if [ "$(od -An -c -N4 "$1/.vmlinux.tmp" | tr -d ' ')" = '177ELF' ]; then
            mv "$1/.vmlinux.tmp" "$1/vmlinux-$_rel"
            ln -s "vmlinux-$_rel" "$1/vmlinux"
            say "$label: unpacked vmlinux-$_rel (for PVH boot)"
            return 0
        fi
    done
    rm -f "$1/.vmlinux.tmp"
    : >"$1/.no-vmlinux"
    say "note: could not unpack vmlinux from $_img; run.sh will boot the bzImage"
}

# Fast path: everything there, no network, no apt.
if [ "${BAREBPF_VM_REFRESH:-0}" != 1 ] && cache_complete && tools_present; then
    [ -e "$cache/vmlinux" ] || [ ! -w "$cache" ] || make_vmlinux "$cache"
    say "$label: cache complete in $cache ($(sed -n 's/^kernel_package=//p' "$cache/info") $(sed -n 's/^kernel_version=//p' "$cache/info")), offline"
    exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found (Debian host required)"
[ "$(id -u)" -eq 0 ] || die "cache incomplete or tools missing and not root: run '$0 $arch $kernel' as root once"

# Serialise slow-path runs (apt and dpkg do not like running twice at once).
mkdir -p "$cache_root" || die "cannot create $cache_root"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache_root/.lock"
    flock 9
fi

apt_updated=0
apt_update() {
    [ $apt_updated -eq 1 ] && return 0
    say "apt-get update"
    sh "$apt_get" update -qq >/dev/null || die "apt-get update failed"
    apt_updated=1
}

# ---- tools -----------------------------------------------------------------
if ! tools_present; then
    pkgs=
    command -v "$qemu_bin" >/dev/null 2>&1 || pkgs="$pkgs $qemu_pkg"
    command -v cpio >/dev/null 2>&1 || pkgs="$pkgs cpio"
    command -v gzip >/dev/null 2>&1 || pkgs="$pkgs gzip"
    command -v timeout >/dev/null 2>&1 || pkgs="$pkgs coreutils"
    say "apt-get install --no-install-recommends$pkgs"
    ilog=$(mktemp)
    # shellcheck disable=SC2086
    if ! sh "$apt_get" install -y -q --no-install-recommends $pkgs >"$ilog" 2>&1; then
        apt_update
        # shellcheck disable=SC2086
        sh "$apt_get" install -y -q --no-install-recommends $pkgs >"$ilog" 2>&1 ||
            { tail -n 20 "$ilog" >&2; rm -f "$ilog"; die "apt-get install$pkgs failed"; }
    fi
    rm -f "$ilog"
    tools_present || die "tools still missing after install ($qemu_bin, cpio, gzip, timeout)"
fi

if [ "${BAREBPF_VM_REFRESH:-0}" != 1 ] && cache_complete; then
    say "$label: cache complete in $cache, offline"
    exit 0
fi

# ---- foreign architecture (arm64 on an amd64 host) --------------------------
host_debarch=$(dpkg --print-architecture)
if [ "$debarch" != "$host_debarch" ] &&
    ! dpkg --print-foreign-architectures | grep -qx "$debarch"; then
    say "dpkg --add-architecture $debarch"
    dpkg --add-architecture "$debarch" || die "dpkg --add-architecture $debarch failed"
    apt_updated=0
    apt_update
fi

pkg_exists() { # name:arch has a candidate
    apt-cache show "$1" >/dev/null 2>&1 &&
        apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -qv '(none)'
}

if [ "$kernel" = 6.1 ]; then
    meta=linux-image-$debarch:$debarch
    pkg_exists "$meta" || apt_update
    pkg_exists "$meta" || die "meta package $meta not found in the registry"

    # Concrete kernel package the meta package depends on, e.g. linux-image-6.1.0-56-amd64.
    kpkg=$(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks \
            --no-replaces --no-enhances "$meta" 2>/dev/null |
        sed -n 's/^ *|\{0,1\}Depends: *\(linux-image-[^ :]*\).*/\1/p' | head -n 1)
    [ -n "$kpkg" ] || die "could not find the kernel package that $meta depends on"
    if pkg_exists "$kpkg:$debarch"; then
        :
    elif pkg_exists "${kpkg%-unsigned}-unsigned:$debarch"; then
        kpkg=${kpkg%-unsigned}-unsigned
    else
        die "neither $kpkg nor $kpkg-unsigned ($debarch) found in the registry"
    fi
fi

# ---- Debian 11 (bullseye): a private apt configuration -------------------------
# Own sources file, lists, package cache, status file and preferences, all in
# $bdir; the host's /etc/apt sources are left alone. Both architectures are
# always listed, so one lists dir serves x86_64 and arm64. The archive is
# checked against the bullseye keys from debian-archive-keyring.
bdir=$cache_root/apt-bullseye
keys=/usr/share/keyrings
bapt_setup() {
    for _k in debian-archive-bullseye-stable.gpg debian-archive-bullseye-automatic.gpg \
        debian-archive-bullseye-security-automatic.gpg; do
        [ -s "$keys/$_k" ] && continue
        say "apt-get install debian-archive-keyring (for $keys/$_k)"
        sh "$apt_get" install -y -q --no-install-recommends \
            debian-archive-keyring >/dev/null 2>&1 || { apt_update; \
            sh "$apt_get" install -y -q --no-install-recommends debian-archive-keyring >/dev/null; } ||
            die "cannot install debian-archive-keyring"
        [ -s "$keys/$_k" ] || die "$keys/$_k missing even after installing debian-archive-keyring"
    done
    mkdir -p "$bdir/lists/partial" "$bdir/cache/archives/partial" "$bdir/preferences.d" ||
        die "cannot create $bdir"
    [ -e "$bdir/status" ] || : >"$bdir/status"
    cat >"$bdir/sources.list" <<EOF
# Written by tests/vm/fetch.sh: Debian 11 kernels for the VM test bed (5.10).
deb [signed-by=$keys/debian-archive-bullseye-stable.gpg,$keys/debian-archive-bullseye-automatic.gpg] http://deb.debian.org/debian bullseye main
deb [signed-by=$keys/debian-archive-bullseye-security-automatic.gpg] http://deb.debian.org/debian-security bullseye-security main
EOF
    if id _apt >/dev/null 2>&1; then
        chown _apt "$bdir/lists/partial" "$bdir/cache/archives/partial" 2>/dev/null || :
    fi
}
bapt() { # apt-get|apt-cache ARGS...: run with the private configuration
    _cmd=$1
    shift
    "$_cmd" -o Dir::Etc::sourcelist="$bdir/sources.list" -o Dir::Etc::sourceparts=- \
        -o Dir::Etc::preferences="$bdir/preferences" -o Dir::Etc::preferencesparts="$bdir/preferences.d" \
        -o Dir::State::Lists="$bdir/lists" -o Dir::Cache="$bdir/cache" \
        -o Dir::State::status="$bdir/status" \
        -o APT::Architecture="$(dpkg --print-architecture)" \
        -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 "$@"
}
# Downloads the newest linux-image-5.10.*-DEBARCH that the archive really
# serves: for each version of the meta package linux-image-DEBARCH, newest
# first (bullseye-security, then the last bullseye point release), the kernel
# package it depends on, signed or -unsigned. (Some security builds are in
# the index but not in the pool that this machine reaches.)
fetch_bullseye_kernel() {
    bapt_setup
    say "apt-get update (private bullseye configuration in $bdir)"
    bapt apt-get update -qq >"$tmp/update.log" 2>&1 ||
        { tail -n 5 "$tmp/update.log" >&2; die "apt-get update of the bullseye sources failed"; }
    _meta=linux-image-$debarch:$debarch
    _vers=$(bapt apt-cache madison "$_meta" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
        awk '!seen[$0]++')
    [ -n "$_vers" ] || die "meta package $_meta not found in the bullseye sources"
    for _v in $_vers; do
        _k=$(bapt apt-cache show "$_meta=$_v" 2>/dev/null |
            sed -n 's/^Depends: *\(linux-image-5\.10[^ ,(]*\).*/\1/p' | head -n 1)
        [ -n "$_k" ] || continue
        for _p in "$_k" "${_k%-unsigned}-unsigned"; do
            bapt apt-cache show "$_p:$debarch" >/dev/null 2>&1 || continue
            say "apt-get download $_p:$debarch (bullseye, $_meta $_v)"
            if (cd "$tmp" && bapt apt-get download -qq "$_p:$debarch" >"$tmp/dl.log" 2>&1); then
                kpkg=$_p
                return 0
            fi
            say "note: $_p:$debarch: $(grep -m 1 '^E:' "$tmp/dl.log" | sed 's/ \[IP:.*//')"
            rm -f "$tmp"/linux-image-*.deb
        done
    done
    die "no linux-image-5.10 package for $debarch could be downloaded from the bullseye sources"
}

# ---- download and extract ----------------------------------------------------
tmp=$(mktemp -d "$cache_root/.fetch-$arch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
chmod 755 "$tmp"
# apt-get download drops privileges to _apt when it can write the directory.
if id _apt >/dev/null 2>&1; then chown _apt "$tmp" 2>/dev/null || :; fi

download() { # pkg:arch
    say "apt-get download $1"
    if ! (cd "$tmp" && apt-get download -qq "$1" >/dev/null 2>&1); then
        apt_update
        (cd "$tmp" && apt-get download -qq "$1" >/dev/null) || die "apt-get download $1 failed"
    fi
}
if [ "$kernel" = 6.1 ]; then
    download "$kpkg:$debarch"
else
    fetch_bullseye_kernel
fi
# busybox is the host's Debian's on every kernel, so only the kernel differs.
download "busybox-static:$debarch"

kdeb=$(ls "$tmp"/linux-image-*.deb 2>/dev/null | head -n 1)
bdeb=$(ls "$tmp"/busybox-static_*.deb 2>/dev/null | head -n 1)
{ [ -n "$kdeb" ] && [ -n "$bdeb" ]; } || die "downloaded .deb files not found"

mkdir "$tmp/k" "$tmp/b" "$tmp/out"
dpkg -x "$kdeb" "$tmp/k" || die "dpkg -x $kdeb failed"
dpkg -x "$bdeb" "$tmp/b" || die "dpkg -x $bdeb failed"

kimg=$(ls "$tmp"/k/boot/vmlinuz-* 2>/dev/null | head -n 1)
[ -n "$kimg" ] || kimg=$(ls "$tmp"/k/boot/vmlinux-* 2>/dev/null | head -n 1)
[ -n "$kimg" ] || die "no /boot/vmlinuz-* in $kdeb"
krel=${kimg##*/vmlinu?-}
cp "$kimg" "$tmp/out/vmlinuz-$krel"
ln -s "vmlinuz-$krel" "$tmp/out/vmlinuz"
if [ -f "$tmp/k/boot/config-$krel" ]; then
    cp "$tmp/k/boot/config-$krel" "$tmp/out/"
    ln -s "config-$krel" "$tmp/out/config"
else
    die "no /boot/config-$krel in $kdeb"
fi
# Debian ships a one-line stub System.map (the real one is in the -dbg
# package); keep it only if it is real. In the guest, /proc/kallsyms has it all.
sysmap=absent
if [ -f "$tmp/k/boot/System.map-$krel" ]; then
    if grep -q 'The real System.map is in' "$tmp/k/boot/System.map-$krel"; then
        sysmap=stub
        say "note: System.map in ${kdeb##*/} is only a stub, not cached (use /proc/kallsyms in the guest)"
    else
        sysmap=real
        cp "$tmp/k/boot/System.map-$krel" "$tmp/out/"
        ln -s "System.map-$krel" "$tmp/out/System.map"
    fi
fi

# What /init and the kernel tests need must be built in (=y): the test bed
# loads no modules. Checked once, here, before the kernel goes into the cache.
case $arch in
    x86_64) console_opt=CONFIG_SERIAL_8250_CONSOLE ;;
    arm64) console_opt=CONFIG_SERIAL_AMBA_PL011_CONSOLE ;;
esac
for opt in CONFIG_BLK_DEV_INITRD CONFIG_RD_GZIP CONFIG_DEVTMPFS CONFIG_TMPFS $console_opt \
    CONFIG_BPF_SYSCALL CONFIG_PERF_EVENTS CONFIG_BPF_EVENTS CONFIG_DEBUG_FS CONFIG_TRACING \
    CONFIG_KPROBES CONFIG_KPROBE_EVENTS; do
    grep -qx "$opt=y" "$tmp/out/config" && continue
    v=$(sed -n "s/^$opt=//p" "$tmp/out/config")
    die "${kdeb##*/}: $opt is ${v:-not set}, not built in (=y); the test bed loads no modules"
done

bb=$tmp/b/bin/busybox
[ -f "$bb" ] || die "no /bin/busybox in $bdeb"
# ELF e_machine (little endian u16 at offset 18): 62 = x86_64, 183 = aarch64
m=$(od -An -tu2 -j18 -N2 "$bb" | tr -d ' ')
[ "$m" = "$elf_machine" ] || die "busybox from $bdeb has ELF machine $m, want $elf_machine"
cp "$bb" "$tmp/out/busybox"
chmod 755 "$tmp/out/busybox"

{
    echo "arch=$arch"
    echo "kernel_package=$(dpkg-deb -f "$kdeb" Package)"
    echo "kernel_version=$(dpkg-deb -f "$kdeb" Version)"
    echo "kernel_release=$krel"
    echo "system_map=$sysmap"
    echo "busybox_package=$(dpkg-deb -f "$bdeb" Package)"
    echo "busybox_version=$(dpkg-deb -f "$bdeb" Version)"
    [ "$kernel" = 6.1 ] || echo "kernel_series=$kernel (Debian 11 bullseye, apt configuration in $bdir)"
    echo "fetched=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$tmp/out/info"

make_vmlinux "$tmp/out"

# Swap the new cache into place.
rm -rf "$cache.old"
[ -e "$cache" ] && mv "$cache" "$cache.old"
mv "$tmp/out" "$cache"
rm -rf "$cache.old"
chmod 755 "$cache"
say "$label: cached $(sed -n 's/^kernel_package=//p' "$cache/info") $(sed -n 's/^kernel_version=//p' "$cache/info") (release $krel) and busybox $(sed -n 's/^busybox_version=//p' "$cache/info") in $cache"
