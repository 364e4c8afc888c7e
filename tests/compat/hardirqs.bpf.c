// SPDX-License-Identifier: GPL-2.0
/*
 * hardirqs: BTF-typed tracepoints on irq_handler_entry/exit (the tutorial's
 * hardirqs, from libbpf-tools): per handler name, how many times it ran and
 * the time spent in it, in a hash map keyed by the name read through
 * BPF_CORE_READ from struct irqaction. The start time of the handler running
 * on this CPU is kept in a per-CPU array. tp_btf needs no trampoline.
 */
#include "vmlinux.h"
#include "compat.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

const volatile bool targ_ns = false;

struct irq_key {
	char name[32];
};

struct info {
	__u64 count;
	__u64 total_time;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct irq_key);
	__type(value, struct info);
} infos SEC(".maps");

static struct info zero;

/* libbpf-tools' maps.bpf.h */
static __always_inline void *bpf_map_lookup_or_try_init(void *map, const void *key,
							 const void *init)
{
	void *val;
	long err;

	val = bpf_map_lookup_elem(map, key);
	if (val)
		return val;
	err = bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	if (err && err != -17 /* EEXIST */)
		return 0;
	return bpf_map_lookup_elem(map, key);
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(irq_handler_entry_btf, int irq, struct irqaction *action)
{
	u64 ts = bpf_ktime_get_ns();
	u32 key = 0;

	bpf_map_update_elem(&start, &key, &ts, BPF_ANY);
	return 0;
}

SEC("tp_btf/irq_handler_exit")
int BPF_PROG(irq_handler_exit_btf, int irq, struct irqaction *action)
{
	struct irq_key ikey = {};
	struct info *info;
	u32 key = 0;
	u64 delta, *tsp;

	tsp = bpf_map_lookup_elem(&start, &key);
	if (!tsp || !*tsp)
		return 0;
	delta = bpf_ktime_get_ns() - *tsp;
	if (!targ_ns)
		delta /= 1000U;
	bpf_probe_read_kernel_str(&ikey.name, sizeof(ikey.name), BPF_CORE_READ(action, name));
	info = bpf_map_lookup_or_try_init(&infos, &ikey, &zero);
	if (!info)
		return 0;
	__sync_fetch_and_add(&info->count, 1);
	__sync_fetch_and_add(&info->total_time, delta);
	return 0;
}
