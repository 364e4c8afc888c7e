/* XDP: counts the packets the interface receives and lets them pass. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 xdp_packets;

SEC("xdp")
int count_xdp(struct xdp_md *ctx)
{
	(void)ctx;
	__sync_fetch_and_add(&xdp_packets, 1);
	return XDP_PASS;
}
