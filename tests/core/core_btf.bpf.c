// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the current task through bpf_get_current_task_btf(), whose pointer
 * the verifier lets a program dereference: the field offsets sit in the
 * load instructions themselves. Also reads bitfields both ways
 * (BPF_CORE_READ_BITFIELD with direct loads, BPF_CORE_READ_BITFIELD_PROBED
 * with bpf_probe_read_kernel), which uses every field relocation kind, and
 * reads task->flags through a local view that declares it 64 bits wide, so
 * the loader must narrow the load to the kernel's 32 bits.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* Only the fields named here matter: CO-RE finds them by name. */
struct task_struct___wide {
	unsigned long long flags;
} __attribute__((preserve_access_index));

struct task_info {
	__u64 flags, reset_on_fork, in_execve;
	__u32 comm_size, pid_offset, pid_signed;
	int pid;
	char comm0;
};

struct task_info last_task;

SEC("tracepoint/syscalls/sys_enter_getpid")
int task_bits(void *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct task_struct___wide *wide = (void *)task;
	struct task_info *i = &last_task;

	i->pid = task->pid;
	i->comm0 = task->comm[0];
	i->flags = wide->flags;
	i->reset_on_fork = BPF_CORE_READ_BITFIELD(task, sched_reset_on_fork);
	i->in_execve = BPF_CORE_READ_BITFIELD_PROBED(task, in_execve);
	i->comm_size = bpf_core_field_size(task->comm);
	i->pid_offset = bpf_core_field_offset(struct task_struct, pid);
	/* bpf_core_read.h has no macro for this one outside bitfield reads */
	i->pid_signed = __builtin_preserve_field_info(task->pid, BPF_FIELD_SIGNED);
	bpf_printk("core_btf: pid %d flags %llx in_execve %llu", i->pid, i->flags, i->in_execve);
	return 0;
}
