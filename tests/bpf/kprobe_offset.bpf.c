/* kprobe/SYMBOL+OFFSET: the offset goes into the probe line as SYMBOL+OFFSET. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("kprobe/do_unlinkat+0")
int at_offset(void *ctx)
{
	bpf_printk("kprobe_offset: do_unlinkat+0 pid %d", (int)(bpf_get_current_pid_tgid() >> 32));
	return 0;
}
