// SPDX-License-Identifier: GPL-2.0
/*
 * BPF-to-BPF calls: a static and a global subprogram in .text, called from
 * programs in two different sections.  The loader has to append the
 * subprograms to each program that uses them and fix up the call offsets.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* getppid's number differs between the architectures. */
#if defined(__TARGET_ARCH_arm64)
#define NR_getppid 173
#else
#define NR_getppid 110
#endif

static __noinline int scale(int x)
{
	return x * 3 + 1;
}

/* Global: the verifier checks it once, on its own, against its BTF type. */
__noinline int scale_twice(int x)
{
	return scale(scale(x));
}

SEC("tp/syscalls/sys_enter_getpid")
int tp_getpid(void *ctx)
{
	int pid = bpf_get_current_pid_tgid() >> 32;

	bpf_printk("subprog: getpid pid %d -> %d", pid, scale_twice(pid & 0xff));
	return 0;
}

SEC("raw_tracepoint/sys_enter")
int raw_sys_enter(unsigned long long *ctx)
{
	/* sys_enter's raw arguments: struct pt_regs *regs, long id. */
	long id = (long)ctx[1];
	__u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (id == NR_getppid)
		bpf_printk("subprog: sys_enter getppid pid %d -> %d", pid, scale(pid));
	return 0;
}
