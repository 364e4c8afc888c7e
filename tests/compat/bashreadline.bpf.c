// SPDX-License-Identifier: GPL-2.0
/*
 * bashreadline: the lines typed into bash, taken when its readline()
 * returns (tutorial lesson 5). The section names the binary and the symbol
 * the libbpf way, with the path's own slash after "uretprobe/".
 */
#include "vmlinux.h"
#include "compat.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define TASK_COMM_LEN 16
#define MAX_LINE_SIZE 80

SEC("uretprobe//bin/bash:readline")
int BPF_KRETPROBE(printret, const void *ret)
{
	char line[MAX_LINE_SIZE];
	char comm[TASK_COMM_LEN];
	u32 pid;

	if (!ret)	/* readline() returns NULL at end of input */
		return 0;
	pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(comm, sizeof(comm));
	bpf_probe_read_user_str(line, sizeof(line), ret);
	bpf_printk("compat_bashreadline: pid %d (%s) read: %s", pid, comm, line);
	return 0;
}
