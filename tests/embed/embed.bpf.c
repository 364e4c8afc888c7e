// SPDX-License-Identifier: GPL-2.0
/* For the embedding example: one ring buffer record per exec of a program
 * whose name is target_comm (empty: every program). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct exec_ctx {
	unsigned long long common;
	int filename_loc;
	int pid;
	int old_pid;
};

struct event {
	__u32 pid;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

const volatile char target_comm[16];

SEC("tp/sched/sched_process_exec")
int on_exec(struct exec_ctx *ctx)
{
	struct event *e;
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
#pragma unroll
	for (int i = 0; i < 16 && target_comm[0]; i++) {
		if (comm[i] != target_comm[i])
			return 0;
		if (!comm[i])
			break;
	}
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = (__u32)ctx->pid;
	__builtin_memcpy(e->comm, comm, sizeof(comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
