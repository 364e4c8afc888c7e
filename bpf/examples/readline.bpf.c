// SPDX-License-Identifier: GPL-2.0
/* Prints every line bash reads interactively, from readline()'s return value. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("uretprobe//bin/bash:readline")
int BPF_KRETPROBE(printret, const void *ret)
{
	char line[80];
	char comm[16];

	if (!ret)
		return 0;

	bpf_get_current_comm(comm, sizeof(comm));
	bpf_probe_read_user_str(line, sizeof(line), ret);
	bpf_printk("readline: pid %d (%s) read: %s",
		   (__u32)(bpf_get_current_pid_tgid() >> 32), comm, line);
	return 0;
}
