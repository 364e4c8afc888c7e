#include <linux/btf.h>
#include <string.h>

#include "section.h"

#define ROW(pfx, tgt, knd, type, eat, how, fl) \
	{ { pfx, tgt, knd, BPF_PROG_TYPE_##type, eat, BB_ATTACH_##how != BB_ATTACH_NONE }, \
	  BB_ATTACH_##how, fl, NULL, 0 }
/* A kind whose target is a type of the kernel's BTF: name format and kind. */
#define BTF_ROW(pfx, tgt, knd, type, eat, how, fl, fmt, bkind) \
	{ { pfx, tgt, knd, BPF_PROG_TYPE_##type, BPF_##eat, 1 }, \
	  BB_ATTACH_##how, fl, fmt, BTF_KIND_##bkind }

/* A cgroup kind: the whole section names it; the attach type goes to
 * BPF_PROG_LOAD too (the kernel checks it for sock_addr, sock and skb). */
#define CG(pfx, knd, type, eat) ROW(pfx, NULL, knd, type, BPF_CGROUP_##eat, CGROUP, W)
#define W BB_SEC_WHOLE

/* A section is PREFIX or PREFIX/TARGET; libbpf's spellings are rows of their own. */
static const struct bb_section sections[] = {
	ROW("tracepoint", "CAT/NAME", "tracepoint", TRACEPOINT, 0, TRACEPOINT, 0),
	ROW("tp", "CAT/NAME", "tracepoint", TRACEPOINT, 0, TRACEPOINT, 0),
	ROW("raw_tracepoint", "NAME", "raw_tracepoint", RAW_TRACEPOINT, 0, RAW_TRACEPOINT, 0),
	ROW("raw_tp", "NAME", "raw_tracepoint", RAW_TRACEPOINT, 0, RAW_TRACEPOINT, 0),
	ROW("kprobe", "SYMBOL[+OFFSET]", "kprobe", KPROBE, 0, KPROBE, 0),
	ROW("kretprobe", "SYMBOL", "kretprobe", KPROBE, 0, KPROBE, BB_SEC_RET),
	ROW("ksyscall", "NAME", "ksyscall", KPROBE, 0, KPROBE, BB_SEC_SYSCALL),
	ROW("kretsyscall", "NAME", "kretsyscall", KPROBE, 0, KPROBE, BB_SEC_SYSCALL | BB_SEC_RET),
	ROW("uprobe", "PATH:SYMBOL[+OFFSET]", "uprobe", KPROBE, 0, UPROBE, 0),
	ROW("uretprobe", "PATH:SYMBOL[+OFFSET]", "uretprobe", KPROBE, 0, UPROBE, BB_SEC_RET),
	ROW("usdt", "PATH:PROVIDER:NAME", "usdt", KPROBE, 0, USDT, 0),
	BTF_ROW("fentry", "[MODULE:]FUNC", "fentry", TRACING, TRACE_FENTRY, BTF, BB_SEC_MODULE,
		"%s", FUNC),
	BTF_ROW("fentry.s", "[MODULE:]FUNC", "fentry", TRACING, TRACE_FENTRY, BTF,
		BB_SEC_MODULE | BB_SEC_SLEEPABLE, "%s", FUNC),
	BTF_ROW("fexit", "[MODULE:]FUNC", "fexit", TRACING, TRACE_FEXIT, BTF, BB_SEC_MODULE,
		"%s", FUNC),
	BTF_ROW("fexit.s", "[MODULE:]FUNC", "fexit", TRACING, TRACE_FEXIT, BTF,
		BB_SEC_MODULE | BB_SEC_SLEEPABLE, "%s", FUNC),
	BTF_ROW("fmod_ret", "[MODULE:]FUNC", "fmod_ret", TRACING, MODIFY_RETURN, BTF,
		BB_SEC_MODULE, "%s", FUNC),
	BTF_ROW("tp_btf", "NAME", "tp_btf", TRACING, TRACE_RAW_TP, BTF, 0, "btf_trace_%s", TYPEDEF),
	BTF_ROW("lsm", "HOOK", "lsm", LSM, LSM_MAC, BTF, 0, "bpf_lsm_%s", FUNC),
	BTF_ROW("lsm.s", "HOOK", "lsm", LSM, LSM_MAC, BTF, BB_SEC_SLEEPABLE, "bpf_lsm_%s", FUNC),
	BTF_ROW("iter", "NAME", "iter", TRACING, TRACE_ITER, ITER, 0, "bpf_iter_%s", FUNC),
	BTF_ROW("iter.s", "NAME", "iter", TRACING, TRACE_ITER, ITER, BB_SEC_SLEEPABLE,
		"bpf_iter_%s", FUNC),
	/* Networking: attached where --dev, --cgroup or the program's sockmap say. */
	ROW("tc/ingress", NULL, "tc", SCHED_CLS, 0, TC, W | BB_SEC_INGRESS),
	ROW("tc/egress", NULL, "tc", SCHED_CLS, 0, TC, W | BB_SEC_EGRESS),
	ROW("tcx/ingress", NULL, "tc", SCHED_CLS, 0, TC, W | BB_SEC_INGRESS),
	ROW("tcx/egress", NULL, "tc", SCHED_CLS, 0, TC, W | BB_SEC_EGRESS),
	ROW("tc", NULL, "tc", SCHED_CLS, 0, TC, W),
	ROW("classifier", NULL, "tc", SCHED_CLS, 0, TC, W),
	/* Programs a devmap or cpumap entry runs: loaded only, a map value names them. */
	ROW("xdp.frags/devmap", NULL, "xdp", XDP, BPF_XDP_DEVMAP, NONE, W | BB_SEC_XDP_FRAGS),
	ROW("xdp/devmap", NULL, "xdp", XDP, BPF_XDP_DEVMAP, NONE, W),
	ROW("xdp.frags/cpumap", NULL, "xdp", XDP, BPF_XDP_CPUMAP, NONE, W | BB_SEC_XDP_FRAGS),
	ROW("xdp/cpumap", NULL, "xdp", XDP, BPF_XDP_CPUMAP, NONE, W),
	ROW("xdp.frags", NULL, "xdp", XDP, 0, XDP, W | BB_SEC_XDP_FRAGS),
	ROW("xdp", NULL, "xdp", XDP, 0, XDP, W),
	ROW("socket", NULL, "socket", SOCKET_FILTER, 0, SOCKET, W),
	CG("cgroup_skb/ingress", "cgroup_skb", CGROUP_SKB, INET_INGRESS),
	CG("cgroup_skb/egress", "cgroup_skb", CGROUP_SKB, INET_EGRESS),
	CG("cgroup/skb", "cgroup_skb", CGROUP_SKB, INET_INGRESS),
	CG("cgroup/sock_create", "cgroup_sock", CGROUP_SOCK, INET_SOCK_CREATE),
	CG("cgroup/sock_release", "cgroup_sock", CGROUP_SOCK, INET_SOCK_RELEASE),
	CG("cgroup/sock", "cgroup_sock", CGROUP_SOCK, INET_SOCK_CREATE),
	CG("cgroup/post_bind4", "cgroup_sock", CGROUP_SOCK, INET4_POST_BIND),
	CG("cgroup/post_bind6", "cgroup_sock", CGROUP_SOCK, INET6_POST_BIND),
	CG("cgroup/bind4", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET4_BIND),
	CG("cgroup/bind6", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET6_BIND),
	CG("cgroup/connect4", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET4_CONNECT),
	CG("cgroup/connect6", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET6_CONNECT),
	CG("cgroup/sendmsg4", "cgroup_sock_addr", CGROUP_SOCK_ADDR, UDP4_SENDMSG),
	CG("cgroup/sendmsg6", "cgroup_sock_addr", CGROUP_SOCK_ADDR, UDP6_SENDMSG),
	CG("cgroup/recvmsg4", "cgroup_sock_addr", CGROUP_SOCK_ADDR, UDP4_RECVMSG),
	CG("cgroup/recvmsg6", "cgroup_sock_addr", CGROUP_SOCK_ADDR, UDP6_RECVMSG),
	CG("cgroup/getpeername4", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET4_GETPEERNAME),
	CG("cgroup/getpeername6", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET6_GETPEERNAME),
	CG("cgroup/getsockname4", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET4_GETSOCKNAME),
	CG("cgroup/getsockname6", "cgroup_sock_addr", CGROUP_SOCK_ADDR, INET6_GETSOCKNAME),
	CG("cgroup/sysctl", "cgroup_sysctl", CGROUP_SYSCTL, SYSCTL),
	CG("cgroup/getsockopt", "cgroup_sockopt", CGROUP_SOCKOPT, GETSOCKOPT),
	CG("cgroup/setsockopt", "cgroup_sockopt", CGROUP_SOCKOPT, SETSOCKOPT),
	CG("cgroup/dev", "cgroup_dev", CGROUP_DEVICE, DEVICE),
	CG("sockops", "sockops", SOCK_OPS, SOCK_OPS),
	ROW("sk_msg", NULL, "sk_msg", SK_MSG, BPF_SK_MSG_VERDICT, SOCKMAP, W),
	ROW("sk_skb/stream_parser", NULL, "sk_skb", SK_SKB, BPF_SK_SKB_STREAM_PARSER, SOCKMAP, W),
	ROW("sk_skb/stream_verdict", NULL, "sk_skb", SK_SKB, BPF_SK_SKB_STREAM_VERDICT, SOCKMAP,
	    W),
	ROW("flow_dissector", NULL, "flow_dissector", FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, NETNS,
	    W),
	ROW("perf_event", NULL, "perf_event", PERF_EVENT, 0, NONE, 0),
};

#define NR_SECTIONS (sizeof(sections) / sizeof(sections[0]))

const struct bb_section *bb_section_find(const char *sec, const char **target)
{
	for (size_t i = 0; i < NR_SECTIONS; i++) {
		const struct bb_section *s = &sections[i];
		size_t n = strlen(s->def.prefix);

		if (strncmp(sec, s->def.prefix, n) || (sec[n] && sec[n] != '/'))
			continue;
		*target = s->def.target && sec[n] == '/' ? sec + n + 1 : NULL;
		return s;
	}
	*target = NULL;
	return NULL;
}

size_t bb_section_count(void)
{
	return NR_SECTIONS;
}

const struct bb_section_def *bb_section_def(size_t i)
{
	return i < NR_SECTIONS ? &sections[i].def : NULL;
}
