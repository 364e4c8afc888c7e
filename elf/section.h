/* The section table: the one place that knows what SEC("...") names mean. */
#ifndef BAREBPF_SECTION_H
#define BAREBPF_SECTION_H

#include "barebpf.h"

/* How run attaches a kind; loader/attach.c has one function per method. */
enum bb_attach_method {
	BB_ATTACH_NONE,
	BB_ATTACH_TRACEPOINT,
	BB_ATTACH_RAW_TRACEPOINT,
	BB_ATTACH_KPROBE,
	BB_ATTACH_UPROBE,
	BB_ATTACH_BTF,		/* BPF_LINK_CREATE, else BPF_RAW_TRACEPOINT_OPEN(NULL) */
	BB_ATTACH_ITER,		/* BPF_LINK_CREATE; run reads BPF_ITER_CREATE's fd */
	BB_ATTACH_TC,		/* tcx link on --dev, else a clsact qdisc and a bpf filter */
	BB_ATTACH_XDP,		/* XDP link on --dev, else netlink IFLA_XDP */
	BB_ATTACH_SOCKET,	/* a packet socket on --dev with SO_ATTACH_BPF */
	BB_ATTACH_CGROUP,	/* BPF_LINK_CREATE on --cgroup, else BPF_PROG_ATTACH */
	BB_ATTACH_SOCKMAP,	/* BPF_PROG_ATTACH to the sockmap/sockhash it uses */
	BB_ATTACH_NETNS,	/* BPF_LINK_CREATE on this network namespace */
	BB_ATTACH_USDT,		/* a uprobe per .note.stapsdt site (loader/usdt_attach.c) */
	BB_ATTACH_METHODS,
};

enum {
	BB_SEC_RET = 1,		/* a return probe */
	BB_SEC_SYSCALL = 2,	/* the target is a syscall name */
	BB_SEC_SLEEPABLE = 4,	/* ".s": loaded with BPF_F_SLEEPABLE */
	BB_SEC_MODULE = 8,	/* the target may be MODULE:FUNC */
	BB_SEC_WHOLE = 16,	/* the whole section names where it attaches: no target */
	BB_SEC_INGRESS = 32,	/* tc: the section names the direction, ingress ... */
	BB_SEC_EGRESS = 64,	/* ... or egress (neither: --egress decides) */
	BB_SEC_XDP_FRAGS = 128,	/* loaded with BPF_F_XDP_HAS_FRAGS */
};

struct bb_section {
	struct bb_section_def def;	/* what the public API shows */
	enum bb_attach_method attach;
	unsigned int flags;
	/* BTF-typed kinds: the kernel BTF type the target names, as a format
	 * for the target ("bpf_lsm_%s") and its BTF_KIND_*; NULL otherwise. */
	const char *btf_name;
	int btf_kind;
};

/* The row for sec and what follows its prefix: *target is NULL when the
 * section names no target. NULL for a section barebpf does not know. */
const struct bb_section *bb_section_find(const char *sec, const char **target);

#endif
