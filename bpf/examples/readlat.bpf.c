// SPDX-License-Identifier: GPL-2.0
/* readlat: a log2 histogram of read(2) latency in microseconds, the way
 * runqlat and biolatency draw theirs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 27

struct hist {
	__u64 slots[MAX_SLOTS];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} read_usecs SEC(".maps");

const volatile __u32 target_tgid = 0;

/* floor(log2(v)), 0 for 0 and 1: no loop, so any kernel verifies it. */
static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 r, shift;

	r = (v > 0xffffffff) << 5;
	v >>= r;
	shift = (v > 0xffff) << 4;
	v >>= shift;
	r |= shift;
	shift = (v > 0xff) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xf) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	return r | (__u32)(v >> 1);
}

SEC("tracepoint/syscalls/sys_enter_read")
int read_enter(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	__u64 now = bpf_ktime_get_ns();

	if (target_tgid && (id >> 32) != target_tgid)
		return 0;
	bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_read")
int read_exit(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0, slot;
	__u64 *ts = bpf_map_lookup_elem(&start, &tid);
	struct hist *h;

	if (!ts)
		return 0;
	slot = log2_slot((bpf_ktime_get_ns() - *ts) / 1000);
	bpf_map_delete_elem(&start, &tid);
	h = bpf_map_lookup_elem(&read_usecs, &zero);
	if (h && slot < MAX_SLOTS)
		__sync_fetch_and_add(&h->slots[slot], 1);
	return 0;
}
