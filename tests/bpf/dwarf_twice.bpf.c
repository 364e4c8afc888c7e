// SPDX-License-Identifier: GPL-2.0
/* Two stack-only event structs of one size: DWARF cannot tell which one a
 * record is, so barebpf says so and hex-dumps. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct open_event {
	__u32 pid;
	__u32 flags;
};
struct close_t {
	__u32 pid;
	__s32 fd;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb SEC(".maps");

SEC("tp/sched/sched_process_exec")
int on_exec(void *ctx)
{
	struct open_event o = { .flags = 1 };
	struct close_t c = { .fd = -1 };

	(void)ctx;
	o.pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	bpf_ringbuf_output(&rb, &o, sizeof(o), 0);
	if (o.pid == 1)
		bpf_ringbuf_output(&rb, &c, sizeof(c), 0);
	return 0;
}
