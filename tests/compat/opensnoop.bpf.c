// SPDX-License-Identifier: GPL-2.0
/*
 * opensnoop: every openat(2), optionally of one process only (tutorial
 * lesson 4). pid_target is a const volatile global: it lives in .rodata, the
 * loader may set it before the program is loaded, and the verifier then
 * knows its value (a filter of 0 is removed as dead code).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* Process to trace; 0 traces all of them. */
const volatile int pid_target = 0;

SEC("tracepoint/syscalls/sys_enter_openat")
int tracepoint__syscalls__sys_enter_openat(struct trace_event_raw_sys_enter *ctx)
{
	u64 id = bpf_get_current_pid_tgid();
	int pid = id >> 32;
	char path[64];

	if (pid_target && pid_target != pid)
		return 0;
	/* openat(dfd, filename, flags, mode): the path is the second argument. */
	bpf_probe_read_user_str(path, sizeof(path), (const char *)ctx->args[1]);
	bpf_printk("compat_opensnoop: pid %d openat %s", pid, path);
	return 0;
}
