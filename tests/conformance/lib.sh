# lib.sh -- sourced by run.sh and sample.sh: how a loader is run and judged.
# Needs $root (the trixie chroot) for libbpf 1.5 and $tmp.

verdict() { # EXIT-STATUS -> ok, fail, timeout or crash:SIGNAL
	case $1 in
	0) echo ok ;;
	124) echo timeout ;;
	# A signal is 128 + its number; bpftool exits 255 (-1) on failure.
	*) if [ "$1" -gt 128 ] && [ "$1" -lt 193 ]; then echo "crash:SIG$(kill -l $(($1 - 128)))"; else echo fail; fi ;;
	esac
}

# The first line that says what went wrong, tabs out; libbpf's warnings
# ("skipping unrecognized data section") are not errors. When it is a
# verifier's refusal, the verifier's own last word (the line before
# "processed N insns") is added after " | ": that is what tells causes apart.
first_error() { # FILE
	line=$(grep -iE 'fail|error|invalid|unknown|unsupported|not supported|refus|cannot|denied|missing|not found|no such|not a |E[A-Z]+ \(' "$1" |
		grep -v 'skipping' | head -n 1)
	[ -n "$line" ] || line=$(tail -n 1 "$1")
	case $line in *"load failed"*)
		why=$(awk '/^ *processed [0-9]+ insns/ { print prev; exit } { prev = $0 }' "$1" | sed 's/^ *//')
		[ -z "$why" ] || line="$line | $why" ;;
	esac
	echo "$line" | sed 's/^barebpf: //' | tr '\t' ' ' | cut -c1-400
}

# Each loader runs in its own mount namespace with a fresh bpffs on
# /sys/fs/bpf, so what bpftool pins (and maps pinned by name) vanishes with
# it and the machine's /sys/fs/bpf is never touched.
isolated() { # CMD...
	unshare -m --propagation private sh -c 'mount -t bpf bpf /sys/fs/bpf && exec "$@"' sh "$@"
}

# load_LOADER OBJ: the verdict on stdout, the loader's messages in $tmp/LOADER.
load_bb() {
	timeout 15 ./barebpf load "$1" >/dev/null 2>"$tmp/bb"
	verdict $?
}
load_l11() {
	isolated timeout 60 bpftool prog loadall "$1" /sys/fs/bpf/x >/dev/null 2>"$tmp/l11"
	verdict $?
}
# Debian 13's bpftool run by the chroot's own ld.so and libraries, so it
# needs no mounts inside the chroot.
load_l15() {
	isolated timeout 60 "$root/lib64/ld-linux-x86-64.so.2" \
		--library-path "$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu" \
		"$root/usr/sbin/bpftool" prog loadall "$1" /sys/fs/bpf/x >/dev/null 2>"$tmp/l15"
	verdict $?
}
