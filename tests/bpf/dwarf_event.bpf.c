// SPDX-License-Identifier: GPL-2.0
/* An event struct built on the stack only: clang puts no BTF for it (no
 * global, no function signature uses it), only DWARF (-g). barebpf finds
 * it in .debug_info by the record's size and its name. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct exec_event {
	__u32 pid;
	__s32 delta;
	__u64 big;
	char comm[16];
};

/* Another struct of another size, and one of the same size whose name
 * fits neither rule: neither may be chosen. */
struct other_event {
	__u32 a;
};
struct same_size_not_ours {
	__u64 a, b, c, d;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb SEC(".maps");

SEC("tp/sched/sched_process_exec")
int on_exec(void *ctx)
{
	struct exec_event e = { .delta = -7, .big = 1ULL << 40 };
	struct other_event o = { .a = 1 };
	struct same_size_not_ours n = { 0 };

	(void)ctx;
	e.pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_ringbuf_output(&rb, &e, sizeof(e), 0);
	if (o.a == 2)
		bpf_ringbuf_output(&rb, &n, sizeof(n), 0);
	return 0;
}
