/* sockops puts each established TCP socket in a sockhash keyed by its ports;
 * sk_msg sends what one end writes straight to the other end's receive queue. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u32);
} socks SEC(".maps");

__u64 added, redirected;

SEC("sockops")
int add_socks(struct bpf_sock_ops *ops)
{
	__u64 key = ((__u64)ops->local_port << 32) | __builtin_bswap32(ops->remote_port);

	if (ops->op != BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB &&
	    ops->op != BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB)
		return 1;
	if (!bpf_sock_hash_update(ops, &socks, &key, BPF_ANY))
		__sync_fetch_and_add(&added, 1);
	return 1;
}

SEC("sk_msg")
int redirect(struct sk_msg_md *msg)
{
	__u64 key = ((__u64)__builtin_bswap32(msg->remote_port) << 32) | msg->local_port;

	if (bpf_msg_redirect_hash(msg, &socks, &key, BPF_F_INGRESS) == SK_PASS)
		__sync_fetch_and_add(&redirected, 1);
	return SK_PASS;
}
