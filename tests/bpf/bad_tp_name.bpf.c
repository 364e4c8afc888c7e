/* A tracepoint name that tries to leave the events directory. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tracepoint/../../trace_pipe")
int escape(void *ctx)
{
	return 0;
}
