/* A kprobe on a function no kernel has: the kernel's refusal must be explained. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("kprobe/barebpf_no_such_function")
int on_missing(void *ctx)
{
	return 0;
}
