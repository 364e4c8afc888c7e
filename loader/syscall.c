#include "arch.h"
#include "syscall.h"

long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return arch_syscall6(ARCH_NR_bpf, cmd, (long)attr, size, 0, 0, 0);
}

long sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			 unsigned long flags)
{
	return arch_syscall6(ARCH_NR_perf_event_open, (long)attr, pid, cpu, group_fd,
			     (long)flags, 0);
}
