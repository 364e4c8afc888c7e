// SPDX-License-Identifier: GPL-2.0
/* fentry and fexit on do_unlinkat(int dfd, struct filename *name): the
 * arguments, and at exit the return value too, typed from the kernel's BTF.
 * Needs BPF trampolines (x86_64 and arm64 kernels with the BPF JIT). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct filename {
	const char *name;
} __attribute__((preserve_access_index));

SEC("fentry/do_unlinkat")
int BPF_PROG(unlink_entry, int dfd, struct filename *name)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("fentry: pid %d unlink %s", pid, name->name);
	return 0;
}

SEC("fexit/do_unlinkat")
int BPF_PROG(unlink_exit, int dfd, struct filename *name, long ret)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("fexit: pid %d unlink %s ret %ld", pid, name->name, ret);
	return 0;
}
