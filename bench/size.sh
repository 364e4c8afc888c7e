#!/bin/sh
# make size: stripped sizes of barebpf's binaries next to a static libbpf
# loader built from Debian's libbpf-dev (the peer), the share each library
# takes of the static binaries, and the peak memory of `load` and `run` on a
# CO-RE object next to bpftool's. Ratios are barebpf / peer, measured now.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
b=build/$arch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stripped() { cp "$1" "$tmp/s" && strip "$tmp/s" && stat -c %s "$tmp/s"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (b > 0 ? "%.2fx" : "-"), a / b }'; }

# Bytes each archive brings into a static link, from the linker's map.
shares() { # MAP
	awk 'function hex(s,  n, i, c) {
		n = 0; s = tolower(substr(s, 3))
		for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return n
	     }
	     /^Discarded input sections/ { skip = 1 } /^Linker script and memory map/ { skip = 0 }
	     skip { next }
	     # code and data only (not debug info); a long name has the rest on the next line
	     /^ \.(text|rodata|data|bss|tdata|tbss|eh_frame)/ && NF == 1 { pending = 1; next }
	     (pending && NF >= 3 && $1 ~ /^0x/) ||
	     (/^ \.(text|rodata|data|bss|tdata|tbss|eh_frame)/ && NF >= 4 && $2 ~ /^0x/) {
		sz = pending ? $2 : $3; lib = pending ? $3 : $4; pending = 0
		if (lib !~ /^\// && lib !~ /^build/) next
		sub(/.*\//, "", lib); sub(/\(.*/, "", lib)
		if (lib !~ /\.a$/) lib = "barebpf objects"
		size[lib] += hex(sz)
		next
	     }
	     { pending = 0 }
	     END { for (l in size) if (size[l] > 2048) printf "    %-24s %8d\n", l, size[l] }' "$1" |
		sort -k2 -n -r
}

link_map() { # OUT MAP CC LIBS...
	out=$1 map=$2 cc=$3
	shift 3
	$cc -static -Wl,--gc-sections -Wl,-Map="$map" "$@" -o "$out" 2>"$tmp/ld.err"
}

printf '%-34s %10s %8s\n' BINARY BYTES "VS PEER"
link_map "$tmp/peer" "$tmp/peer.map" cc bench/libbpf_load.c -lbpf -lelf -lz || {
	echo "size: cannot link the libbpf peer: $(tail -1 "$tmp/ld.err")"; exit 1; }
peer=$(stripped "$tmp/peer")
link_map "$tmp/glibc" "$tmp/glibc.map" cc $b/cli/main.o $b/cli/show.o $b/libbarebpf.a -lelf -lz
glibc=$(stripped "$tmp/glibc")
dyn=$(stripped ./barebpf)
printf '%-34s %10d %8s\n' "libbpf loader, static (peer)" "$peer" 1.00x
printf '%-34s %10d %8s\n' "barebpf, static glibc" "$glibc" "$(ratio "$glibc" "$peer")"
if [ -x build/$arch-musl/barebpf-static ]; then
	musl=$(stat -c %s build/$arch-musl/barebpf-static)
	printf '%-34s %10d %8s\n' "barebpf, static musl" "$musl" "$(ratio "$musl" "$peer")"
fi
printf '%-34s %10d %8s\n' "barebpf, dynamic" "$dyn" "(libelf, libc shared)"
echo
echo "code and data each library brings into the static glibc barebpf (bytes):"
shares "$tmp/glibc.map"
echo "and into the static libbpf peer:"
shares "$tmp/peer.map"

if [ "$(id -u)" = 0 ] && command -v bpftool >/dev/null; then
	cc -O2 bench/peak_rss.c -o "$tmp/peak_rss"
	o=$b/bpf/compat_execsnoop.bpf.o
	echo
	echo "peak RSS on a CO-RE object ($(basename $o)), KiB:"
	bb=$("$tmp/peak_rss" ./barebpf load "$o" 2>/dev/null | tail -1 | cut -d' ' -f1)
	run=$("$tmp/peak_rss" ./barebpf run "$o" --duration 0.5 2>/dev/null | tail -1 | cut -d' ' -f1)
	mkdir -p /sys/fs/bpf 2>/dev/null
	bt=$("$tmp/peak_rss" bpftool prog loadall "$o" /sys/fs/bpf/barebpf_size_$$ | tail -1 | cut -d' ' -f1)
	rm -rf /sys/fs/bpf/barebpf_size_$$
	printf '    %-30s %8d %8s\n' "barebpf load" "$bb" "$(ratio "$bb" "$bt")"
	printf '    %-30s %8d %8s\n' "barebpf run (0.5 s)" "$run" "$(ratio "$run" "$bt")"
	printf '    %-30s %8d %8s\n' "bpftool prog loadall (peer)" "$bt" 1.00x
fi
