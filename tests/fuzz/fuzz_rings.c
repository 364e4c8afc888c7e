/* Perf rings and BPF ring buffers with random headers and positions, read by
 * the same consume code as the mmap'd rings. Every buffer is allocated to its
 * exact size so that ASan sees any read outside the ring.
 * Input: [kind+order byte][8 bytes head/prod][8 bytes tail/cons][ring bytes] */
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "ring.h"

static void quiet(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx, (void)level, (void)msg;
}

/* Touches every byte delivered, so an out-of-ring sample is seen. */
static int on_event(void *ctx, int cpu, const void *data, size_t size)
{
	const unsigned char *p = data;
	unsigned long *sum = ctx;

	(void)cpu;
	for (size_t i = 0; i < size; i++)
		*sum += p[i];
	return 0;
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	(void)ctx, (void)cpu, (void)n;
}

static void run(int bpf, size_t ring, __u64 head, __u64 tail, const uint8_t *in, size_t n)
{
	struct perf_event_mmap_page *meta = calloc(1, sizeof(*meta));
	unsigned long *prod = malloc(sizeof(*prod)), *cons = malloc(sizeof(*cons)), sum = 0;
	unsigned char *data = malloc(bpf ? 2 * ring : ring);
	struct bb_events *ev = NULL;

	if (!meta || !prod || !cons || !data || bb_events_new(on_event, on_lost, &sum, &ev))
		goto out;
	for (size_t i = 0; i < ring; i++)
		data[i] = n ? in[i % n] : 0;
	if (bpf)
		memcpy(data + ring, data, ring);
	meta->data_head = head;
	meta->data_tail = tail;
	*prod = (unsigned long)head;
	*cons = (unsigned long)tail;
	if (bb_events_add_mem(ev, bpf, bpf ? (void *)prod : (void *)meta, cons, data, ring, 0))
		goto out;
	bb_events_consume(ev);
	bb_events_consume(ev);
out:
	bb_events_free(ev);
	free(meta);
	free(prod);
	free(cons);
	free(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	__u64 head, tail;

	bb_set_log(quiet, NULL);
	if (size < 17)
		return 0;
	memcpy(&head, data + 1, 8);
	memcpy(&tail, data + 9, 8);
	/* Small positions most of the time, so records are reached, not skipped. */
	if (data[0] & 0x80) {
		head &= 0xffff;
		tail &= 0xffff;
	}
	run(data[0] & 1, (size_t)8 << ((data[0] >> 1) & 7), head, tail, data + 17, size - 17);
	return 0;
}
