/* The libbpf peer, the one we measure against: the same object loaded with
 * bpf_object__open_file/load, read with perf_buffer or ring_buffer. Only the
 * benchmark links libbpf; barebpf never does. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bench.h"

struct lb_state {
	struct bpf_object *obj;
	struct bpf_link *link;
	struct perf_buffer *pb;
	struct ring_buffer *rb;
	int stats_fd;
	void *tally;
	uint64_t lost_cb;
};

static int lb_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || level == LIBBPF_INFO)
		return 0;
	fprintf(stderr, "bench: libbpf: ");
	return vfprintf(stderr, fmt, ap);
}

static void lb_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct lb_state *s = ctx;

	(void)cpu;
	bench_on_sample(s->tally, data, size);
}

static void lb_perf_lost(void *ctx, int cpu, __u64 cnt)
{
	struct lb_state *s = ctx;

	(void)cpu;
	s->lost_cb += cnt;
	bench_on_lost(s->tally, cnt);
}

static int lb_rb_sample(void *ctx, void *data, size_t size)
{
	struct lb_state *s = ctx;

	return bench_on_sample(s->tally, data, size);
}

static void lb_teardown(void *state)
{
	struct lb_state *s = state;

	if (!s)
		return;
	bpf_link__destroy(s->link);
	perf_buffer__free(s->pb);
	ring_buffer__free(s->rb);
	bpf_object__close(s->obj);
	free(s);
}

/* Writes a __u32 global of .rodata, found through the object's BTF. */
static int set_rodata_u32(struct bpf_object *obj, const char *name, __u32 value)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, ".rodata");
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	const void *cur;
	size_t size;
	int id;

	if (!map || !btf || !(cur = bpf_map__initial_value(map, &size)))
		return -ENOENT;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return id;
	sec = btf__type_by_id(btf, (__u32)id);
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (strcmp(btf__name_by_offset(btf, var->name_off), name))
			continue;
		char *data;
		int err;

		if (vs->size != sizeof(value) || vs->offset + sizeof(value) > size)
			return -EINVAL;
		/* A copy, changed, then handed back: the ordinary API for it. */
		if (!(data = malloc(size)))
			return -ENOMEM;
		memcpy(data, cur, size);
		memcpy(data + vs->offset, &value, sizeof(value));
		err = bpf_map__set_initial_value(map, data, size);
		free(data);
		return err;
	}
	return -ENOENT;
}

static int lb_setup(const struct bench_cfg *cfg, void *tally, void **out)
{
	const char *prog_name = cfg->mode == MODE_PERF ? "produce_perf" : "produce_ringbuf";
	struct lb_state *s = calloc(1, sizeof(*s));
	struct bpf_program *prog;
	struct bpf_map *rb, *perf, *st;
	int err;

	if (!s)
		return -ENOMEM;
	s->tally = tally;
	libbpf_set_print(lb_print);
	s->obj = bpf_object__open_file(cfg->obj_path, NULL);
	if (!s->obj) {
		err = -errno;
		goto fail;
	}
	if ((err = set_rodata_u32(s->obj, "target_tid", (__u32)cfg->tid)))
		goto fail;
	rb = bpf_object__find_map_by_name(s->obj, "rb");
	perf = bpf_object__find_map_by_name(s->obj, "perf_events");
	st = bpf_object__find_map_by_name(s->obj, "stats");
	prog = bpf_object__find_program_by_name(s->obj, prog_name);
	if (!rb || !perf || !st || !prog) {
		err = -ENOENT;
		goto fail;
	}
	if ((err = bpf_map__set_max_entries(rb, (__u32)cfg->ringbuf_bytes)))
		goto fail;
	if ((err = bpf_object__load(s->obj)))
		goto fail;
	s->stats_fd = bpf_map__fd(st);
	if (cfg->mode == MODE_PERF) {
		s->pb = perf_buffer__new(bpf_map__fd(perf), cfg->perf_pages, lb_perf_sample,
					 lb_perf_lost, s, NULL);
		if (!s->pb) {
			err = -errno;
			goto fail;
		}
	} else {
		s->rb = ring_buffer__new(bpf_map__fd(rb), lb_rb_sample, s, NULL);
		if (!s->rb) {
			err = -errno;
			goto fail;
		}
	}
	s->link = bpf_program__attach(prog);
	if (!s->link) {
		err = -errno;
		goto fail;
	}
	*out = s;
	return 0;
fail:
	fprintf(stderr, "bench: libbpf: setup failed: %s\n", strerror(err < 0 ? -err : err));
	lb_teardown(s);
	return err < 0 ? err : -EINVAL;
}

static int lb_poll(void *state, int timeout_ms)
{
	struct lb_state *s = state;

	return s->pb ? perf_buffer__poll(s->pb, timeout_ms) : ring_buffer__poll(s->rb, timeout_ms);
}

static int lb_consume(void *state)
{
	struct lb_state *s = state;

	return s->pb ? perf_buffer__consume(s->pb) : ring_buffer__consume(s->rb);
}

static int lb_read_stats(void *state, struct bench_stats *out)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(((struct lb_state *)state)->stats_fd, &zero, out) ? -errno : 0;
}

static int64_t lb_reader_lost(void *state)
{
	return (int64_t)((struct lb_state *)state)->lost_cb;
}

const struct peer peer_libbpf = {
	.name = "libbpf",
	.setup = lb_setup,
	.poll = lb_poll,
	.consume = lb_consume,
	.read_stats = lb_read_stats,
	.reader_lost = lb_reader_lost,
	.teardown = lb_teardown,
};
