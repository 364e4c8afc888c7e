/* The event readers over memory the caller owns: what the fuzz target and the
 * unit tests drive, with the same consume code as the mmap'd rings. */
#ifndef BAREBPF_RING_H
#define BAREBPF_RING_H

#include <stddef.h>

struct bb_events;

/* Adds a ring read by bb_events_consume and never unmapped. A perf ring:
 * meta is a struct perf_event_mmap_page (data_head, data_tail), data its
 * data_size bytes. A BPF ring buffer (bpf_ringbuf): meta holds the producer
 * position, consumer the consumer position, and data 2 * data_size bytes, the
 * ring twice in a row as the kernel maps it. data_size is a power of two.
 * Never polled: bb_events_poll does not see it. 0 or -errno. */
int bb_events_add_mem(struct bb_events *ev, int bpf_ringbuf, void *meta, void *consumer,
		      const void *data, size_t data_size, int cpu);

#endif
