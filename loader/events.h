/* Reading what programs send to user space: the per-CPU perf rings behind a
 * BPF_MAP_TYPE_PERF_EVENT_ARRAY and the BPF ring buffer (BPF_MAP_TYPE_RINGBUF),
 * mmap'd and read directly, all waited on with one epoll. */
#ifndef BAREBPF_EVENTS_H
#define BAREBPF_EVENTS_H

#include <linux/types.h>
#include <stddef.h>

struct bb_events;

/* Called once per record; data is valid only during the call. A negative
 * return (-errno) stops the consume pass and is passed back to the caller. */
typedef int (*bb_event_fn)(void *ctx, int cpu, const void *data, size_t size);
/* Called when the kernel reports records it had to drop (perf rings only). */
typedef void (*bb_lost_fn)(void *ctx, int cpu, __u64 lost);

int bb_events_new(bb_event_fn on_event, bb_lost_fn on_lost, void *ctx, struct bb_events **out);
/* One perf event per online CPU, each with a ring of 2^page_order data pages,
 * its fd stored in the map at the CPU's index. */
int bb_events_add_perf(struct bb_events *ev, int map_fd, const char *name, unsigned int page_order);
int bb_events_add_ringbuf(struct bb_events *ev, int map_fd, const char *name);
/* Waits up to timeout_ms for data and consumes every ready ring. Returns the
 * number of records delivered, or -errno. */
int bb_events_poll(struct bb_events *ev, int timeout_ms);
/* Consumes every ring without waiting. */
int bb_events_consume(struct bb_events *ev);
/* The epoll fd: readable when some ring has data, for callers' own poll loops.
 * When your poll finds it readable, call bb_events_consume, not bb_events_poll:
 * a perf fd's readiness is used up by the first poll that sees it, and a full
 * ring sends no more wake-ups, so a second epoll could find nothing. */
int bb_events_fd(const struct bb_events *ev);
/* Records the perf rings reported lost. The kernel reports a loss in front
 * of the next record it manages to store, so a burst's losses show up only
 * once another record follows. Ring buffer losses are the BPF side's to count
 * (bpf_ringbuf_reserve fails); nothing reaches user space. */
__u64 bb_events_lost(const struct bb_events *ev);
void bb_events_free(struct bb_events *ev);

#endif
