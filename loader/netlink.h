/* rtnetlink (NETLINK_ROUTE) the plain way: one socket, a request built in
 * place, sent with NLM_F_ACK and read up to its acknowledgement. Failures come
 * back as -errno with the kernel's extended ACK message, when it sent one
 * ("Exclusivity flag on, cannot modify"). Every sendmsg/recvmsg is narrated
 * with its netlink headers decoded, as strace decodes them. */
#ifndef BAREBPF_NETLINK_H
#define BAREBPF_NETLINK_H

#include <linux/netlink.h>
#include <stddef.h>

struct nl_sock {
	int fd;
	__u32 seq;
};

struct nl_msg {
	char buf[512] __attribute__((aligned(4)));	/* a struct nlmsghdr first */
	int overflow;		/* an attribute did not fit: nl_talk refuses to send */
	struct nlattr *nest;	/* the open nest, if any */
};

/* Called for each answer before the acknowledgement (RTM_NEWLINK for a get). */
typedef int (*nl_reply_fn)(void *ctx, const struct nlmsghdr *h);

int nl_open(struct nl_sock *s);
void nl_close(struct nl_sock *s);
/* A request of type: NLM_F_REQUEST|NLM_F_ACK and flags, then the family header. */
void nl_msg_init(struct nl_msg *m, __u16 type, __u16 flags, const void *hdr, size_t hdr_len);
void nl_attr(struct nl_msg *m, __u16 type, const void *data, size_t len);
void nl_attr_u32(struct nl_msg *m, __u16 type, __u32 v);
void nl_attr_str(struct nl_msg *m, __u16 type, const char *s);
/* One level of nesting at a time. */
void nl_nest_begin(struct nl_msg *m, __u16 type);
void nl_nest_end(struct nl_msg *m);
/* Sends m, reads to its ACK: 0 or the kernel's -errno; ext (may be NULL)
 * gets the extended ACK message, "" if none. why is said at -vv. */
int nl_talk(struct nl_sock *s, struct nl_msg *m, nl_reply_fn fn, void *ctx, char *ext,
	    size_t ext_size, const char *why);
/* The attribute of type among len bytes of attributes at attrs, or NULL. */
const struct nlattr *nl_attr_find(const void *attrs, size_t len, __u16 type);

/* The interface by name (ifindex 0) or by index: its index and name. -ENODEV. */
int nl_link_lookup(struct nl_sock *s, const char *name, int ifindex, int *out_index,
		   char *out_name, size_t size);

#endif
