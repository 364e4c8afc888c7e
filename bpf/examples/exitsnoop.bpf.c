// SPDX-License-Identifier: GPL-2.0
/* exitsnoop: one event per process exit, with how long it ran since its last
 * exec, sent through the BPF ring buffer. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct sched_exec_ctx {
	unsigned long long common;
	int filename_loc;
	int pid;
	int old_pid;
};

struct sched_exit_ctx {
	unsigned long long common;
	char comm[16];
	int pid;
	int prio;
};

struct event {
	__u32 pid;
	__u32 prio;
	__u64 duration_ns;
	char comm[16];
};

/* clang describes in BTF only the types globals and functions use; this
 * pointer puts struct event there, so barebpf can decode the events. */
struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, __u64);
} exec_start SEC(".maps");

__u64 dropped;

SEC("tp/sched/sched_process_exec")
int on_exec(struct sched_exec_ctx *ctx)
{
	__u32 pid = ctx->pid;
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&exec_start, &pid, &now, BPF_ANY);
	return 0;
}

SEC("tp/sched/sched_process_exit")
int on_exit(struct sched_exit_ctx *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 pid = id >> 32;
	__u64 *start;
	struct event *e;

	if (pid != (__u32)id) /* a thread, not the whole process */
		return 0;
	start = bpf_map_lookup_elem(&exec_start, &pid);
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->pid = pid;
	e->prio = ctx->prio;
	e->duration_ns = start ? bpf_ktime_get_ns() - *start : 0;
	bpf_probe_read_kernel_str(e->comm, sizeof(e->comm), ctx->comm);
	bpf_ringbuf_submit(e, 0);
	if (start)
		bpf_map_delete_elem(&exec_start, &pid);
	return 0;
}
