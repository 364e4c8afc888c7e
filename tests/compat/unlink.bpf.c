// SPDX-License-Identifier: GPL-2.0
/*
 * unlink: a kprobe and a kretprobe on do_unlinkat() (tutorial lesson 2).
 * The entry probe takes the function's arguments by name with BPF_KPROBE and
 * reads the path out of struct filename with BPF_CORE_READ; the return probe
 * gets the return value with BPF_KRETPROBE.
 */
#include "vmlinux.h"
#include "compat.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;
	const char *path = BPF_CORE_READ(name, name);

	bpf_printk("compat_unlink: entry pid %d filename %s", pid, path);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(do_unlinkat_exit, long ret)
{
	pid_t pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("compat_unlink: exit pid %d ret %ld", pid, ret);
	return 0;
}
