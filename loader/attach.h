/* Attaching a loaded program to its event. A link owns the fds (and, later,
 * the probe events) that keep the program attached. */
#ifndef BAREBPF_ATTACH_H
#define BAREBPF_ATTACH_H

#include <sys/types.h>

#include "barebpf.h"
#include "object.h"
#include "net_attach.h"
#include "probe.h"

/* The loaded object's maps, for programs that attach to one (sk_msg). */
struct bb_attach_maps {
	const struct bb_map_def *defs;
	const int *fds;
	size_t nr;
};
struct usdt_link;

struct bb_link {
	const char *prog;
	enum bb_attach_method method;
	int fd;			/* perf event, raw tracepoint or BPF link fd */
	int has_probe;
	struct probe probe;	/* the kprobe_events/uprobe_events entry we added */
	/* Inputs of the networking methods, set by bb_attach for the call only. */
	const struct bb_attach_opts *opts;
	const struct bb_attach_maps *maps;
	struct net_link net;	/* what a networking method created besides fd */
	struct usdt_link *usdt;	/* USDT: one uprobe per site (loader/usdt_attach.c) */
};

/* Attach by the program's section; logs what went wrong and returns -errno.
 * opts and maps may be NULL. */
int bb_attach(const struct bb_prog *prog, int prog_fd, const struct bb_attach_opts *opts,
	      const struct bb_attach_maps *maps, struct bb_link *link);
void bb_link_destroy(struct bb_link *link);

#endif
