/* ksyscall/kretsyscall: barebpf resolves the syscall to this kernel's function. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("ksyscall/unlinkat")
int on_unlinkat(struct pt_regs *ctx)
{
	bpf_printk("ksyscall: unlinkat pid %d", (int)(bpf_get_current_pid_tgid() >> 32));
	return 0;
}

SEC("kretsyscall/unlinkat")
int on_unlinkat_ret(struct pt_regs *ctx)
{
	bpf_printk("kretsyscall: unlinkat ret %ld", (long)PT_REGS_RC(ctx));
	return 0;
}
