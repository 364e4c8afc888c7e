/* A program in a section barebpf does not know: load must refuse it by name. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("mystery/thing")
int in_mystery(void *ctx)
{
	return 0;
}
