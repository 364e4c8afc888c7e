/* Rejected after thousands of instructions: its verifier log outgrows the first
 * buffer, so the loader must grow it to show the log from its first line. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tracepoint/syscalls/sys_enter_getpid")
int big_log(void *ctx)
{
	volatile __u64 acc = 0;

#pragma clang loop unroll(full)
	for (int i = 0; i < 1500; i++)
		acc += i;
	return *(int *)(long)acc;
}
