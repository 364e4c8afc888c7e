/* fentry on a module's function (MODULE:FUNC): veth_xmit in veth's BTF,
 * attach_btf_obj_fd naming that BTF. Counts the packets sent over veth. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 veth_xmits;

SEC("fentry/veth:veth_xmit")
int count_veth_xmit(unsigned long long *ctx)
{
	(void)ctx;
	__sync_fetch_and_add(&veth_xmits, 1);
	return 0;
}
