// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop: one event per execve(2) through a perf event array (tutorial
 * lesson 7). The parent's pid comes from the current task with CO-RE:
 * BPF_CORE_READ(task, real_parent, tgid) is two bpf_probe_read_kernel()
 * calls at offsets relocated to the running kernel.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#define TASK_COMM_LEN 16
#define MAX_FILENAME_LEN 64

struct event {
	int pid;
	int ppid;
	int uid;
	int retval;
	bool is_exit;
	char comm[TASK_COMM_LEN];
	char filename[MAX_FILENAME_LEN];
};

/* clang puts in BTF only the types that globals and functions use: this
 * unused pointer puts struct event there, for whoever decodes the events. */
struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int tracepoint__syscalls__sys_enter_execve(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct event event = {};

	event.pid = bpf_get_current_pid_tgid() >> 32;
	event.ppid = BPF_CORE_READ(task, real_parent, tgid);
	event.uid = (u32)bpf_get_current_uid_gid();
	event.is_exit = false;
	bpf_get_current_comm(event.comm, sizeof(event.comm));
	bpf_probe_read_user_str(event.filename, sizeof(event.filename),
				(const char *)ctx->args[0]);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &event, sizeof(event));
	return 0;
}
