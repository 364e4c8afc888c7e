// SPDX-License-Identifier: GPL-2.0
/*
 * Untyped .ksyms externs (const void): the loader writes the address from
 * /proc/kallsyms into the ld_imm64 itself. A weak one that no kernel has is
 * 0. The functions are text symbols, which kallsyms always lists. Each
 * address is kept as two 32-bit halves, which a shell can compare.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern const void schedule __ksym;
extern const void bpf_prog_put __ksym;
extern const void barebpf_no_such_symbol __ksym __weak;

__u32 schedule_hi, schedule_lo, prog_put_hi, prog_put_lo, missing_hi, missing_lo;

SEC("tracepoint/syscalls/sys_enter_getpid")
int ksym_addr(void *ctx)
{
	__u64 a = (__u64)&schedule, b = (__u64)&bpf_prog_put;
	__u64 c = (__u64)&barebpf_no_such_symbol;

	schedule_hi = a >> 32;
	schedule_lo = (__u32)a;
	prog_put_hi = b >> 32;
	prog_put_lo = (__u32)b;
	missing_hi = c >> 32;
	missing_lo = (__u32)c;
	return 0;
}
