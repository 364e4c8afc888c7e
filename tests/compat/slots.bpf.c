// SPDX-License-Identifier: GPL-2.0
/* What libbpf sets up before a program runs, written as the kernel's
 * selftests and libbpf-bootstrap write it: a prog array and a map of maps
 * whose slots __array(values, ...) fills at load, a ring buffer sized below
 * a page (libbpf rounds it up), and a SEC("?...") program that is not loaded
 * unless asked (the verifier would refuse it). kill(2) of the pid given in
 * target_pid runs them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

const volatile int target_pid;
long tail_runs, inner_seen, ring_sent;

SEC("tracepoint")
int tail(void *ctx)
{
	__sync_fetch_and_add(&tail_runs, 1);
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jump SEC(".maps") = {
	.values = { [2] = (void *)&tail },
};

struct inner_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, long);
} inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [1] = &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 2);
} small_ring SEC(".maps");

SEC("tp/syscalls/sys_enter_kill")
int on_kill(void *ctx)
{
	__u32 one = 1, zero = 0;
	long *v, *slot;
	void *inner;

	if ((bpf_get_current_pid_tgid() >> 32) != target_pid)
		return 0;
	inner = bpf_map_lookup_elem(&outer, &one);
	/* No fetching atomics (BPF_FETCH): kernels before 5.12 refuse them. */
	if (inner && (v = bpf_map_lookup_elem(inner, &zero))) {
		__sync_fetch_and_add(v, 1);
		__sync_fetch_and_add(&inner_seen, 1);
	}
	slot = bpf_ringbuf_reserve(&small_ring, sizeof(*slot), 0);
	if (slot) {
		*slot = target_pid;
		bpf_ringbuf_submit(slot, 0);
		__sync_fetch_and_add(&ring_sent, 1);
	}
	bpf_tail_call(ctx, &jump, 2);
	return 0;
}

/* Autoload off: a program the verifier refuses, as selftests keep them. */
SEC("?tp/syscalls/sys_enter_kill")
int refused(void *ctx)
{
	return *(char *)(long)bpf_get_current_pid_tgid();
}
