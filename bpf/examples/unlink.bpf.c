// SPDX-License-Identifier: GPL-2.0
/* Traces entry to and return from do_unlinkat(int dfd, struct filename *name). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* Only the first member is needed; without CO-RE the offset must be right. */
struct filename {
	const char *name;
};

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(do_unlinkat, int dfd, struct filename *name)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	const char *filename = 0;

	bpf_probe_read_kernel(&filename, sizeof(filename), &name->name);
	bpf_printk("unlink: entry pid %d filename %s", pid, filename);
	return 0;
}

SEC("kretprobe/do_unlinkat")
int BPF_KRETPROBE(do_unlinkat_exit, long ret)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("unlink: exit pid %d ret %ld", pid, ret);
	return 0;
}
