#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "attach.h"
#include "bpf.h"
#include "log.h"
#include "names.h"
#include "netlink.h"
#include "sys.h"

/* An option of opts, or def when opts is NULL or too old to have it. */
#define OPT(o, f, def) \
	((o) && (o)->sz >= offsetof(struct bb_attach_opts, f) + sizeof((o)->f) ? (o)->f : (def))

#define CGROUP2_MAGIC 0x63677270	/* CGROUP2_SUPER_MAGIC */
#define TC_PRIO 1
#define TC_HANDLE 1

/* The interface of --dev or --ifindex, looked up by netlink; the socket stays
 * open in the link for what follows. */
static int find_dev(const struct bb_prog *prog, struct bb_link *link, int required)
{
	const char *dev = OPT(link->opts, dev, NULL);
	int ifindex = OPT(link->opts, ifindex, 0), err;
	struct nl_sock s;
	char what[48];

	link->net.nl_fd = -1;
	if (!dev && !ifindex) {
		if (required)
			bb_err("program '%s': section '%s' attaches to an interface: give --dev "
			       "IFACE or --ifindex N", prog->name, bb_printable(prog->section));
		return required ? -EINVAL : 0;
	}
	if ((err = nl_open(&s))) {
		bb_err("program '%s': cannot open a netlink socket: %s", prog->name,
		       bb_strerror(err));
		return err;
	}
	snprintf(what, sizeof(what), "%d", ifindex);
	err = nl_link_lookup(&s, dev, ifindex, &link->net.ifindex, link->net.ifname,
			     sizeof(link->net.ifname));
	if (err) {
		bb_err("interface '%s': %s%s", dev ? bb_printable(dev) : what, bb_strerror(err),
		       err == -ENODEV ? " (no such interface in this network namespace)" : "");
		nl_close(&s);
		return err;
	}
	link->net.nl_fd = s.fd;
	link->net.nl_seq = s.seq;
	link->net.nl = 1;
	return 0;
}

static void close_nl(struct bb_link *link)
{
	struct nl_sock s = { link->net.nl_fd, link->net.nl_seq };

	if (link->net.nl)
		nl_close(&s);
	link->net.nl = 0;
	link->net.nl_fd = -1;
}

/* A netlink request on the link's socket; the failure is logged with the
 * kernel's own words when it gave them. */
static int talk(struct bb_link *link, struct nl_msg *m, const char *what, const char *why,
		int quiet_errno)
{
	struct nl_sock s = { link->net.nl_fd, link->net.nl_seq };
	char ext[256];
	int err = nl_talk(&s, m, NULL, NULL, ext, sizeof(ext), why);

	link->net.nl_seq = s.seq;
	if (err && err != quiet_errno)
		bb_err("interface '%s': %s failed: %s%s%s%s", link->net.ifname, what,
		       bb_strerror(err), ext[0] ? " (netlink: " : "", bb_printable(ext),
		       ext[0] ? ")" : "");
	return err;
}

static void tc_msg(struct nl_msg *m, __u16 type, __u16 flags, const struct bb_link *link,
		   __u32 handle, __u32 parent, __u32 info, const char *kind)
{
	struct tcmsg t = { .tcm_family = AF_UNSPEC, .tcm_ifindex = link->net.ifindex,
			   .tcm_handle = handle, .tcm_parent = parent, .tcm_info = info };

	nl_msg_init(m, type, flags, &t, sizeof(t));
	nl_attr_str(m, TCA_KIND, kind);
}

/* A clsact qdisc, created only when absent (EEXIST: someone else's). */
static int tc_qdisc(struct bb_link *link)
{
	struct nl_msg m;
	int err;

	tc_msg(&m, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, link, TC_H_MAKE(TC_H_CLSACT, 0),
	       TC_H_CLSACT, 0, "clsact");
	err = talk(link, &m, "adding the clsact qdisc",
		   "a clsact qdisc holds the ingress and egress filters", -EEXIST);
	if (err == -EEXIST) {
		bb_debug("interface '%s': clsact qdisc exists already; it stays on exit",
			 link->net.ifname);
		return 0;
	}
	link->net.qdisc = !err;
	return err;
}

static void tc_qdisc_remove(struct bb_link *link)
{
	struct nl_msg m;

	tc_msg(&m, RTM_DELQDISC, 0, link, TC_H_MAKE(TC_H_CLSACT, 0), TC_H_CLSACT, 0, "clsact");
	talk(link, &m, "removing the clsact qdisc", "barebpf added it, so it goes", 0);
	link->net.qdisc = 0;
}

/* A bpf filter in direct-action mode, prio 1 handle 1 of the hook. */
static int tc_filter(const struct bb_prog *prog, int prog_fd, struct bb_link *link, int egress)
{
	__u32 info = TC_H_MAKE(TC_PRIO << 16, htons(ETH_P_ALL));
	char what[96];
	struct nl_msg m;
	int err;

	link->net.parent = TC_H_MAKE(TC_H_CLSACT, egress ? TC_H_MIN_EGRESS : TC_H_MIN_INGRESS);
	tc_msg(&m, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL, link, TC_HANDLE, link->net.parent,
	       info, "bpf");
	nl_nest_begin(&m, TCA_OPTIONS);
	nl_attr_u32(&m, TCA_BPF_FD, (__u32)prog_fd);
	nl_attr_str(&m, TCA_BPF_NAME, prog->name);
	nl_attr_u32(&m, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
	nl_nest_end(&m);
	snprintf(what, sizeof(what), "tc filter add (%s, prio %d handle %d)",
		 egress ? "egress" : "ingress", TC_PRIO, TC_HANDLE);
	err = talk(link, &m, what, "the filter runs the program on every packet, its return "
		   "value the verdict (direct action)", 0);
	link->net.filter = !err;
	return err;
}

static void tc_filter_remove(struct bb_link *link)
{
	struct nl_msg m;

	tc_msg(&m, RTM_DELTFILTER, 0, link, TC_HANDLE, link->net.parent,
	       TC_H_MAKE(TC_PRIO << 16, htons(ETH_P_ALL)), "bpf");
	talk(link, &m, "tc filter del", "remove the filter barebpf added", 0);
	link->net.filter = 0;
}

static int tc_netlink(const struct bb_prog *prog, int prog_fd, struct bb_link *link,
		      int egress)
{
	int err = tc_qdisc(link);

	if (!err)
		err = tc_filter(prog, prog_fd, link, egress);
	if (err && link->net.qdisc)
		tc_qdisc_remove(link);
	if (err)
		close_nl(link);
	else
		bb_info("program '%s': tc filter on '%s' %s (clsact qdisc %s)", prog->name,
			link->net.ifname, egress ? "egress" : "ingress",
			link->net.qdisc ? "added" : "already there");
	return err;
}

/* tcx links (6.6+); a kernel before them answers EINVAL: netlink then. */
int net_attach_tc(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	unsigned int fl = prog->sec->flags;
	int egress = fl & BB_SEC_EGRESS || (!(fl & BB_SEC_INGRESS) && OPT(link->opts, egress, 0));
	int err, fd = -EINVAL;

	(void)pid;
	if ((err = find_dev(prog, link, 1)))
		return err;
	if (!OPT(link->opts, netlink, 0))
		fd = sys_bpf_link_create_ifindex(prog_fd, link->net.ifindex,
						 egress ? BB_TCX_EGRESS : BB_TCX_INGRESS, 0);
	if (fd >= 0) {
		close_nl(link);
		link->fd = fd;
		bb_info("program '%s': tcx link on '%s' %s", prog->name, link->net.ifname,
			egress ? "egress" : "ingress");
		return 0;
	}
	if (fd != -EINVAL) {
		bb_err("interface '%s': tcx attach of program '%s' failed: %s", link->net.ifname,
		       prog->name, bb_strerror(fd));
		close_nl(link);
		return fd;
	}
	if (!OPT(link->opts, netlink, 0))
		bb_debug("interface '%s': no tcx links (EINVAL: a kernel before 6.6); attaching "
			 "a tc filter by netlink", link->net.ifname);
	return tc_netlink(prog, prog_fd, link, egress);
}

static const char *xdp_mode_name(__u32 flags)
{
	return flags & XDP_FLAGS_SKB_MODE ? "generic" : flags & XDP_FLAGS_HW_MODE ? "offload" :
	       "native";
}

/* IFLA_XDP {IFLA_XDP_FD, IFLA_XDP_FLAGS}: fd -1 with the program expected removes it. */
static int xdp_setlink(struct bb_link *link, int fd, int expected, __u32 flags, int quiet)
{
	struct ifinfomsg i = { .ifi_family = AF_UNSPEC, .ifi_index = link->net.ifindex };
	struct nl_msg m;

	nl_msg_init(&m, RTM_SETLINK, 0, &i, sizeof(i));
	nl_nest_begin(&m, IFLA_XDP);
	nl_attr_u32(&m, IFLA_XDP_FD, (__u32)fd);
	if (expected >= 0)
		nl_attr_u32(&m, IFLA_XDP_EXPECTED_FD, (__u32)expected);
	nl_attr_u32(&m, IFLA_XDP_FLAGS, flags);
	nl_nest_end(&m);
	return talk(link, &m, fd < 0 ? "removing XDP" : "attaching XDP", fd < 0 ?
		    "take our XDP program off the interface" : "run the program on every "
		    "packet the interface receives", quiet);
}

/* One try in one mode: a link, or netlink where links are refused. */
static int xdp_try(int prog_fd, struct bb_link *link, __u32 mode, int use_nl, int quiet)
{
	int fd = -EINVAL, err;

	if (!use_nl) {
		fd = sys_bpf_link_create_ifindex(prog_fd, link->net.ifindex, BPF_XDP, mode);
		if (fd >= 0) {
			link->fd = fd;
			return 0;
		}
		if (fd != -EINVAL) {
			if (fd != quiet)
				bb_err("interface '%s': XDP link (%s) failed: %s%s", link->net.ifname,
				       xdp_mode_name(mode), bb_strerror(fd), fd == -EOPNOTSUPP ?
				       " (its driver has no XDP in this mode; try --xdp-mode "
				       "generic)" : "");
			return fd;
		}
		bb_debug("interface '%s': no XDP links (EINVAL: a kernel before 5.9); "
			 "attaching by netlink", link->net.ifname);
	}
	err = xdp_setlink(link, prog_fd, -1, mode | XDP_FLAGS_UPDATE_IF_NOEXIST, quiet);
	if (!err) {
		link->net.xdp = 1;
		link->net.xdp_flags = mode;
		link->net.prog_fd = prog_fd;
	}
	return err;
}

int net_attach_xdp(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	static const __u32 modes[] = { XDP_FLAGS_DRV_MODE, XDP_FLAGS_DRV_MODE, XDP_FLAGS_SKB_MODE,
				       XDP_FLAGS_HW_MODE };
	enum bb_xdp_mode want = OPT(link->opts, xdp_mode, BB_XDP_AUTO);
	int use_nl = OPT(link->opts, netlink, 0), err;
	__u32 mode = modes[(unsigned)want < 4 ? want : 0];

	(void)pid;
	if ((err = find_dev(prog, link, 1)))
		return err;
	err = xdp_try(prog_fd, link, mode, use_nl, want == BB_XDP_AUTO ? -EOPNOTSUPP : 0);
	if (err == -EOPNOTSUPP && want == BB_XDP_AUTO) {
		bb_info("interface '%s': its driver has no native XDP; attaching program '%s' "
			"in generic mode (XDP_FLAGS_SKB_MODE)", link->net.ifname, prog->name);
		mode = XDP_FLAGS_SKB_MODE;
		err = xdp_try(prog_fd, link, mode, use_nl, 0);
	}
	if (err == -EBUSY || err == -EEXIST)
		bb_err("interface '%s': another XDP program is attached; barebpf leaves it",
		       link->net.ifname);
	if (err || !link->net.xdp)
		close_nl(link);
	if (!err)
		bb_info("program '%s': XDP on '%s' (%s mode, %s)", prog->name, link->net.ifname,
			xdp_mode_name(mode), link->net.xdp ? "netlink" : "link");
	return err;
}

/* A packet socket sees what the filter accepts only while barebpf holds it. */
int net_attach_socket(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	char spelled[160];
	int fd, err;

	(void)pid;
	if ((err = find_dev(prog, link, 0)))
		return err;
	close_nl(link);
	fd = bb_sys_socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL),
			   "AF_PACKET, SOCK_RAW|SOCK_CLOEXEC, htons(ETH_P_ALL)",
			   "a packet socket sees every packet; the filter picks which it keeps");
	if (fd < 0) {
		bb_err("program '%s': packet socket: %s", prog->name, bb_strerror(fd));
		return fd;
	}
	sll.sll_ifindex = link->net.ifindex;
	snprintf(spelled, sizeof(spelled), "{sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), "
		 "sll_ifindex=%d}", sll.sll_ifindex);
	err = link->net.ifindex ? bb_sys_bind(fd, &sll, sizeof(sll), spelled,
					      "only the packets of this interface") : 0;
	if (!err)
		err = bb_sys_setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd, sizeof(prog_fd),
					"SOL_SOCKET, SO_ATTACH_BPF, [prog_fd]",
					"the program filters what the socket receives");
	if (err) {
		bb_err("program '%s': packet socket on '%s': %s", prog->name,
		       link->net.ifindex ? link->net.ifname : "every interface", bb_strerror(err));
		bb_sys_close(fd, NULL);
		return err;
	}
	link->fd = fd;
	bb_info("program '%s': filters a packet socket on %s%s%s; the socket exists only while "
		"barebpf runs", prog->name, link->net.ifindex ? "'" : "",
		link->net.ifindex ? link->net.ifname : "every interface",
		link->net.ifindex ? "'" : "");
	return 0;
}

/* BPF_LINK_CREATE on target_fd; a kernel without links of this kind answers
 * EINVAL, and BPF_PROG_ATTACH (target att_fd, flags) is remembered for detach. */
static int link_or_attach(int prog_fd, struct bb_link *link, int att_fd, __u32 flags)
{
	__u32 type = link->net.attach_type;
	int fd = sys_bpf_link_create_fd(prog_fd, link->net.target_fd, type);

	if (fd >= 0) {
		link->fd = fd;
		return 0;
	}
	if (fd != -EINVAL)
		return fd;
	bb_debug("no BPF links for %s here (EINVAL); trying BPF_PROG_ATTACH",
		 bb_attach_type_name(type));
	fd = sys_bpf_prog_attach(att_fd, prog_fd, type, flags);
	if (!fd) {
		link->net.prog_attached = 1;
		link->net.prog_fd = prog_fd;
		link->net.target_fd = att_fd;
	}
	return fd;
}

int net_attach_cgroup(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	const char *path = OPT(link->opts, cgroup, NULL);
	int fd, err;

	(void)pid;
	/* The cgroup v2 root; on a hybrid system (v1 controllers) it is unified/. */
	if (!path)
		path = bb_sys_statfs_type("/sys/fs/cgroup", "is the cgroup v2 root here?") !=
		       CGROUP2_MAGIC && bb_sys_statfs_type("/sys/fs/cgroup/unified", NULL) ==
		       CGROUP2_MAGIC ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup";
	fd = bb_sys_openat(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC,
			   "the cgroup directory's fd is where the program attaches");
	if (fd < 0) {
		bb_err("cgroup '%s': cannot open it: %s", bb_printable(path), bb_strerror(fd));
		return fd;
	}
	link->net.target_fd = fd;
	link->net.owns_target = 1;
	link->net.attach_type = prog->sec->def.expected_attach_type;
	err = link_or_attach(prog_fd, link, fd, BPF_F_ALLOW_MULTI);
	if (err) {
		bb_err("cgroup '%s': attaching program '%s' (%s) failed: %s%s", bb_printable(path),
		       prog->name, bb_attach_type_name(link->net.attach_type), bb_strerror(err),
		       err == -EBADF ? " (not a directory of the cgroup v2 hierarchy)" : "");
		bb_sys_close(fd, NULL);
		link->net.owns_target = 0;
		return err;
	}
	bb_info("program '%s': attached to cgroup '%s' (%s)", prog->name, bb_printable(path),
		link->net.prog_attached ? "BPF_PROG_ATTACH" : "link");
	return 0;
}

/* --map NAME, else the one sockmap or sockhash the program's code names. */
static int find_sockmap(const struct bb_prog *prog, const struct bb_link *link)
{
	const struct bb_attach_maps *maps = link->maps;
	const char *want = OPT(link->opts, map, NULL);

	for (size_t i = 0; maps && want && i < maps->nr; i++)
		if (!strcmp(maps->defs[i].name, want))
			return (int)i;
	for (size_t r = 0; maps && !want && r < prog->nr_relocs; r++) {
		size_t i = prog->relocs[r].map;
		__u32 t = i < maps->nr ? maps->defs[i].type : 0;

		if (prog->relocs[r].kind == BB_RELOC_MAP_FD &&
		    (t == BPF_MAP_TYPE_SOCKMAP || t == BPF_MAP_TYPE_SOCKHASH))
			return (int)i;
	}
	if (want)
		bb_err("program '%s': --map '%s': no such map in the object", prog->name,
		       bb_printable(want));
	else
		bb_err("program '%s': %s programs attach to a sockmap or sockhash, and this one "
		       "uses none (name one with --map NAME)", prog->name, prog->sec->def.kind);
	return -ENOENT;
}

int net_attach_sockmap(const struct bb_prog *prog, int prog_fd, pid_t pid,
		       struct bb_link *link)
{
	int i = find_sockmap(prog, link), err;
	const struct bb_map_def *m;

	(void)pid;
	if (i < 0)
		return i;
	m = &link->maps->defs[i];
	if (m->type != BPF_MAP_TYPE_SOCKMAP && m->type != BPF_MAP_TYPE_SOCKHASH) {
		bb_err("program '%s': map '%s' is no sockmap or sockhash", prog->name, m->name);
		return -EINVAL;
	}
	link->net.attach_type = prog->sec->def.expected_attach_type;
	bb_why("the map runs the program on the sockets it holds");
	err = sys_bpf_prog_attach(link->maps->fds[i], prog_fd, link->net.attach_type, 0);
	if (err) {
		bb_err("program '%s': attaching to map '%s' failed: %s", prog->name, m->name,
		       bb_strerror(err));
		return err;
	}
	link->net.prog_attached = 1;
	link->net.prog_fd = prog_fd;
	link->net.target_fd = link->maps->fds[i];
	bb_info("program '%s': attached to %s '%s'", prog->name,
		m->type == BPF_MAP_TYPE_SOCKMAP ? "sockmap" : "sockhash", m->name);
	return 0;
}

/* The flow dissector of this network namespace: a link on its fd (5.8+), else
 * BPF_PROG_ATTACH, which names the caller's namespace with target_fd 0. */
int net_attach_netns(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	int fd, err;

	(void)pid;
	fd = bb_sys_openat("/proc/self/ns/net", O_RDONLY | O_CLOEXEC,
			   "the network namespace's fd is where the flow dissector attaches");
	if (fd < 0) {
		bb_err("program '%s': /proc/self/ns/net: %s", prog->name, bb_strerror(fd));
		return fd;
	}
	link->net.target_fd = fd;
	link->net.attach_type = BPF_FLOW_DISSECTOR;
	err = link_or_attach(prog_fd, link, 0, 0);
	bb_sys_close(fd, link->fd >= 0 ? "the link holds the namespace now" : NULL);
	if (err)
		bb_err("network namespace: attaching flow dissector '%s' failed: %s%s", prog->name,
		       bb_strerror(err), err == -EEXIST ? " (one is attached already)" : "");
	else
		bb_info("program '%s': flow dissector of this network namespace", prog->name);
	return err;
}

void net_detach(struct bb_link *link)
{
	struct net_link *n = &link->net;

	if (n->filter)
		tc_filter_remove(link);
	if (n->qdisc)
		tc_qdisc_remove(link);
	if (n->xdp) {
		xdp_setlink(link, -1, n->prog_fd, n->xdp_flags | XDP_FLAGS_REPLACE, 0);
		n->xdp = 0;
	}
	if (n->nl)
		close_nl(link);
	if (n->prog_attached) {
		bb_why("take the program off what it was attached to");
		sys_bpf_prog_detach(n->target_fd, n->prog_fd, n->attach_type);
		n->prog_attached = 0;
	}
	if (n->owns_target) {
		bb_sys_close(n->target_fd, NULL);
		n->owns_target = 0;
	}
}
