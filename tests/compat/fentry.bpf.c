// SPDX-License-Identifier: GPL-2.0
/*
 * fentry: fentry and fexit on do_unlinkat() (tutorial lesson 3). BPF_PROG
 * gives the arguments by name, and the pointer is read directly (name->name),
 * with no read helper: the verifier knows its BTF type. fexit sees the
 * arguments and the return value. Needs BPF trampolines.
 */
#include "vmlinux.h"
#include "compat.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("fentry/do_unlinkat")
int BPF_PROG(do_unlinkat, int dfd, struct filename *name)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("compat_fentry: entry pid %d filename %s", pid, name->name);
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(do_unlinkat_exit, int dfd, struct filename *name, long ret)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("compat_fentry: exit pid %d filename %s ret %ld", pid, name->name, ret);
	return 0;
}
