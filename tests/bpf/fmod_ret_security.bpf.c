// SPDX-License-Identifier: GPL-2.0
/* fmod_ret on an LSM hook, which the kernel lets fmod_ret change with or
 * without CONFIG_FUNCTION_ERROR_INJECTION (check_attach_modify_return takes
 * every security_* function): getpgid(pid) with a nonzero pid asks
 * security_task_getpgid, so pid_target's getpgid(getpid()) returns -ESRCH
 * (3) while this is attached. Debian's kernels lack error injection, so the
 * example bpf/examples/fmod_ret.bpf.c (on the syscall itself) is refused. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

const volatile int pid_target = 0;

SEC("fmod_ret/security_task_getpgid")
int BPF_PROG(deny_getpgid, void *p, int ret)
{
	if (ret)
		return ret;
	if (pid_target && (bpf_get_current_pid_tgid() >> 32) == (__u32)pid_target) {
		bpf_printk("fmod_ret: getpgid of pid %d returns -3", pid_target);
		return -3;
	}
	return 0;
}
