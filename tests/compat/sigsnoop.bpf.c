// SPDX-License-Identifier: GPL-2.0
/*
 * sigsnoop: who sends which signal to whom, and with what result (tutorial
 * lesson 6). The entry of kill(2) stores what it knows in a hash map keyed by
 * thread id; the exit finds it there, adds the return value, prints one line
 * and deletes the entry. The print has five arguments, so libbpf's
 * bpf_printk turns into bpf_trace_vprintk (kernel 5.16 and later).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define MAX_ENTRIES 10240
#define TASK_COMM_LEN 16

struct event {
	unsigned int pid;	/* sender */
	unsigned int tpid;	/* target */
	int sig;
	int ret;
	char comm[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, __u32);
	__type(value, struct event);
} values SEC(".maps");

static int on_signal_sent(pid_t tpid, int sig)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct event ev = {};

	ev.pid = id >> 32;
	ev.tpid = tpid;
	ev.sig = sig;
	bpf_get_current_comm(ev.comm, sizeof(ev.comm));
	bpf_map_update_elem(&values, &tid, &ev, BPF_ANY);
	return 0;
}

static int on_signal_done(int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct event *ev = bpf_map_lookup_elem(&values, &tid);

	if (!ev)	/* the entry came before we were attached */
		return 0;
	ev->ret = ret;
	bpf_printk("compat_sigsnoop: pid %d (%s) sent signal %d to pid %d ret %d",
		   ev->pid, ev->comm, ev->sig, ev->tpid, ret);
	bpf_map_delete_elem(&values, &tid);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_kill")
int kill_entry(struct trace_event_raw_sys_enter *ctx)
{
	return on_signal_sent((pid_t)ctx->args[0], (int)ctx->args[1]);
}

SEC("tracepoint/syscalls/sys_exit_kill")
int kill_exit(struct trace_event_raw_sys_exit *ctx)
{
	return on_signal_done(ctx->ret);
}
