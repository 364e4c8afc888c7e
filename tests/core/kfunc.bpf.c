// SPDX-License-Identifier: GPL-2.0
/*
 * kfunc calls: bpf_lookup_system_key and bpf_key_put, which tracing
 * programs may call since Linux 6.1 (CONFIG_KEYS). They are declared weak
 * and called only where LINUX_KERNEL_VERSION and CONFIG_KEYS say the kernel
 * has them: the .kconfig map is read-only and frozen, so the verifier knows
 * the branch and drops the calls as dead code on another kernel, where the
 * loader has poisoned them. barebpf_no_such_kfunc is missing everywhere.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_KEYS __kconfig __weak;
extern struct bpf_key *bpf_lookup_system_key(__u64 id) __ksym __weak;
extern void bpf_key_put(struct bpf_key *key) __ksym __weak;
extern int barebpf_no_such_kfunc(int x) __ksym __weak;

int builtin_found = -1;	/* 1: the builtin keyring (id 0) was found */
int bogus_found = -1;	/* 0: a keyring id no kernel knows was not */
int never = -1;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(kfunc_keys, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct bpf_key *key;

	if (LINUX_KERNEL_VERSION < VERSION(6, 1, 0) || !CONFIG_KEYS)
		return 0;
	/* One NULL test per key: 6.1's verifier forgets that a tested kfunc
	 * pointer is not NULL and would see the second test's other branch leak it. */
	key = bpf_lookup_system_key(0);
	if (key) {
		builtin_found = 1;
		bpf_key_put(key);
	} else {
		builtin_found = 0;
	}
	key = bpf_lookup_system_key(1000);
	if (key) {
		bogus_found = 1;
		bpf_key_put(key);
	} else {
		bogus_found = 0;
	}
	if (LINUX_KERNEL_VERSION == 0)
		never = barebpf_no_such_kfunc(1);
	return 0;
}
