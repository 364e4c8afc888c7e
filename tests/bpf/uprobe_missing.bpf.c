/* A uprobe on a symbol /bin/sh does not have: a clear error, nothing written. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("uprobe//bin/bash:barebpf_no_such_symbol")
int on_missing(void *ctx)
{
	return 0;
}
