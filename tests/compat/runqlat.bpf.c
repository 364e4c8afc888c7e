// SPDX-License-Identifier: GPL-2.0
/*
 * runqlat: a log2 histogram of run queue latency, the time from a task's
 * wakeup (or preemption) to the moment it gets a CPU (tutorial lesson 9).
 * Raw tracepoints with BPF_PROG: the arguments are the tracepoint's, taken
 * from the u64 array the kernel passes; task fields are read with
 * BPF_CORE_READ. The task state is read from __state, or from state on
 * kernels before 5.14, chosen with bpf_core_field_exists.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_ENTRIES 10240
#define MAX_SLOTS 26
#define TASK_RUNNING 0

struct hist {
	__u32 slots[MAX_SLOTS];
};

/* Only this process when set. */
const volatile pid_t targ_tgid = 0;

/* When each waiting thread was queued. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, u32);
	__type(value, u64);
} start SEC(".maps");

/* One histogram for the whole system, in microseconds. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct hist);
} runq_usecs SEC(".maps");

/* Kernels before 5.14 called the field state. */
struct task_struct___pre514 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline long task_state(struct task_struct *t)
{
	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((struct task_struct___pre514 *)t, state);
}

/* The index of the highest bit set, 0 for 0. */
static __always_inline u32 highest_bit(u64 v)
{
	u32 n = 0;

	if (v >> 32) { v >>= 32; n += 32; }
	if (v >> 16) { v >>= 16; n += 16; }
	if (v >> 8) { v >>= 8; n += 8; }
	if (v >> 4) { v >>= 4; n += 4; }
	if (v >> 2) { v >>= 2; n += 2; }
	if (v >> 1) n += 1;
	return n;
}

static int enqueued(u32 tgid, u32 pid)
{
	u64 now;

	if (!pid)	/* the idle task */
		return 0;
	if (targ_tgid && targ_tgid != tgid)
		return 0;
	now = bpf_ktime_get_ns();
	bpf_map_update_elem(&start, &pid, &now, BPF_ANY);
	return 0;
}

static int switched(struct task_struct *prev, struct task_struct *next)
{
	u32 pid, zero = 0, slot;
	struct hist *h;
	u64 *queued;
	s64 delta;

	/* A preempted task goes back to the queue: it waits from now. */
	if (task_state(prev) == TASK_RUNNING)
		enqueued(BPF_CORE_READ(prev, tgid), BPF_CORE_READ(prev, pid));

	pid = BPF_CORE_READ(next, pid);
	queued = bpf_map_lookup_elem(&start, &pid);
	if (!queued)
		return 0;
	delta = bpf_ktime_get_ns() - *queued;
	if (delta >= 0) {
		slot = highest_bit(delta / 1000);
		if (slot >= MAX_SLOTS)
			slot = MAX_SLOTS - 1;
		h = bpf_map_lookup_elem(&runq_usecs, &zero);
		if (h)
			__sync_fetch_and_add(&h->slots[slot], 1);
	}
	bpf_map_delete_elem(&start, &pid);
	return 0;
}

SEC("raw_tp/sched_wakeup")
int BPF_PROG(handle_sched_wakeup, struct task_struct *p)
{
	return enqueued(BPF_CORE_READ(p, tgid), BPF_CORE_READ(p, pid));
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(handle_sched_wakeup_new, struct task_struct *p)
{
	return enqueued(BPF_CORE_READ(p, tgid), BPF_CORE_READ(p, pid));
}

SEC("raw_tp/sched_switch")
int BPF_PROG(handle_sched_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	return switched(prev, next);
}
