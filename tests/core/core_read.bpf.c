// SPDX-License-Identifier: GPL-2.0
/*
 * On every execve, prints who calls it and the program it is leaving, read
 * from the current task with BPF_CORE_READ. Each read is a
 * bpf_probe_read_kernel() whose source address is "pointer + offset", and
 * each offset is an add instruction carrying a FIELD_BYTE_OFFSET
 * relocation: pointers followed (real_parent, signal, mm, exe_file),
 * embedded structs (se.vruntime), arrays (comm[], rlim[]), and fields
 * inside anonymous structs and unions (mm->exe_file, dentry->d_name and
 * qstr.len).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#define RLIMIT_NOFILE 7	/* a macro, so not in vmlinux.h */

struct exec_info {
	pid_t pid, ppid;
	__u64 vruntime, nofile;
	__u32 name_len;
	char first;
	char name[32];
};

struct exec_info last_exec;	/* .bss, so the reads are not optimised away */

SEC("tracepoint/syscalls/sys_enter_execve")
int execve_who(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct exec_info *e = &last_exec;
	struct dentry *exe;

	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->vruntime = BPF_CORE_READ(task, se.vruntime);
	e->nofile = BPF_CORE_READ(task, signal, rlim[RLIMIT_NOFILE].rlim_cur);
	e->first = BPF_CORE_READ(task, comm[0]);
	exe = BPF_CORE_READ(task, mm, exe_file, f_path.dentry);
	e->name_len = BPF_CORE_READ(exe, d_name.len);
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), BPF_CORE_READ(exe, d_name.name));
	bpf_printk("core_read: %d (parent %d), running %s, calls execve", e->pid, e->ppid, e->name);
	return 0;
}
