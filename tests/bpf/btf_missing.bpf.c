// SPDX-License-Identifier: GPL-2.0
/* Targets the kernel's BTF does not have: each must fail with a message that
 * names the program, the target and what was looked for. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("fentry/barebpf_no_such_function")
int fentry_missing(void *ctx)
{
	return 0;
}

SEC("tp_btf/barebpf_no_such_tracepoint")
int tp_btf_missing(void *ctx)
{
	return 0;
}

SEC("iter/barebpf_no_such_iterator")
int iter_missing(void *ctx)
{
	return 0;
}
