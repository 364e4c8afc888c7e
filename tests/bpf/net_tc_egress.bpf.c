/* tc/egress and tcx/ingress in one object: both directions counted. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 egress_packets, ingress_packets;

SEC("tc/egress")
int count_egress(struct __sk_buff *skb)
{
	(void)skb;
	__sync_fetch_and_add(&egress_packets, 1);
	return TC_ACT_OK;
}

SEC("tcx/ingress")
int count_ingress(struct __sk_buff *skb)
{
	(void)skb;
	__sync_fetch_and_add(&ingress_packets, 1);
	return TC_ACT_OK;
}
