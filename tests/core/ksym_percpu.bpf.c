// SPDX-License-Identifier: GPL-2.0
/*
 * Typed .ksyms externs: the kernel's BTF has a VAR of that name (its per-CPU
 * variables), so the program gets a typed pointer through bpf_per_cpu_ptr
 * and bpf_this_cpu_ptr and reads the fields directly. The kernel finds the
 * address in its kallsyms, which has data symbols only with
 * CONFIG_KALLSYMS_ALL. A getpid tracepoint copies what it sees into .bss for
 * run to print.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define NR_SEEN 4

extern const struct rq runqueues __ksym;
extern const int bpf_prog_active __ksym;

int rq_cpu[NR_SEEN];	/* runqueues of CPU i says it is CPU rq->cpu; -1: no CPU i */
int prog_active;	/* bpf_prog_active on this CPU, while this program runs */

SEC("tracepoint/syscalls/sys_enter_getpid")
int ksym_percpu(void *ctx)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

	for (int i = 0; i < NR_SEEN; i++) {
		const struct rq *rq = bpf_per_cpu_ptr(&runqueues, i);

		rq_cpu[i] = rq ? rq->cpu : -1;
	}
	prog_active = *active;
	return 0;
}
