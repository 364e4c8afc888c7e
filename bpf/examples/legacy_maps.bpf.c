// SPDX-License-Identifier: GPL-2.0
/* Maps declared the old way: struct bpf_map_def in SEC("maps"), no BTF. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct bpf_map_def SEC("maps") getpid_calls = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

struct bpf_map_def SEC("maps") last_getpid_ns = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1024,
};

SEC("tracepoint/syscalls/sys_enter_getpid")
int count_getpid(void *ctx)
{
	__u32 zero = 0, tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 now = bpf_ktime_get_ns(), *calls;

	calls = bpf_map_lookup_elem(&getpid_calls, &zero);
	if (calls)
		__sync_fetch_and_add(calls, 1);
	bpf_map_update_elem(&last_getpid_ns, &tgid, &now, BPF_ANY);
	return 0;
}
