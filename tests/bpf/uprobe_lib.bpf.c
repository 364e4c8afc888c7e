/* A uprobe by library name: libc.so.6 found the way ld.so finds it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

long getpid_calls;

SEC("uprobe/libc.so.6:getpid")
int on_getpid(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&getpid_calls, 1);
	return 0;
}
