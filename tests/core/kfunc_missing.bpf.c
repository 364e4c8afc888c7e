// SPDX-License-Identifier: GPL-2.0
/*
 * A weak kfunc no kernel has, called where the verifier can reach it: the
 * loader poisons the call, the verifier refuses it, and barebpf names the
 * kfunc rather than quoting "invalid func unknown#2002000000".
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

extern int barebpf_no_such_kfunc(int x) __ksym __weak;

int seen;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(kfunc_reachable, struct task_struct *p)
{
	seen = barebpf_no_such_kfunc(1);
	return 0;
}
