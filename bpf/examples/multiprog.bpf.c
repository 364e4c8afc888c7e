// SPDX-License-Identifier: GPL-2.0
/*
 * Two programs sharing one section, told apart only by their symbols, plus
 * a raw tracepoint program in a section of its own.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 getppid_calls;
__u64 sys_exits;
__u64 failed_sys_exits;

SEC("tp/syscalls/sys_enter_getppid")
int getppid_first(void *ctx)
{
	bpf_printk("multiprog: first, pid %d",
		   (__u32)(bpf_get_current_pid_tgid() >> 32));
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int getppid_second(void *ctx)
{
	__sync_fetch_and_add(&getppid_calls, 1);
	bpf_printk("multiprog: second, call %d", (int)getppid_calls);
	return 0;
}

/* raw_tp sys_exit arguments: (struct pt_regs *regs, long ret) */
SEC("raw_tp/sys_exit")
int BPF_PROG(handle_sys_exit, struct pt_regs *regs, long ret)
{
	__sync_fetch_and_add(&sys_exits, 1);
	if (ret < 0)
		__sync_fetch_and_add(&failed_sys_exits, 1);
	return 0;
}
