// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_ksym_exists() on kfuncs, as libbpf 1.2's bpf_helpers.h spells it: the
 * address of a weak kfunc in an ld_imm64, 0 when the kernel lacks it (the
 * guarded call is then dead code). For one the kernel has, the ld_imm64
 * carries its BTF id: kernels before 6.4 take only variables there and
 * refuse the program, which barebpf explains.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#ifndef bpf_ksym_exists
#define bpf_ksym_exists(sym) (!!(sym))
#endif

extern struct bpf_key *bpf_lookup_system_key(__u64 id) __ksym __weak;
extern void bpf_key_put(struct bpf_key *key) __ksym __weak;
extern int barebpf_no_such_kfunc(int x) __ksym __weak;

int has_lookup = -1, has_missing = -1, builtin_found = -1;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(kfunc_exists, struct task_struct *p)
{
	struct bpf_key *key;

	has_lookup = bpf_ksym_exists(bpf_lookup_system_key);
	has_missing = bpf_ksym_exists(barebpf_no_such_kfunc);
	if (bpf_ksym_exists(barebpf_no_such_kfunc))
		has_missing = barebpf_no_such_kfunc(2);
	if (!bpf_ksym_exists(bpf_lookup_system_key) || !bpf_ksym_exists(bpf_key_put))
		return 0;
	key = bpf_lookup_system_key(0);
	if (key) {
		builtin_found = 1;
		bpf_key_put(key);
	} else {
		builtin_found = 0;
	}
	return 0;
}
