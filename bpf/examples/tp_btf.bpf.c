// SPDX-License-Identifier: GPL-2.0
/* tp_btf/sched_process_exec: a BTF-typed raw tracepoint. Its arguments are
 * the tracepoint's own (struct task_struct *p, pid_t old_pid, struct
 * linux_binprm *bprm); counts execs per pid in a hash map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} execs SEC(".maps");

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, void *task, int old_pid, void *bprm)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *n = bpf_map_lookup_elem(&execs, &pid);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&execs, &pid, &one, BPF_ANY);
	bpf_printk("tp_btf: exec pid %d old_pid %d", pid, old_pid);
	return 0;
}
