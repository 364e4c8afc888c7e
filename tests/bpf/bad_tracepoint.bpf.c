/* Attaches to a tracepoint that does not exist: attach must fail cleanly. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tracepoint/nosuch_category/nosuch_event")
int on_nothing(void *ctx)
{
	return 0;
}
