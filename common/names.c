#include <stddef.h>

#include "names.h"

#define LOOKUP(table, i) ((i) < sizeof(table) / sizeof(table[0]) && table[i] ? table[i] : "unknown")

static const char *const map_types[] = {
	"unspec", "hash", "array", "prog_array", "perf_event_array", "percpu_hash",
	"percpu_array", "stack_trace", "cgroup_array", "lru_hash", "lru_percpu_hash",
	"lpm_trie", "array_of_maps", "hash_of_maps", "devmap", "sockmap", "cpumap",
	"xskmap", "sockhash", "cgroup_storage", "reuseport_sockarray",
	"percpu_cgroup_storage", "queue", "stack", "sk_storage", "devmap_hash",
	"struct_ops", "ringbuf", "inode_storage", "task_storage", "bloom_filter",
	"user_ringbuf", "cgrp_storage", "arena",
};

static const char *const prog_types[] = {
	"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act", "tracepoint",
	"xdp", "perf_event", "cgroup_skb", "cgroup_sock", "lwt_in", "lwt_out",
	"lwt_xmit", "sock_ops", "sk_skb", "cgroup_device", "sk_msg", "raw_tracepoint",
	"cgroup_sock_addr", "lwt_seg6local", "lirc_mode2", "sk_reuseport",
	"flow_dissector", "cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt",
	"tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall", "netfilter",
};

static const char *const bpf_cmds[] = {
	"BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM",
	"BPF_MAP_DELETE_ELEM", "BPF_MAP_GET_NEXT_KEY", "BPF_PROG_LOAD", "BPF_OBJ_PIN",
	"BPF_OBJ_GET", "BPF_PROG_ATTACH", "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN",
	"BPF_PROG_GET_NEXT_ID", "BPF_MAP_GET_NEXT_ID", "BPF_PROG_GET_FD_BY_ID",
	"BPF_MAP_GET_FD_BY_ID", "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY",
	"BPF_RAW_TRACEPOINT_OPEN", "BPF_BTF_LOAD", "BPF_BTF_GET_FD_BY_ID",
	"BPF_TASK_FD_QUERY", "BPF_MAP_LOOKUP_AND_DELETE_ELEM", "BPF_MAP_FREEZE",
	"BPF_BTF_GET_NEXT_ID", "BPF_MAP_LOOKUP_BATCH", "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
	"BPF_MAP_UPDATE_BATCH", "BPF_MAP_DELETE_BATCH", "BPF_LINK_CREATE", "BPF_LINK_UPDATE",
	"BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID", "BPF_ENABLE_STATS", "BPF_ITER_CREATE",
};

/* The attach types barebpf uses; others print as "unknown". */
static const char *const attach_types[] = {
	[BPF_TRACE_RAW_TP] = "BPF_TRACE_RAW_TP", [BPF_TRACE_FENTRY] = "BPF_TRACE_FENTRY",
	[BPF_TRACE_FEXIT] = "BPF_TRACE_FEXIT", [BPF_MODIFY_RETURN] = "BPF_MODIFY_RETURN",
	[BPF_LSM_MAC] = "BPF_LSM_MAC", [BPF_TRACE_ITER] = "BPF_TRACE_ITER",
#define N(t) [t] = #t
	N(BPF_CGROUP_INET_INGRESS), N(BPF_CGROUP_INET_EGRESS), N(BPF_CGROUP_INET_SOCK_CREATE),
	N(BPF_CGROUP_SOCK_OPS), N(BPF_SK_SKB_STREAM_PARSER), N(BPF_SK_SKB_STREAM_VERDICT),
	N(BPF_CGROUP_DEVICE), N(BPF_SK_MSG_VERDICT), N(BPF_CGROUP_INET4_BIND),
	N(BPF_CGROUP_INET6_BIND), N(BPF_CGROUP_INET4_CONNECT), N(BPF_CGROUP_INET6_CONNECT),
	N(BPF_CGROUP_INET4_POST_BIND), N(BPF_CGROUP_INET6_POST_BIND), N(BPF_CGROUP_UDP4_SENDMSG),
	N(BPF_CGROUP_UDP6_SENDMSG), N(BPF_FLOW_DISSECTOR), N(BPF_CGROUP_SYSCTL),
	N(BPF_CGROUP_UDP4_RECVMSG), N(BPF_CGROUP_UDP6_RECVMSG), N(BPF_CGROUP_GETSOCKOPT),
	N(BPF_CGROUP_SETSOCKOPT), N(BPF_CGROUP_INET4_GETPEERNAME),
	N(BPF_CGROUP_INET6_GETPEERNAME), N(BPF_CGROUP_INET4_GETSOCKNAME),
	N(BPF_CGROUP_INET6_GETSOCKNAME), N(BPF_CGROUP_INET_SOCK_RELEASE), N(BPF_XDP),
	[BB_TCX_INGRESS] = "BPF_TCX_INGRESS", [BB_TCX_EGRESS] = "BPF_TCX_EGRESS",
#undef N
};

const char *bb_map_type_name(__u32 type)
{
	return LOOKUP(map_types, type);
}

const char *bb_prog_type_name(__u32 type)
{
	return LOOKUP(prog_types, type);
}

const char *bb_bpf_cmd_name(unsigned int cmd)
{
	return LOOKUP(bpf_cmds, cmd);
}

const char *bb_attach_type_name(unsigned int type)
{
	return LOOKUP(attach_types, type);
}
