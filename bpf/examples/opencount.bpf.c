// SPDX-License-Identifier: GPL-2.0
/*
 * Counts openat() calls per process in a hash map and prints each file name.
 * Exercises a BTF-defined map and the .rodata, .data and .bss sections.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* Layout of tracepoint/syscalls/sys_enter_* records (see the tracepoint's
 * format file); private name so it cannot clash with vmlinux.h. */
struct syscall_enter_ctx {
	unsigned short common_type;
	unsigned char common_flags;
	unsigned char common_preempt_count;
	int common_pid;
	long id;
	unsigned long args[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

const volatile __u32 pid_target = 0;	/* .rodata: set by the loader, 0 = all */
int enabled = 1;			/* .data */
__u64 total_events;			/* .bss */

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat(struct syscall_enter_ctx *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *count;
	char fname[64];

	if (!enabled)
		return 0;
	if (pid_target && pid_target != tgid)
		return 0;

	count = bpf_map_lookup_elem(&counts, &tgid);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&counts, &tgid, &one, BPF_NOEXIST);
	__sync_fetch_and_add(&total_events, 1);

	/* openat(dfd, filename, flags, mode) */
	if (bpf_probe_read_user_str(fname, sizeof(fname),
				    (const void *)ctx->args[1]) > 0)
		bpf_printk("opencount: tgid %d file %s", tgid, fname);
	return 0;
}
