/* Events of every size from 4 to 255 bytes, each carrying its sequence number
 * and a known byte pattern, into both a perf event array and a ring buffer:
 * the readers must deliver each one intact wherever it falls in the ring. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16384);
} rb SEC(".maps");

const volatile __u32 target_tgid;
__u32 produced;
__u64 perf_failed, rb_dropped;

SEC("tp/syscalls/sys_enter_getpid")
int emit(void *ctx)
{
	__u8 buf[256];
	__u32 n;
	__u64 len;

	if (bpf_get_current_pid_tgid() >> 32 != target_tgid)
		return 0;
	n = produced++; /* one single-threaded producer: no atomics needed */
	len = ((n * 37) & 0xff) | 4; /* 4 to 255 bytes, in an order that jumps about */
#pragma clang loop unroll(full)
	for (int j = 4; j < 256; j++)
		buf[j] = (__u8)(n + j);
	*(__u32 *)buf = n;
	if (bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, buf, len))
		perf_failed++;
	if (bpf_ringbuf_output(&rb, buf, len, 0))
		rb_dropped++;
	return 0;
}
