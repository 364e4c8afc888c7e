/* Per-CPU maps: a count per process and a histogram, each kept per CPU, so
 * the reader must show every CPU's copy and sum histograms across them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct hist {
	__u64 slots[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} pid_low_bits SEC(".maps");

const volatile __u32 target_tgid;

SEC("tracepoint/syscalls/sys_enter_getpid")
int count_getpid(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32, zero = 0;
	__u64 one = 1, *n;
	struct hist *h;

	if (tgid != target_tgid)
		return 0;
	n = bpf_map_lookup_elem(&calls, &tgid);
	if (n)
		*n += 1;
	else
		bpf_map_update_elem(&calls, &tgid, &one, BPF_NOEXIST);
	h = bpf_map_lookup_elem(&pid_low_bits, &zero);
	if (h)
		h->slots[tgid & 7]++;
	return 0;
}
