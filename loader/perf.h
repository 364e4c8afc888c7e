/* perf_event_open and the ioctls that tie a BPF program to a perf event. */
#ifndef BAREBPF_PERF_H
#define BAREBPF_PERF_H

#include <linux/types.h>

/* Opens a PERF_TYPE_TRACEPOINT event (a tracepoint or a kprobe/uprobe event id). */
int perf_tracepoint_open(__u64 id, int pid, int cpu);
/* Opens a PERF_COUNT_SW_BPF_OUTPUT event on cpu, the target of
 * bpf_perf_event_output: waking its reader at every sample (watermark 0), or
 * each time watermark more bytes are in its ring. */
int perf_output_open(int cpu, __u32 watermark);
/* Sends perf_fd's samples into the ring mmap'd on ring_fd (same CPU). */
int perf_set_output(int perf_fd, int ring_fd);
int perf_set_bpf(int perf_fd, int prog_fd);
int perf_enable(int perf_fd);
int perf_disable(int perf_fd);

#endif
