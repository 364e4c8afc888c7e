// SPDX-License-Identifier: GPL-2.0
/* Prints the pid and command name of every process that calls execve. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tracepoint/syscalls/sys_enter_execve")
int hello(void *ctx)
{
	char comm[16];
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_get_current_comm(comm, sizeof(comm));
	bpf_printk("hello: pid %d comm %s", pid, comm);
	return 0;
}
