/* BTF kinds newer than some kernels: FLOAT (5.13) in a map value and
 * DECL_TAG (5.16) on a member and a function. A 5.10 kernel refuses this BTF
 * as clang wrote it; barebpf rewrites those kinds and loads it with its types
 * and line info. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct stats {
	__u64 calls __attribute__((btf_decl_tag("counter")));
	float scale;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stats);
} stats SEC(".maps");

SEC("tp/syscalls/sys_enter_getpid")
int __attribute__((btf_decl_tag("entry"))) count_getpid(void *ctx)
{
	__u32 zero = 0;
	struct stats *s = bpf_map_lookup_elem(&stats, &zero);

	if (s)
		__sync_fetch_and_add(&s->calls, 1);
	return 0;
}
