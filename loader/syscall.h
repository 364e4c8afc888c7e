/* The two system calls libc does not wrap, entered directly through arch/. */
#ifndef BAREBPF_SYSCALL_H
#define BAREBPF_SYSCALL_H

#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/types.h>

/* Both return the result, or -errno. */
long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size);
long sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			 unsigned long flags);

#endif
