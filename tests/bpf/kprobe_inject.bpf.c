/* Section names that would add a second line or argument to kprobe_events and
 * uprobe_events: barebpf must refuse them before writing anything. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("kprobe/do_unlinkat\n-:othertool/keepme")
int newline(void *ctx)
{
	return 0;
}

SEC("kprobe/do_unlinkat arg1=%di")
int space(void *ctx)
{
	return 0;
}

SEC("uprobe//bin/sh x:main")
int path_space(void *ctx)
{
	return 0;
}
