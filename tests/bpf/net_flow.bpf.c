/* A flow dissector that counts what it is asked to dissect and hands the
 * packet back to the kernel's own dissector. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 dissected;

SEC("flow_dissector")
int count_flows(struct __sk_buff *skb)
{
	(void)skb;
	__sync_fetch_and_add(&dissected, 1);
	return BPF_FLOW_DISSECTOR_CONTINUE;
}
