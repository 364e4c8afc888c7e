// SPDX-License-Identifier: GPL-2.0
/*
 * For the unit tests only: relocations that cannot be satisfied and are not
 * guarded, so their instructions are poisoned and the verifier would refuse
 * the program ("invalid func unknown#195896080"); bpftool refuses it too.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* pid is a signed 4-byte int: no load can read it as 8 bytes. */
struct task_struct___wide_pid {
	long long pid;
} __attribute__((preserve_access_index));

/* The field was renamed in 5.14. */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

struct unguarded {
	__u64 console_size, wide_pid, old_state;
};

struct unguarded unguarded;

SEC("tracepoint/syscalls/sys_enter_getuid")
int unguarded_reads(void *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();

	/* Two kernel structs are named console on 6.18 (280 and 40 bytes). */
	unguarded.console_size = bpf_core_type_size(struct console);
	unguarded.wide_pid = ((struct task_struct___wide_pid *)task)->pid;
	unguarded.old_state = ((struct task_struct___old *)task)->state;
	return 0;
}
