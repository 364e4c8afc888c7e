// SPDX-License-Identifier: GPL-2.0
/* The benchmark's producer: one 64-byte event per getppid() of one thread,
 * sent through a perf event array (produce_perf) or a BPF ring buffer
 * (produce_ringbuf). Only one of the two is attached in a run. Every run counts
 * what it tried to send and what the kernel refused, so the reader's figures
 * can be checked: produced == delivered + lost. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* Keep in step with bench/bench.h. */
#define EV_WORDS 8
#define EV_MULT 0x9e3779b97f4a7c15ull

struct event {
	__u64 w[EV_WORDS];
};

struct stats {
	__u64 produced;
	__u64 perf_failed;
	__u64 rb_failed;
	__u64 pad;
};

_Static_assert(sizeof(struct event) == 64, "event is 64 bytes");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

/* The user space side sets max_entries before load. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

/* The producer thread's id, set before load. */
const volatile __u32 target_tid = 0;

static __always_inline void fill(struct event *e, __u64 seq)
{
	e->w[0] = seq;
#pragma unroll
	for (int i = 1; i < EV_WORDS; i++)
		e->w[i] = seq * EV_MULT + i;
}

/* The stats slot when the caller is the producer thread, else NULL. Only that
 * thread, pinned to one CPU, ever runs the rest, so plain increments do. */
static __always_inline struct stats *ours(void)
{
	__u32 zero = 0;

	if ((__u32)bpf_get_current_pid_tgid() != target_tid)
		return 0;
	return bpf_map_lookup_elem(&stats, &zero);
}

SEC("tp/syscalls/sys_enter_getppid")
int produce_perf(void *ctx)
{
	struct stats *s = ours();
	struct event e;

	if (!s)
		return 0;
	fill(&e, s->produced++);
	if (bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &e, sizeof(e)))
		s->perf_failed++;
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int produce_ringbuf(void *ctx)
{
	struct stats *s = ours();
	struct event *e;

	(void)ctx;
	if (!s)
		return 0;
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		s->produced++;
		s->rb_failed++;
		return 0;
	}
	fill(e, s->produced++);
	bpf_ringbuf_submit(e, 0);
	return 0;
}
