// SPDX-License-Identifier: GPL-2.0
/*
 * ksyscall: kill(2) through the syscall's kernel function, the way
 * libbpf-bootstrap's ksyscall example does it. BPF_KSYSCALL (libbpf-dev's
 * bpf_tracing.h) reads LINUX_HAS_SYSCALL_WRAPPER, a .kconfig extern, to know
 * whether the arguments sit in the pt_regs the wrapper was given (x86_64 and
 * arm64 since 4.17/4.19) or in the probe's own registers; the loader picks
 * the function (__x64_sys_kill, __arm64_sys_kill) and fills the extern.
 */
#include "vmlinux.h"
#include "compat.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("ksyscall/kill")
int BPF_KSYSCALL(kill_entry, pid_t pid, int sig)
{
	__u32 caller = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("compat_ksyscall: pid %u kill pid %d sig %d", caller, pid, sig);
	return 0;
}

SEC("kretsyscall/kill")
int BPF_KRETPROBE(kill_exit, long ret)
{
	__u32 caller = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("compat_ksyscall: pid %u kill ret %ld", caller, ret);
	return 0;
}
