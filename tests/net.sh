#!/bin/sh
# Networking programs attached by run, with real packets, inside two network
# namespaces joined by a veth pair that this test creates (link-local
# addresses; no packet leaves them) and removes on exit. As root.
# Prints PASS/FAIL/SKIP lines.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
bb=$(pwd)/barebpf
obj=$(pwd)/build/$arch/bpf
tmp=$(mktemp -d)
A=bbtest_$$_a
B=bbtest_$$_b
CG2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
CG=${CG2:-/sys/fs/cgroup}/bbtest_$$
ADDR_A=169.254.$(($$ % 200 + 1)).1
ADDR_B=169.254.$(($$ % 200 + 1)).2

pass() { echo "PASS net: $1"; }
fail() { echo "FAIL net: $1: $2"; [ -f "$tmp/err" ] && sed 's/^/    /' "$tmp/err" | grep -v bpf_trace_printk | head -12; }
check() { if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi; }
cleanup() {
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	[ -d $CG ] && rmdir $CG 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

[ "$(id -u)" = 0 ] || { echo "SKIP net: need root"; exit 0; }
command -v ip >/dev/null || { echo "SKIP net: no ip (iproute2)"; exit 0; }
command -v ping >/dev/null || { sh tests/deps.sh ping >/dev/null 2>&1; }
command -v ping >/dev/null || { echo "SKIP net: no ping (iputils-ping)"; exit 0; }

ip netns add $A && ip netns add $B &&
	ip link add bbv0 netns $A type veth peer name bbv1 netns $B &&
	ip -n $A addr add $ADDR_A/16 dev bbv0 && ip -n $B addr add $ADDR_B/16 dev bbv1 &&
	ip -n $A link set bbv0 up && ip -n $B link set bbv1 up &&
	ip -n $A link set lo up && ip -n $B link set lo up ||
	{ echo "SKIP net: cannot build the namespaces and veth pair"; exit 0; }
inA() { timeout 20 ip netns exec $A "$@"; }
# N pings from B to A; the exit status of ping.
ping_a() { timeout 10 ip netns exec $B ping -c "$1" -i 0.2 -W 1 -q $ADDR_A >/dev/null 2>&1; }
ping_a 1 || { echo "SKIP net: no traffic across the veth pair"; exit 0; }

# run OBJ in A for SECS seconds with OPTIONS while pings go from B after 1s;
# $tmp/out and $tmp/err hold the output, $tmp/ping ping's status.
run_ping() {
	o=$1 secs=$2
	shift 2
	(sleep 1; ping_a 5; echo $? >"$tmp/ping") &
	inA "$bb" run "$obj/$o.bpf.o" --duration "$secs" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	wait
}
val() { sed -n "s/^$1 = //p" "$tmp/out" | head -1; }
nothing_left() {
	[ -z "$(inA tc filter show dev bbv0 ingress)" ] && [ -z "$(inA tc filter show dev bbv0 egress)" ] &&
		! inA ip link show bbv0 | grep -q xdp && ! inA tc qdisc show dev bbv0 | grep -q clsact
}

# tc: a tcx link where the kernel has them (6.6+), else netlink.
run_ping net_tc 3 --dev bbv0
check "tc: a counter on ingress counts the pings" '[ $rc = 0 ] && [ "$(val tc_packets)" -ge 5 ]' \
	"rc=$rc, tc_packets=$(val tc_packets)"
check "tc: says how it attached" 'grep -Eq "tcx link on .bbv0. ingress|tc filter on .bbv0. ingress" "$tmp/err"' "no message"
check "tc: nothing attached after exit" nothing_left "a filter, qdisc or XDP program is left"

run_ping net_tc 3 --dev bbv0 --netlink
check "tc over netlink: clsact qdisc and a direct-action bpf filter count the pings" \
	'[ $rc = 0 ] && [ "$(val tc_packets)" -ge 5 ] && grep -q "clsact qdisc added" "$tmp/err"' \
	"rc=$rc, tc_packets=$(val tc_packets)"
check "tc over netlink: filter and qdisc removed after exit" nothing_left "something left"

# The filter is there while run runs, named after the program.
(inA "$bb" run "$obj/net_tc.bpf.o" --dev bbv0 --netlink --duration 3 >/dev/null 2>&1) &
sleep 1.5
inA tc filter show dev bbv0 ingress >"$tmp/show"
check "tc over netlink: tc filter show lists the program in direct-action mode" \
	'grep -q "bpf" "$tmp/show" && grep -q "count_tc" "$tmp/show" && grep -q "direct-action" "$tmp/show"' \
	"tc filter show: $(tr '\n' ' ' <"$tmp/show")"
inA "$bb" run "$obj/net_tc.bpf.o" --dev bbv0 --netlink --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "tc over netlink: a second filter at the same place is refused, naming the interface" \
	'[ $rc = 1 ] && grep -q "interface .bbv0.: tc filter add (ingress, prio 1 handle 1) failed: EEXIST" "$tmp/err"' \
	"rc=$rc"
wait
check "tc over netlink: the refused run left the first one's cleanup intact" nothing_left "something left"

# A clsact qdisc that was there before stays after.
inA tc qdisc add dev bbv0 clsact
run_ping net_tc 2 --dev bbv0 --netlink --egress
check "tc over netlink: --egress counts replies; an existing clsact qdisc is used" \
	'[ $rc = 0 ] && [ "$(val tc_packets)" -ge 5 ] && grep -q "egress (clsact qdisc already there)" "$tmp/err"' \
	"rc=$rc"
check "tc over netlink: the clsact qdisc barebpf did not create stays" \
	'inA tc qdisc show dev bbv0 | grep -q clsact && [ -z "$(inA tc filter show dev bbv0 egress)" ]' "qdisc gone or filter left"
inA tc qdisc del dev bbv0 clsact

run_ping net_tc_egress 3 --dev bbv0
check "tc/egress and tcx/ingress in one object count both directions" \
	'[ $rc = 0 ] && [ "$(val egress_packets)" -ge 5 ] && [ "$(val ingress_packets)" -ge 5 ]' \
	"rc=$rc egress=$(val egress_packets) ingress=$(val ingress_packets)"
check "tc: nothing attached after exit (two programs)" nothing_left "something left"

# XDP.
run_ping net_xdp 3 --dev bbv0
check "xdp: a counter counts the pings" '[ $rc = 0 ] && [ "$(val xdp_packets)" -ge 5 ]' \
	"rc=$rc, xdp_packets=$(val xdp_packets)"
check "xdp: nothing attached after exit" nothing_left "XDP left on bbv0"
run_ping net_xdp 3 --dev bbv0 --netlink --xdp-mode generic
check "xdp over netlink (IFLA_XDP), generic mode: counts the pings" \
	'[ $rc = 0 ] && [ "$(val xdp_packets)" -ge 5 ] && grep -q "generic mode, netlink" "$tmp/err"' "rc=$rc"
check "xdp over netlink: removed after exit" nothing_left "XDP left on bbv0"

run_ping net_xdp_drop 3 --dev bbv0
check "xdp.frags drop: ping fails while attached" '[ $rc = 0 ] && [ "$(cat "$tmp/ping")" != 0 ] && [ "$(val dropped)" -ge 5 ]' \
	"rc=$rc ping=$(cat "$tmp/ping") dropped=$(val dropped)"
check "xdp drop: ping works again after exit" 'ping_a 2' "ping still fails"

(inA "$bb" run "$obj/net_xdp.bpf.o" --dev bbv0 --duration 3 >/dev/null 2>&1) &
sleep 1.5
check "xdp: ip link shows the program while run runs" 'inA ip link show bbv0 | grep -q xdp' "no xdp in ip link"
inA "$bb" run "$obj/net_xdp_drop.bpf.o" --dev bbv0 --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "xdp: an interface with a program attached is refused, naming it" \
	'[ $rc = 1 ] && grep -q "interface .bbv0.: another XDP program is attached" "$tmp/err"' "rc=$rc"
wait
check "xdp: nothing left after both" nothing_left "XDP left"

inA "$bb" run "$obj/net_xdp.bpf.o" --dev lo --xdp-mode native --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "xdp: a device without native XDP gets a clear error" \
	'[ $rc = 1 ] && grep -q "interface .lo.: XDP link (native) failed: EOPNOTSUPP" "$tmp/err"' "rc=$rc"
inA "$bb" run "$obj/net_xdp.bpf.o" --dev lo --duration 1 >"$tmp/out" 2>"$tmp/err"
check "xdp: by default native falls back to generic, with a message" \
	'grep -q "no native XDP; attaching program .count_xdp. in generic mode" "$tmp/err"' "no fallback"
inA "$bb" run "$obj/net_xdp.bpf.o" --dev bbnope0 --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a missing interface is named" '[ $rc = 1 ] && grep -q "interface .bbnope0.: ENODEV" "$tmp/err"' "rc=$rc"
inA "$bb" run "$obj/net_tc.bpf.o" --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "tc without --dev says what is missing" '[ $rc = 1 ] && grep -q "give --dev IFACE or --ifindex N" "$tmp/err"' "rc=$rc"
idx=$(inA cat /sys/class/net/bbv0/ifindex 2>/dev/null)
run_ping net_xdp 3 --ifindex "${idx:-0}"
check "xdp: --ifindex N names the interface" '[ $rc = 0 ] && grep -q "on .bbv0." "$tmp/err"' "rc=$rc"

# Socket filter.
run_ping net_socket 3 --dev bbv0
check "socket: a packet socket filter sees the pings" '[ $rc = 0 ] && [ "$(val icmp)" -ge 10 ]' \
	"rc=$rc icmp=$(val icmp)"
check "socket: run says the socket exists only while it runs" \
	'grep -q "the socket exists only while barebpf runs" "$tmp/err"' "no message"

# cgroup_skb: only the processes of a child cgroup the test creates.
if [ -n "$CG2" ] && command -v nsenter >/dev/null && mkdir $CG 2>/dev/null; then
	(sleep 1; sh -c "echo \$\$ >$CG/cgroup.procs && exec timeout 10 ip netns exec $A ping -c 4 -i 0.2 -W 1 -q $ADDR_B" \
		>/dev/null 2>&1; ping_a 3) &
	# nsenter, not ip netns exec: that mounts a new /sys without the cgroup tree.
	timeout 20 nsenter --net=/run/netns/$A "$bb" run "$obj/net_cgroup.bpf.o" --cgroup $CG \
		--duration 3 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	wait
	n=$(val sent)
	check "cgroup_skb/egress counts the packets of a process in the cgroup, not others'" \
		'[ $rc = 0 ] && [ "${n:-0}" -ge 4 ] && [ "${n:-0}" -lt 10 ]' "rc=$rc sent=$n"
	check "cgroup: the program is gone from the cgroup after exit" \
		'! command -v bpftool >/dev/null || [ -z "$(bpftool cgroup show $CG 2>/dev/null | grep count_sent)" ]' \
		"still attached"
	rmdir $CG 2>/dev/null
else
	echo "SKIP net: cgroup_skb: no cgroup v2 mounted"
fi
# sockops fills a sockhash, sk_msg redirects a local TCP connection through it.
if [ -n "$CG2" ] && command -v nsenter >/dev/null && cc -o "$tmp/tcp" tests/net_tcp.c 2>/dev/null &&
	mkdir $CG 2>/dev/null; then
	(sleep 1; sh -c "echo \$\$ >$CG/cgroup.procs && exec timeout 10 ip netns exec $A $tmp/tcp" \
		>"$tmp/tcp.out" 2>&1; echo $? >"$tmp/tcp.rc") &
	timeout 20 nsenter --net=/run/netns/$A "$bb" run "$obj/net_sockmap.bpf.o" --cgroup $CG \
		--duration 3 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	wait
	check "sockops + sk_msg: a local TCP connection's bytes are redirected through the sockhash" \
		'[ $rc = 0 ] && [ "$(cat "$tmp/tcp.rc")" = 0 ] && [ "$(val added)" -ge 2 ] && [ "$(val redirected)" -ge 1 ]' \
		"rc=$rc tcp=$(cat "$tmp/tcp.rc") added=$(val added) redirected=$(val redirected)"
	check "sk_msg: attached to the sockhash its code uses" \
		"grep -q \"program 'redirect': attached to sockhash 'socks'\" \"$tmp/err\"" "no message"
	timeout 20 nsenter --net=/run/netns/$A "$bb" run "$obj/net_sockmap.bpf.o" --cgroup $CG \
		--map nope --duration 1 >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "sk_msg: --map naming no map is refused, and the sockops link goes too" \
		'[ $rc = 1 ] && grep -q -- "--map .nope.: no such map" "$tmp/err" && rmdir $CG' "rc=$rc"
	rmdir $CG 2>/dev/null
else
	echo "SKIP net: sockops/sk_msg: no cgroup v2, nsenter or cc"
fi

# flow_dissector on namespace A: counts the packets the kernel dissects there.
(sleep 1; ping_a 3) &
inA "$bb" run "$obj/net_flow.bpf.o" --duration 3 >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
check "flow_dissector: attached to the network namespace, detached after" \
	'[ $rc = 0 ] && grep -q "flow dissector of this network namespace" "$tmp/err"' "rc=$rc"
inA "$bb" run "$obj/net_flow.bpf.o" --duration 1 >"$tmp/out" 2>"$tmp/err"
check "flow_dissector: attaches again after exit (nothing left)" '[ $? = 0 ]' "refused"

inA "$bb" run "$obj/net_cgroup.bpf.o" --cgroup /sys/fs/cgroup/bbtest_nope --duration 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
check "a missing cgroup is named" \
	'[ $rc = 1 ] && grep -q "cgroup ./sys/fs/cgroup/bbtest_nope.: cannot open it: ENOENT" "$tmp/err"' "rc=$rc"
exit 0
