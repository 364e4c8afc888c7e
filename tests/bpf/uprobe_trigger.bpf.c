/* uprobe and uretprobe on the test trigger inside the VM (/payload/trigger). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("uprobe//payload/trigger:bb_trigger_point")
int BPF_KPROBE(on_point, int n)
{
	bpf_printk("uprobe: point n %d", n);
	return 0;
}

SEC("uretprobe//payload/trigger:bb_trigger_point")
int BPF_KRETPROBE(on_point_ret, int ret)
{
	bpf_printk("uretprobe: point ret %d", ret);
	return 0;
}
