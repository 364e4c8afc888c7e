/* cgroup_skb/egress: counts the packets the cgroup's processes send. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 sent;

SEC("cgroup_skb/egress")
int count_sent(struct __sk_buff *skb)
{
	(void)skb;
	__sync_fetch_and_add(&sent, 1);
	return 1;
}
