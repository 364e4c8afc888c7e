// SPDX-License-Identifier: GPL-2.0
/*
 * Must be rejected by the verifier, to test how the loader reports the
 * verifier log: the map value is dereferenced without a NULL check, so the
 * log ends with "R0 invalid mem access 'map_value_or_null'".
 *
 * A hash map on purpose: recent kernels can prove that a lookup with a
 * constant, in-range key into an array map non-NULL and would accept this.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} values SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int missing_null_check(void *ctx)
{
	__u32 key = 0;
	__u64 *value = bpf_map_lookup_elem(&values, &key);

	return *value != 0;
}
