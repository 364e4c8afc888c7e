#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "netlink.h"
#include "sys.h"

#define NL_NAME "{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}"
#define NLH(m) ((struct nlmsghdr *)(void *)(m)->buf)
#define ALIGN4(n) (((n) + 3) & ~(size_t)3)

static const char *msg_type(__u16 t)
{
	switch (t) {
	case NLMSG_ERROR: return "NLMSG_ERROR";
	case NLMSG_DONE: return "NLMSG_DONE";
	case RTM_NEWLINK: return "RTM_NEWLINK";
	case RTM_GETLINK: return "RTM_GETLINK";
	case RTM_SETLINK: return "RTM_SETLINK";
	case RTM_NEWQDISC: return "RTM_NEWQDISC";
	case RTM_DELQDISC: return "RTM_DELQDISC";
	case RTM_NEWTFILTER: return "RTM_NEWTFILTER";
	case RTM_DELTFILTER: return "RTM_DELTFILTER";
	default: return "?";
	}
}

/* nlmsg_flags as strace spells them: new-request flags, or an ACK's. */
static const char *msg_flags(__u16 type, __u16 f, char *buf, size_t size)
{
	static const char *const req[] = { "NLM_F_REQUEST", "NLM_F_MULTI", "NLM_F_ACK",
		"NLM_F_ECHO", NULL, NULL, NULL, NULL, "NLM_F_REPLACE", "NLM_F_EXCL",
		"NLM_F_CREATE", "NLM_F_APPEND" };
	static const char *const ack[] = { "NLM_F_REQUEST", "NLM_F_MULTI", "NLM_F_ACK",
		"NLM_F_ECHO", NULL, NULL, NULL, NULL, "NLM_F_CAPPED", "NLM_F_ACK_TLVS" };
	const char *const *names = type == NLMSG_ERROR ? ack : req;
	size_t nr = type == NLMSG_ERROR ? 10 : 12, n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nr; i++)
		if (f & (1u << i) && names[i])
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "|" : "", names[i]);
	if (!n)
		snprintf(buf, size, "0");
	return buf;
}

/* Attribute names: top level (parent 0) of links and of tc messages, and
 * the nests barebpf sends (IFLA_XDP, TCA_OPTIONS of a bpf filter). */
static const char *attr_name(int tc, __u16 parent, __u16 t)
{
	static const char *const ifla[] = { [IFLA_IFNAME] = "IFLA_IFNAME",
		[IFLA_XDP] = "IFLA_XDP" };
	static const char *const xdp[] = { [IFLA_XDP_FD] = "IFLA_XDP_FD",
		[IFLA_XDP_ATTACHED] = "IFLA_XDP_ATTACHED", [IFLA_XDP_FLAGS] = "IFLA_XDP_FLAGS",
		[IFLA_XDP_PROG_ID] = "IFLA_XDP_PROG_ID",
		[IFLA_XDP_EXPECTED_FD] = "IFLA_XDP_EXPECTED_FD" };
	static const char *const tca[] = { [TCA_KIND] = "TCA_KIND", [TCA_OPTIONS] = "TCA_OPTIONS" };
	static const char *const bpf[] = { [TCA_BPF_FD] = "TCA_BPF_FD",
		[TCA_BPF_NAME] = "TCA_BPF_NAME", [TCA_BPF_FLAGS] = "TCA_BPF_FLAGS" };
	const char *const *names = tc ? (parent ? bpf : tca) : (parent ? xdp : ifla);
	size_t nr = tc ? (parent ? 9 : 3) : (parent ? 6 : IFLA_XDP + 1);

	t &= NLA_TYPE_MASK;
	return t < nr && names[t] ? names[t] : NULL;
}

/* [{nla_len=8, nla_type=TCA_BPF_FD}, 7], ...: strings quoted, u32 as numbers. */
static size_t spell_attrs(const char *p, size_t len, int tc, __u16 parent, char *out,
			  size_t size)
{
	size_t n = 0;
	int count = 0, skipped = 0;

	n += (size_t)snprintf(out + n, size - n, "[");
	for (size_t off = 0; off + NLA_HDRLEN <= len && n < size;) {
		const struct nlattr *a = (const void *)(p + off);
		const char *name = attr_name(tc, parent, a->nla_type), *v = (const char *)a + NLA_HDRLEN;
		size_t vl = a->nla_len >= NLA_HDRLEN ? a->nla_len - NLA_HDRLEN : 0;
		char t[16];

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > len)
			break;
		off += ALIGN4(a->nla_len);
		if (!name) {	/* what barebpf neither sends nor reads */
			skipped = 1;
			continue;
		}
		snprintf(t, sizeof(t), "%u", a->nla_type & NLA_TYPE_MASK);
		n += (size_t)snprintf(out + n, size - n, "%s[{nla_len=%u, nla_type=%s%s}, ",
				      count++ ? ", " : "", a->nla_len, a->nla_type & NLA_F_NESTED ?
				      "NLA_F_NESTED|" : "", name ? name : t);
		if (n >= size)
			break;
		if (!parent && (a->nla_type & NLA_TYPE_MASK) == (tc ? TCA_OPTIONS : IFLA_XDP))
			n += spell_attrs(v, vl, tc, a->nla_type & NLA_TYPE_MASK, out + n, size - n);
		else if (vl && v[vl - 1] == '\0' && name && strstr(name, "NAME"))
			n += (size_t)snprintf(out + n, size - n, "\"%s\"", bb_printable(v));
		else if (vl && v[vl - 1] == '\0' && name && !strcmp(name, "TCA_KIND"))
			n += (size_t)snprintf(out + n, size - n, "\"%s\"", bb_printable(v));
		else if (vl == 4)
			n += (size_t)snprintf(out + n, size - n, "%d", *(const int *)(const void *)v);
		else
			n += (size_t)snprintf(out + n, size - n, "...");
		n += n < size ? (size_t)snprintf(out + n, size - n, "]") : 0;
	}
	if (skipped && n < size)
		n += (size_t)snprintf(out + n, size - n, "%s...", count ? ", " : "");
	n += n < size ? (size_t)snprintf(out + n, size - n, "]") : 0;
	return n < size ? n : size - 1;
}

/* The family header, then its attributes. */
static size_t spell_body(const struct nlmsghdr *h, char *out, size_t size)
{
	const char *p = NLMSG_DATA(h);
	size_t len = h->nlmsg_len - NLMSG_HDRLEN, hl, n;
	int tc = h->nlmsg_type >= RTM_NEWQDISC;

	if (h->nlmsg_type == NLMSG_ERROR && len >= sizeof(struct nlmsgerr)) {
		int e = ((const struct nlmsgerr *)(const void *)p)->error;

		return (size_t)snprintf(out, size, ", {error=%s%s, msg=...}", e ? "-" : "",
					e ? bb_errname(e) : "0");
	}
	if (h->nlmsg_type < RTM_BASE)
		return 0;
	if (tc && len >= sizeof(struct tcmsg)) {
		const struct tcmsg *t = (const void *)p;

		hl = sizeof(*t);
		n = (size_t)snprintf(out, size, ", {tcm_family=AF_UNSPEC, tcm_ifindex=%d, "
				     "tcm_handle=%#x, tcm_parent=%#x, tcm_info=%#x}, ",
				     t->tcm_ifindex, t->tcm_handle, t->tcm_parent, t->tcm_info);
	} else if (!tc && len >= sizeof(struct ifinfomsg)) {
		const struct ifinfomsg *i = (const void *)p;

		hl = sizeof(*i);
		n = (size_t)snprintf(out, size, ", {ifi_family=AF_UNSPEC, ifi_index=%d, ...}, ",
				     i->ifi_index);
	} else {
		return 0;
	}
	if (n >= size)
		return size - 1;
	return n + spell_attrs(p + hl, len - hl, tc, 0, out + n, size - n);
}

/* Every message in buf: [{nlmsg_len=60, nlmsg_type=RTM_NEWTFILTER, ...}, {...}, [...]] */
static const char *spell(const void *buf, size_t len, char *out, size_t size)
{
	size_t n = 0;
	int count = 0;

	for (const struct nlmsghdr *h = buf; NLMSG_OK(h, len) && n + 64 < size;
	     h = NLMSG_NEXT(h, len)) {
		char f[160];

		n += (size_t)snprintf(out + n, size - n, "%s[{nlmsg_len=%u, nlmsg_type=%s, "
				      "nlmsg_flags=%s, nlmsg_seq=%u, nlmsg_pid=%u}", count++ ? ", " : "",
				      h->nlmsg_len, msg_type(h->nlmsg_type),
				      msg_flags(h->nlmsg_type, h->nlmsg_flags, f, sizeof(f)),
				      h->nlmsg_seq, h->nlmsg_pid);
		if (n < size)
			n += spell_body(h, out + n, size - n);
		if (n < size)
			n += (size_t)snprintf(out + n, size - n, "]");
	}
	if (!count)
		snprintf(out, size, "...");
	return out;
}

int nl_open(struct nl_sock *s)
{
	int one = 1;

	s->seq = 0;
	s->fd = bb_sys_socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE,
			      "AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE",
			      "a route netlink socket: interfaces, qdiscs, filters, XDP");
	if (s->fd < 0)
		return s->fd;
	/* Both are hints: a kernel without them still answers. */
	bb_sys_setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one),
			  "SOL_NETLINK, NETLINK_EXT_ACK, [1]",
			  "ask for the kernel's reason in words with every error");
	bb_sys_setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one),
			  "SOL_NETLINK, NETLINK_CAP_ACK, [1]",
			  "errors need not echo the whole request back");
	return 0;
}

void nl_close(struct nl_sock *s)
{
	if (s->fd >= 0)
		bb_sys_close(s->fd, "the netlink socket is done");
	s->fd = -1;
}

void nl_msg_init(struct nl_msg *m, __u16 type, __u16 flags, const void *hdr, size_t hdr_len)
{
	memset(m, 0, sizeof(*m));
	NLH(m)->nlmsg_len = (__u32)NLMSG_LENGTH(hdr_len);
	NLH(m)->nlmsg_type = type;
	NLH(m)->nlmsg_flags = (__u16)(NLM_F_REQUEST | NLM_F_ACK | flags);
	memcpy(m->buf + NLMSG_HDRLEN, hdr, hdr_len);
	NLH(m)->nlmsg_len = (__u32)NLMSG_ALIGN(NLH(m)->nlmsg_len);
}

void nl_attr(struct nl_msg *m, __u16 type, const void *data, size_t len)
{
	size_t at = NLH(m)->nlmsg_len;
	struct nlattr a = { .nla_len = (__u16)(NLA_HDRLEN + len), .nla_type = type };

	if (at + NLA_HDRLEN + ALIGN4(len) > sizeof(m->buf)) {
		m->overflow = 1;
		return;
	}
	memcpy(m->buf + at, &a, sizeof(a));
	if (len)
		memcpy(m->buf + at + NLA_HDRLEN, data, len);
	NLH(m)->nlmsg_len = (__u32)(at + NLA_HDRLEN + ALIGN4(len));
	if (m->nest)
		m->nest->nla_len = (__u16)(NLH(m)->nlmsg_len - (size_t)((char *)m->nest - m->buf));
}

void nl_attr_u32(struct nl_msg *m, __u16 type, __u32 v)
{
	nl_attr(m, type, &v, sizeof(v));
}

void nl_attr_str(struct nl_msg *m, __u16 type, const char *s)
{
	nl_attr(m, type, s, strlen(s) + 1);
}

void nl_nest_begin(struct nl_msg *m, __u16 type)
{
	size_t at = NLH(m)->nlmsg_len;

	nl_attr(m, type | NLA_F_NESTED, NULL, 0);
	if (!m->overflow)
		m->nest = (struct nlattr *)(void *)(m->buf + at);
}

void nl_nest_end(struct nl_msg *m)
{
	m->nest = NULL;
}

const struct nlattr *nl_attr_find(const void *attrs, size_t len, __u16 type)
{
	for (size_t off = 0; off + NLA_HDRLEN <= len;) {
		const struct nlattr *a = (const void *)((const char *)attrs + off);

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		off += ALIGN4(a->nla_len);
	}
	return NULL;
}

/* The extended ACK's NLMSGERR_ATTR_MSG, after the error and (unless capped)
 * the echoed request. */
static void ext_ack(const struct nlmsghdr *h, char *ext, size_t size)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	const struct nlattr *a;

	if (!ext || !(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len > NLMSG_HDRLEN ? NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN : 0;
	if (off >= h->nlmsg_len)
		return;
	a = nl_attr_find((const char *)h + off, h->nlmsg_len - off, NLMSGERR_ATTR_MSG);
	if (a && a->nla_len > NLA_HDRLEN)
		snprintf(ext, size, "%.*s", (int)(a->nla_len - NLA_HDRLEN),
			 (const char *)a + NLA_HDRLEN);
}

/* One recvmsg's messages: 1 when our ACK (or error) was among them. */
static int answers(const struct nl_sock *s, const void *buf, size_t len, nl_reply_fn fn,
		   void *ctx, int *err, char *ext, size_t ext_size)
{
	for (const struct nlmsghdr *h = buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		if (h->nlmsg_seq != s->seq)
			continue;
		if (h->nlmsg_type == NLMSG_ERROR) {
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
				*err = -EBADMSG;
				return 1;
			}
			*err = ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
			ext_ack(h, ext, ext_size);
			return 1;
		}
		if (h->nlmsg_type == NLMSG_DONE)
			return 1;
		if (fn && !*err)
			*err = fn(ctx, h);
	}
	return 0;
}

int nl_talk(struct nl_sock *s, struct nl_msg *m, nl_reply_fn fn, void *ctx, char *ext,
	    size_t ext_size, const char *why)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct iovec iov = { m->buf, NLH(m)->nlmsg_len };
	struct msghdr msg = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov,
			      .msg_iovlen = 1 };
	char buf[16384] __attribute__((aligned(4)));
	int err = 0;
	ssize_t n;

	if (ext && ext_size)
		ext[0] = '\0';
	if (m->overflow)
		return -EMSGSIZE;
	NLH(m)->nlmsg_seq = ++s->seq;
	n = bb_sys_sendmsg(s->fd, &msg, NL_NAME, spell, why);
	if (n < 0)
		return (int)n;
	for (;;) {
		iov.iov_base = buf;
		iov.iov_len = sizeof(buf);
		msg.msg_namelen = sizeof(sa);
		n = bb_sys_recvmsg(s->fd, &msg, NL_NAME, spell, "read the kernel's answer");
		if (n < 0)
			return (int)n;
		if (answers(s, buf, (size_t)n, fn, ctx, &err, ext, ext_size))
			return err;
	}
}

struct lookup {
	int index;
	char *name;
	size_t size;
};

static int on_link(void *ctx, const struct nlmsghdr *h)
{
	struct lookup *lk = ctx;
	const struct ifinfomsg *i = NLMSG_DATA(h);
	const struct nlattr *a;
	size_t hl = NLMSG_LENGTH(sizeof(*i));

	if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < hl)
		return 0;
	lk->index = i->ifi_index;
	a = nl_attr_find((const char *)h + NLMSG_ALIGN(hl), h->nlmsg_len - NLMSG_ALIGN(hl),
			 IFLA_IFNAME);
	if (a && a->nla_len > NLA_HDRLEN)
		snprintf(lk->name, lk->size, "%.*s", (int)(a->nla_len - NLA_HDRLEN - 1),
			 (const char *)a + NLA_HDRLEN);
	return 0;
}

int nl_link_lookup(struct nl_sock *s, const char *name, int ifindex, int *out_index,
		   char *out_name, size_t size)
{
	struct ifinfomsg i = { .ifi_family = AF_UNSPEC, .ifi_index = name ? 0 : ifindex };
	struct lookup lk = { 0, out_name, size };
	struct nl_msg m;
	int err;

	nl_msg_init(&m, RTM_GETLINK, 0, &i, sizeof(i));
	if (name)
		nl_attr_str(&m, IFLA_IFNAME, name);
	err = nl_talk(s, &m, on_link, &lk, NULL, 0, name ? "find the interface's index by its name"
		      : "find the interface's name by its index");
	if (!err && !lk.index)
		err = -ENODEV;
	*out_index = lk.index;
	return err;
}
