/* tc: a kfunc of a kernel module. bpf_skb_ct_lookup and bpf_ct_release live
 * in nf_conntrack (Linux 6.0+), so their BTF ids are in that module's BTF:
 * the loader passes its fd in fd_array and the call's offset names the
 * slot. Each packet asks conntrack about a tuple it has no entry for, which
 * answers NULL and sets opts.error to -ENOENT (-2): only the kfunc writes it. */
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct nf_conn;

struct ct_opts {		/* struct bpf_ct_opts of nf_conntrack_bpf.c, 12 bytes */
	__s32 netns_id;
	__s32 error;
	__u8 l4proto;
	__u8 dir;
	__u8 reserved[2];
};

extern struct nf_conn *bpf_skb_ct_lookup(struct __sk_buff *skb, struct bpf_sock_tuple *tuple,
					 __u32 tuple__sz, struct ct_opts *opts,
					 __u32 opts__sz) __ksym;
extern void bpf_ct_release(struct nf_conn *ct) __ksym;

__u64 ct_lookups, ct_found;
__s32 ct_error = 1;

SEC("tc")
int ct_lookup(struct __sk_buff *skb)
{
	struct bpf_sock_tuple tuple = {};
	struct ct_opts opts = { .netns_id = -1, .l4proto = IPPROTO_TCP };
	struct nf_conn *ct;

	tuple.ipv4.sport = tuple.ipv4.dport = __builtin_bswap16(9);
	ct = bpf_skb_ct_lookup(skb, &tuple, sizeof(tuple.ipv4), &opts, sizeof(opts));
	__sync_fetch_and_add(&ct_lookups, 1);
	if (ct) {
		__sync_fetch_and_add(&ct_found, 1);
		bpf_ct_release(ct);
	} else {
		ct_error = opts.error;
	}
	return TC_ACT_OK;
}
