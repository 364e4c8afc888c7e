// SPDX-License-Identifier: GPL-2.0
/*
 * exitsnoop: one event per process exit through the BPF ring buffer
 * (tutorial lesson 8). Everything comes from the exiting task with CO-RE:
 * the parent (real_parent->tgid), the exit status (exit_code, the wait(2)
 * encoding: status in bits 8-15) and how long it lived (start_time is on the
 * same monotonic clock as bpf_ktime_get_ns()).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define TASK_COMM_LEN 16

struct event {
	int pid;
	int ppid;
	unsigned exit_code;
	unsigned long long duration_ns;
	char comm[TASK_COMM_LEN];
};

struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

SEC("tp/sched/sched_process_exit")
int handle_exit(struct trace_event_raw_sched_process_template *ctx)
{
	u64 id = bpf_get_current_pid_tgid();
	pid_t pid = id >> 32, tid = (u32)id;
	struct task_struct *task;
	struct event *e;

	if (pid != tid)	/* a thread; only whole processes are reported */
		return 0;
	e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
	if (!e)
		return 0;
	task = (struct task_struct *)bpf_get_current_task();
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exit_code = (BPF_CORE_READ(task, exit_code) >> 8) & 0xff;
	e->duration_ns = bpf_ktime_get_ns() - BPF_CORE_READ(task, start_time);
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
