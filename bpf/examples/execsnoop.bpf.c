// SPDX-License-Identifier: GPL-2.0
/* execsnoop: one event per execve, sent through a perf event array. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct syscall_enter_ctx {
	unsigned short common_type;
	unsigned char common_flags;
	unsigned char common_preempt_count;
	int common_pid;
	long id;
	unsigned long args[6];
};

struct event {
	__u32 pid;
	__u32 tid;
	__u32 uid;
	char comm[16];
	char filename[128];
};

/* clang describes in BTF only the types globals and functions use; this
 * pointer puts struct event there, so barebpf can decode the events. */
struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

const volatile __u32 target_uid = (__u32)-1;

SEC("tracepoint/syscalls/sys_enter_execve")
int execsnoop(struct syscall_enter_ctx *ctx)
{
	struct event e = {};
	__u64 id = bpf_get_current_pid_tgid();

	e.uid = (__u32)bpf_get_current_uid_gid();
	if (target_uid != (__u32)-1 && e.uid != target_uid)
		return 0;
	e.pid = id >> 32;
	e.tid = (__u32)id;
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_probe_read_user_str(e.filename, sizeof(e.filename), (const void *)ctx->args[0]);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}
