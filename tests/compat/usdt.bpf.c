// SPDX-License-Identifier: GPL-2.0
/* libbpf-bootstrap's usdt example, the way its users write it: vmlinux.h and
 * libbpf's own usdt.bpf.h, whose bpf_usdt_arg() and friends are __weak
 * __hidden global functions. The probes are tests/usdt_target.c's, the same
 * as tests/bpf/usdt.bpf.c (built with barebpf's header) reads. */
#include "vmlinux.h"
#include "compat.h"	/* arm64: usdt.bpf.h reads struct user_pt_regs */
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

long tick_hits, tick_sum_i, tick_sum_neg, tick_sum_s, tick_last_c, tick_argc;
long guarded_hits, guarded_sum_triple;

SEC("usdt//tmp/barebpf-usdt-target:barebpf:tick")
int BPF_USDT(on_tick, int i, long neg, short s, int c)
{
	__sync_fetch_and_add(&tick_hits, 1);
	__sync_fetch_and_add(&tick_sum_i, i);
	__sync_fetch_and_add(&tick_sum_neg, neg);
	__sync_fetch_and_add(&tick_sum_s, s);
	tick_last_c = c;
	tick_argc = bpf_usdt_arg_cnt(ctx);
	return 0;
}

SEC("usdt//tmp/barebpf-usdt-target:barebpf:guarded")
int BPF_USDT(on_guarded, int i, int triple)
{
	__sync_fetch_and_add(&guarded_hits, 1);
	__sync_fetch_and_add(&guarded_sum_triple, triple);
	return 0;
}
