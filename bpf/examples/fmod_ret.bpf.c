// SPDX-License-Identifier: GPL-2.0
/* fmod_ret on the getpgid syscall (marked ALLOW_ERROR_INJECTION, as every
 * syscall is): for pid_target's calls it returns -ESRCH (3) without running
 * the syscall; others run unchanged. Set pid_target with --set. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

const volatile int pid_target = 0;

#if defined(__TARGET_ARCH_arm64)
#define SYS_GETPGID "__arm64_sys_getpgid"
#else
#define SYS_GETPGID "__x64_sys_getpgid"
#endif

SEC("fmod_ret/" SYS_GETPGID)
int BPF_PROG(fake_getpgid, void *regs, int ret)
{
	if (pid_target && (bpf_get_current_pid_tgid() >> 32) == (__u32)pid_target) {
		bpf_printk("fmod_ret: getpgid of pid %d returns -3", pid_target);
		return -3;
	}
	return 0;
}
