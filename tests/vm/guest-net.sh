#!/bin/sh
# Runs inside the VM (busybox sh, as root), from guest-kernel.sh: networking
# programs attached by barebpf run on the 6.1 and 5.10 kernels, where tc
# goes through netlink (clsact qdisc + bpf filter; tcx links came with 6.6)
# and XDP through a link (5.9+). A veth pair joins the root namespace (bbv0,
# where barebpf runs) to a new one (bbv1); link-local addresses, and the VM
# has no other network device. Debian's ip and tc are in ./tools (busybox's
# cannot name a veth peer, and know no clsact, filters or XDP); veth,
# sch_ingress and cls_bpf are modules in Debian's kernels, in ./modules.
# Prints PASS/FAIL/SKIP lines.
arch=${BAREBPF_VM_ARCH:-vm}
kernel=${BAREBPF_VM_KERNEL:-6.1}
t="vm-$arch-$kernel"
bb=./barebpf
T=./tools
NS=bbnet_b
ADDR_A=169.254.7.1
ADDR_B=169.254.7.2
mkdir -p /tmp/n

pass() { echo "PASS [$t] net: $1"; }
fail() { echo "FAIL [$t] net: $1: $2"; [ -f /tmp/n/err ] && sed 's/^/    /' /tmp/n/err | grep -v bpf_trace_printk | head -12; }
skip() { echo "SKIP [$t] net: $1: $2"; }
check() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }
ip() { $T/ld.so --library-path $T $T/ip "$@"; }
tc() { $T/ld.so --library-path $T $T/tc "$@"; }

if [ ! -x $T/ip ] || [ ! -x $T/tc ]; then
	skip "networking" "no Debian ip and tc in the payload (tests/vm/tools.sh failed: see build/$t.tools.log)"
	exit 0
fi
for m in veth sch_ingress cls_bpf; do
	[ -d /sys/module/$m ] && continue
	if ! insmod ./modules/$m.ko 2>/tmp/n/insmod; then
		skip "networking" "cannot load this kernel's $m module (=m in Debian's config): $(cat /tmp/n/insmod 2>/dev/null | head -1)"
		exit 0
	fi
done
pass "veth, sch_ingress and cls_bpf loaded from this kernel's package"

ip netns add $NS && ip link add bbv0 type veth peer name bbv1 netns $NS &&
	ip addr add $ADDR_A/16 dev bbv0 && ip link set bbv0 up && ip link set lo up &&
	ip -n $NS addr add $ADDR_B/16 dev bbv1 && ip -n $NS link set bbv1 up && ip -n $NS link set lo up ||
	{ skip "networking" "cannot build the namespace and veth pair"; exit 0; }
trap 'ip link del bbv0 2>/dev/null; ip netns del $NS 2>/dev/null' EXIT
# N pings (busybox's) from the namespace to bbv0; ping's exit status.
# (timeout runs a program, not the ip function.)
ping_a() { timeout 10 $T/ld.so --library-path $T $T/ip netns exec $NS ping -c "$1" -i 0.2 -W 1 -q $ADDR_A >/dev/null 2>&1; }
if ping_a 1; then
	pass "a veth pair between the root namespace and a new one; ping across it"
else
	skip "networking" "no traffic across the veth pair"
	exit 0
fi

# run OBJ for SECS seconds with OPTIONS while 5 pings go after 1 s;
# /tmp/n/out and /tmp/n/err hold the output, /tmp/n/ping ping's status.
run_ping() {
	o=$1 secs=$2
	shift 2
	(sleep 1; ping_a 5; echo $? >/tmp/n/ping) &
	timeout 30 $bb run $o.bpf.o --duration "$secs" "$@" >/tmp/n/out 2>/tmp/n/err
	rc=$?
	wait
}
val() { sed -n "s/^$1 = //p" /tmp/n/out | head -1; }
nothing_left() {
	[ -z "$(tc filter show dev bbv0 ingress)" ] && [ -z "$(tc filter show dev bbv0 egress)" ] &&
		! ip link show bbv0 | grep -q xdp && ! tc qdisc show dev bbv0 | grep -q clsact
}

# tc: no tcx links before 6.6, so the default path is netlink.
run_ping net_tc 3 --dev bbv0
check "tc: a counter on ingress counts the pings" '[ $rc = 0 ] && [ "$(val tc_packets)" -ge 5 ]' \
	"rc=$rc, tc_packets=$(val tc_packets)"
check "tc: this kernel (no tcx links, 6.6+) gets a clsact qdisc and a bpf filter by netlink" \
	'grep -q "tc filter on .bbv0. ingress (clsact qdisc added)" /tmp/n/err' "$(grep -m1 "on 'bbv0'" /tmp/n/err)"
check "tc: filter and qdisc removed after exit (tc filter show, tc qdisc show)" nothing_left \
	"$(tc filter show dev bbv0 ingress; tc qdisc show dev bbv0)"
(timeout 30 $bb run net_tc.bpf.o --dev bbv0 --netlink --duration 3 >/dev/null 2>&1) &
sleep 1.5
tc filter show dev bbv0 ingress >/tmp/n/show
check "tc: tc filter show lists the program in direct-action mode while run runs" \
	'grep -q "bpf" /tmp/n/show && grep -q "count_tc" /tmp/n/show && grep -q "direct-action" /tmp/n/show' \
	"tc filter show: $(tr '\n' ' ' </tmp/n/show)"
wait
check "tc: nothing left after that run" nothing_left "something left"

# XDP: links since 5.9, on both kernels; veth has native XDP.
run_ping net_xdp 3 --dev bbv0
check "xdp: a counter counts the pings" '[ $rc = 0 ] && [ "$(val xdp_packets)" -ge 5 ]' \
	"rc=$rc, xdp_packets=$(val xdp_packets)"
check "xdp: attached by a link (5.9+) in native mode" \
	'grep -q "XDP on .bbv0. (native mode, link)" /tmp/n/err' "$(grep -m1 "XDP on" /tmp/n/err)"
check "xdp: nothing attached after exit (ip link)" nothing_left "$(ip link show bbv0)"
# xdp.frags (BPF_F_XDP_HAS_FRAGS) came with 5.18: a kernel before it refuses
# the flag at load (EINVAL, no verifier log). A plain xdp drop runs everywhere.
run_ping net_xdp_drop 3 --dev bbv0
if [ $rc = 1 ] && grep -q "program 'drop_all': load failed: EINVAL" /tmp/n/err &&
	[ "$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1\2/; s/^\([0-9]\)\([0-9]\)$/\10\2/')" -lt 518 ]; then
	skip "xdp.frags drop" "kernel $(uname -r) predates BPF_F_XDP_HAS_FRAGS (Linux 5.18): its load is refused with EINVAL and no verifier log"
else
	check "xdp.frags drop: ping fails while attached, the program counts the drops" \
		'[ $rc = 0 ] && [ "$(cat /tmp/n/ping)" != 0 ] && [ "$(val dropped)" -ge 5 ]' \
		"rc=$rc ping=$(cat /tmp/n/ping) dropped=$(val dropped)"
	check "xdp.frags drop: ping works again after exit" 'ping_a 2' "ping still fails"
fi
run_ping net_xdp_drop_plain 3 --dev bbv0
check "xdp drop: ping fails while attached, the program counts the drops" \
	'[ $rc = 0 ] && [ "$(cat /tmp/n/ping)" != 0 ] && [ "$(val dropped)" -ge 5 ]' \
	"rc=$rc ping=$(cat /tmp/n/ping) dropped=$(val dropped)"
check "xdp drop: attached by a link" 'grep -q "XDP on .bbv0. (native mode, link)" /tmp/n/err' "$(grep -m1 "XDP on" /tmp/n/err)"
check "xdp drop: ping works again after exit" 'ping_a 2' "ping still fails"
(timeout 30 $bb run net_xdp.bpf.o --dev bbv0 --duration 3 >/dev/null 2>&1) &
sleep 1.5
check "xdp: ip link shows the program while run runs" 'ip link show bbv0 | grep -q xdp' "no xdp in ip link"
wait
run_ping net_xdp 3 --dev bbv0 --netlink --xdp-mode generic
check "xdp over netlink (IFLA_XDP), generic mode: counts the pings" \
	'[ $rc = 0 ] && [ "$(val xdp_packets)" -ge 5 ] && grep -q "generic mode, netlink" /tmp/n/err' \
	"rc=$rc xdp_packets=$(val xdp_packets)"
check "xdp: nothing left after both (ip link)" nothing_left "$(ip link show bbv0)"

# A packet socket filter.
run_ping net_socket 3 --dev bbv0
check "socket: a packet socket filter sees the pings (requests and replies)" \
	'[ $rc = 0 ] && [ "$(val icmp)" -ge 10 ]' "rc=$rc icmp=$(val icmp)"
# fentry on a module's function (MODULE:FUNC): veth_xmit, in veth's BTF.
run_ping net_fentry_module 3 -v
if [ $rc != 0 ] && grep -q "refuses BPF trampolines" /tmp/n/err; then
	skip "fentry/veth:veth_xmit counts the packets veth sends" "$(grep -m1 'refuses BPF trampolines' /tmp/n/err | sed 's/^barebpf: //')"
elif [ $rc != 0 ] && [ ! -e /sys/kernel/btf/veth ]; then
	skip "fentry/veth:veth_xmit counts the packets veth sends" "this kernel has no module BTF (CONFIG_DEBUG_INFO_BTF_MODULES)"
	check "fentry on a module without BTF: the error says the module is loaded and why it has no BTF" \
		'grep -q "module .veth.: cannot read its BTF /sys/kernel/btf/veth: ENOENT.*it is loaded: this kernel was built without CONFIG_DEBUG_INFO_BTF_MODULES" /tmp/n/err' \
		"rc=$rc"
else
	check "fentry/veth:veth_xmit (MODULE:FUNC) counts the packets veth sends, attach_btf_obj_fd naming veth's BTF" \
		'[ $rc = 0 ] && [ "$(val veth_xmits)" -ge 10 ] && grep -q "FUNC \[[0-9]*\] in module veth" /tmp/n/err &&
		 grep -q "BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_TRACING.*attach_btf_obj_fd=[0-9]" /tmp/n/err' \
		"rc=$rc veth_xmits=$(val veth_xmits)"
fi

# A kfunc in a module's BTF: nf_conntrack's bpf_skb_ct_lookup (Linux 6.0+),
# called through the module BTF's fd in fd_array.
for m in crc32c_generic libcrc32c nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack; do
	[ -d /sys/module/$m ] || insmod ./modules/$m.ko 2>>/tmp/n/insmod || break
done
if [ ! -d /sys/module/nf_conntrack ]; then
	skip "kfunc in a module" "cannot load this kernel's nf_conntrack: $(head -1 /tmp/n/insmod 2>/dev/null)"
elif [ ! -e /sys/kernel/btf/nf_conntrack ]; then
	skip "kfunc in a module" "this kernel has no module BTF (CONFIG_DEBUG_INFO_BTF_MODULES)"
	run_ping net_ct 3 --dev bbv0
	check "kfunc in a module: without module BTF the load fails, naming the kfunc and where it looked" \
		'[ $rc != 0 ] && grep -q "extern .bpf_skb_ct_lookup.: no kernel function (FUNC) of that name in the BTF of the kernel (vmlinux) or of any loaded module" /tmp/n/err' \
		"rc=$rc"
else
	run_ping net_ct 3 --dev bbv0 -v
	check "kfunc in a module: nf_conntrack's bpf_skb_ct_lookup, found in its BTF, runs for each ping (opts.error -2, ENOENT)" \
		'[ $rc = 0 ] && [ "$(val ct_lookups)" -ge 5 ] && [ "$(val ct_error)" = -2 ] && [ "$(val ct_found)" = 0 ]' \
		"rc=$rc ct_lookups=$(val ct_lookups) ct_error=$(val ct_error)"
	check "kfunc in a module: -v shows the module BTF's fd in fd_array and BPF_PROG_LOAD passing it" \
		'grep -q "extern .bpf_skb_ct_lookup.: FUNC id [0-9]* in nf_conntrack.s BTF" /tmp/n/err &&
		 grep -q "module nf_conntrack.s BTF is fd [0-9]*, fd_array\[1\]" /tmp/n/err &&
		 grep -q "BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_SCHED_CLS.*fd_array=\[-1, [0-9][0-9]*\]" /tmp/n/err' \
		"$(grep -m3 "nf_conntrack\|fd_array" /tmp/n/err)"
fi
check "at the end nothing is attached to bbv0 (tc filter show, tc qdisc show, ip link)" nothing_left \
	"$(tc filter show dev bbv0 ingress; tc qdisc show dev bbv0; ip link show bbv0)"
exit 0
