/* tc: counts the packets of the hook it is attached to and lets them pass. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 tc_packets;

SEC("tc")
int count_tc(struct __sk_buff *skb)
{
	(void)skb;
	__sync_fetch_and_add(&tc_packets, 1);
	return TC_ACT_OK;
}
