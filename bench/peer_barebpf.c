/* The barebpf peer: the object loaded and the rings read through barebpf.h,
 * as any embedder would. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#include "barebpf.h"

/* Records the reader judged corrupt and skipped (bb_events_corrupt); the
 * driver reports them as misparses. */
unsigned long bench_bb_ring_warnings;

static void bb_log_sink(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx;
	if (level <= BB_LOG_WARN)
		fprintf(stderr, "bench: barebpf: %s\n", msg);
}

struct bb_state {
	struct bb_loader *l;
	struct bb_events *ev;
	size_t stats;
	void *tally;
	uint64_t lost_cb;
	__u64 corrupt_seen;
};

/* The driver compares the count before and after a run. */
static int note_corrupt(struct bb_state *s, int ret)
{
	__u64 now = bb_events_corrupt(s->ev);

	bench_bb_ring_warnings += (unsigned long)(now - s->corrupt_seen);
	s->corrupt_seen = now;
	return ret;
}

static int bb_sample(void *ctx, int cpu, const void *data, size_t size)
{
	struct bb_state *s = ctx;

	(void)cpu;
	return bench_on_sample(s->tally, data, size);
}

static void bb_lost(void *ctx, int cpu, __u64 lost)
{
	struct bb_state *s = ctx;

	(void)cpu;
	s->lost_cb += lost;
	bench_on_lost(s->tally, lost);
}

static void bb_teardown(void *state)
{
	struct bb_state *s = state;

	if (!s)
		return;
	/* Detach first, so nothing writes to rings being unmapped. */
	if (s->l)
		bb_loader_detach(s->l);
	bb_events_free(s->ev);
	bb_loader_free(s->l);
	free(s);
}

static int map_index(const struct bb_object *o, const char *name)
{
	int i = bb_object_find_map(o, name);

	if (i < 0)
		fprintf(stderr, "bench: barebpf: no map '%s' in the object\n", name);
	return i;
}

static int bb_setup(const struct bench_cfg *cfg, void *tally, void **out)
{
	const char *prog_name = cfg->mode == MODE_PERF ? "produce_perf" : "produce_ringbuf";
	struct bb_state *s = calloc(1, sizeof(*s));
	struct bb_object *o;
	char assign[64];
	int err, rb, perf, st, prog;
	unsigned int order = 0;

	if (!s)
		return -ENOMEM;
	s->tally = tally;
	bb_set_log(bb_log_sink, NULL);
	if ((err = bb_object_open_file(cfg->obj_path, &o)))
		goto fail;
	snprintf(assign, sizeof(assign), "target_tid=%d", (int)cfg->tid);
	if ((err = bb_object_set_global(o, assign))) {
		bb_object_free(o);
		goto fail;
	}
	rb = map_index(o, "rb");
	perf = map_index(o, "perf_events");
	st = map_index(o, "stats");
	prog = bb_object_find_prog(o, prog_name);
	if (prog < 0)
		fprintf(stderr, "bench: barebpf: no program '%s'\n", prog_name);
	if (rb < 0 || perf < 0 || st < 0 || prog < 0) {
		bb_object_free(o);
		err = -ENOENT;
		goto fail;
	}
	bb_object_set_max_entries(o, (size_t)rb, (__u32)cfg->ringbuf_bytes);
	if ((err = bb_loader_new(o, NULL, &s->l)) || (err = bb_loader_load(s->l)))
		goto fail;
	s->stats = (size_t)st;
	if ((err = bb_events_new(bb_sample, bb_lost, s, &s->ev)))
		goto fail;
	if (cfg->mode == MODE_PERF) {
		while ((1u << order) < cfg->perf_pages)
			order++;
		err = bb_events_add_perf(s->ev, bb_loader_map_fd(s->l, (size_t)perf), "perf_events",
					 order);
	} else {
		err = bb_events_add_ringbuf(s->ev, bb_loader_map_fd(s->l, (size_t)rb), "rb");
	}
	if (err)
		goto fail;
	if ((err = bb_loader_attach_prog(s->l, (size_t)prog, NULL)))
		goto fail;
	*out = s;
	return 0;
fail:
	fprintf(stderr, "bench: barebpf: setup failed: %s\n", strerror(err < 0 ? -err : err));
	bb_teardown(s);
	return err < 0 ? err : -EINVAL;
}

static int bb_poll(void *state, int timeout_ms)
{
	struct bb_state *s = state;

	return note_corrupt(s, bb_events_poll(s->ev, timeout_ms));
}

static int bb_consume(void *state)
{
	struct bb_state *s = state;

	return note_corrupt(s, bb_events_consume(s->ev));
}

static int bb_read_stats(void *state, struct bench_stats *out)
{
	__u32 zero = 0;

	struct bb_state *s = state;

	return bb_map_lookup(s->l, s->stats, &zero, out);
}

/* bb_events_lost, checked against what on_lost was told. */
static int64_t bb_reader_lost(void *state)
{
	struct bb_state *s = state;
	__u64 lost = bb_events_lost(s->ev);

	if (lost != s->lost_cb)
		fprintf(stderr, "bench: barebpf: bb_events_lost() says %llu, on_lost was told %llu\n",
			(unsigned long long)lost, (unsigned long long)s->lost_cb);
	return (int64_t)lost;
}

const struct peer peer_barebpf = {
	.name = "barebpf",
	.setup = bb_setup,
	.poll = bb_poll,
	.consume = bb_consume,
	.read_stats = bb_read_stats,
	.reader_lost = bb_reader_lost,
	.teardown = bb_teardown,
};
