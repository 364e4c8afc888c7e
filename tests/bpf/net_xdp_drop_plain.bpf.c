/* XDP: drops every packet the interface receives; plain SEC("xdp"), for
 * kernels before 5.18, which refuse xdp.frags (BPF_F_XDP_HAS_FRAGS). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 dropped;

SEC("xdp")
int drop_all(struct xdp_md *ctx)
{
	(void)ctx;
	__sync_fetch_and_add(&dropped, 1);
	return XDP_DROP;
}
