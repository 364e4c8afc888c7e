/* A socket filter that counts ICMP echo packets it sees and keeps none. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 seen, icmp;

SEC("socket")
int see_packets(struct __sk_buff *skb)
{
	__u8 proto = 0;

	__sync_fetch_and_add(&seen, 1);
	if (skb->protocol == __builtin_bswap16(ETH_P_IP) &&
	    !bpf_skb_load_bytes(skb, ETH_HLEN + 9, &proto, 1) && proto == IPPROTO_ICMP)
		__sync_fetch_and_add(&icmp, 1);
	return 0;
}
