/* Networking programs attached where the command line says: tc and XDP on an
 * interface, packet sockets, cgroups, sockmaps, the network namespace. Each
 * function is one method of the section table (see attach.c's attachers[]);
 * net_detach undoes what it did, and only that. */
#ifndef BAREBPF_NET_ATTACH_H
#define BAREBPF_NET_ATTACH_H

#include <sys/types.h>
#include <linux/types.h>

struct bb_prog;
struct bb_link;

/* What a networking attachment holds besides the link's fd. */
struct net_link {
	int nl_fd;		/* the netlink socket of a tc filter or netlink XDP */
	__u32 nl_seq;
	int ifindex;
	char ifname[32];
	__u32 parent;		/* tc: TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS|EGRESS) */
	unsigned int nl : 1;		/* nl_fd is open */
	unsigned int filter : 1;	/* a tc filter we added */
	unsigned int qdisc : 1;		/* the clsact qdisc is ours to remove */
	unsigned int xdp : 1;		/* netlink IFLA_XDP we set */
	unsigned int prog_attached : 1;	/* BPF_PROG_ATTACH: BPF_PROG_DETACH on exit */
	unsigned int owns_target : 1;	/* target_fd is ours to close */
	__u32 xdp_flags;
	int target_fd;		/* cgroup dir, netns, or the sockmap (not ours) */
	int prog_fd;
	__u32 attach_type;
};

int net_attach_tc(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link);
int net_attach_xdp(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link);
int net_attach_socket(const struct bb_prog *prog, int prog_fd, pid_t pid,
		      struct bb_link *link);
int net_attach_cgroup(const struct bb_prog *prog, int prog_fd, pid_t pid,
		      struct bb_link *link);
int net_attach_sockmap(const struct bb_prog *prog, int prog_fd, pid_t pid,
		       struct bb_link *link);
int net_attach_netns(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link);
/* Removes filters and qdiscs, XDP set by netlink, BPF_PROG_ATTACH attachments;
 * closes what they held. Nothing for links of other methods. */
void net_detach(struct bb_link *link);

#endif
