#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "show.h"

const char *show_str(const char *name, unsigned int flags)
{
	static char buf[4][512];
	static int next;
	char *out = buf[next++ % 4];

	bb_escape(out, sizeof(buf[0]), name, flags);
	return out;
}

/* A value through the object's BTF; a hex dump is the library's fallback. */
static void put_value(const struct show *s, __u32 type, const void *data, size_t size)
{
	char *text;

	if (bb_format_value(s->obj, type, data, size, s->json ? BB_FMT_JSON : 0, &text)) {
		fputs(s->json ? "null" : "?", stdout);
		return;
	}
	fputs(text, stdout);
	free(text);
}

int show_event(void *ctx, int cpu, const void *data, size_t size)
{
	struct show *s = ctx;

	s->events++;
	if (s->json)
		printf("{\"cpu\":%d,\"event\":", cpu);
	put_value(s, s->event_type, data, size);
	puts(s->json ? "}" : "");
	return 0;
}

void show_lost(void *ctx, int cpu, __u64 lost)
{
	const struct show *s = ctx;

	if (s->json)
		printf("{\"cpu\":%d,\"lost\":%llu}\n", cpu, (unsigned long long)lost);
	else
		fprintf(stderr, "barebpf: CPU %d: %llu events lost (ring full; try --pages)\n", cpu,
			(unsigned long long)lost);
}

static const char *hist_label(const char *map)
{
	return strstr(map, "usec") ? "usecs" : strstr(map, "nsec") ? "nsecs" :
	       strstr(map, "msec") ? "msecs" : "value";
}

/* One map entry; the value is ncpu copies a stride apart (per-CPU maps). */
struct entry {
	size_t map;
	const struct bb_map_info *m;
	const void *key, *value;
	size_t ncpu, stride;
};

static void show_hist(const struct show *s, const struct entry *e,
		      const unsigned long long *slots, size_t nr)
{
	char *text;

	if (s->json) {
		printf("{\"map\":%s,\"key\":", show_str(e->m->name, BB_ESC_JSON));
		put_value(s, e->m->btf_key_type_id, e->key, e->m->key_size);
		fputs(",\"log2_slots\":[", stdout);
		for (size_t i = 0; i < nr; i++)
			printf("%s%llu", i ? "," : "", slots[i]);
		puts("]}");
		return;
	}
	printf("map %s, key ", show_str(e->m->name, 0));
	put_value(s, e->m->btf_key_type_id, e->key, e->m->key_size);
	putchar('\n');
	if (!bb_format_log2_hist(slots, nr, hist_label(e->m->name), &text)) {
		fputs(text, stdout);
		free(text);
	}
}

/* One value, or for per-CPU maps a list of them, [cpu0, cpu1, ...]. */
static void put_values(const struct show *s, const struct entry *e)
{
	const unsigned char *v = e->value;

	if (e->ncpu == 1) {
		put_value(s, e->m->btf_value_type_id, v, e->m->value_size);
		return;
	}
	putchar('[');
	for (size_t cpu = 0; cpu < e->ncpu; cpu++) {
		fputs(cpu ? (s->json ? "," : ", ") : "", stdout);
		put_value(s, e->m->btf_value_type_id, v + cpu * e->stride, e->m->value_size);
	}
	putchar(']');
}

static void show_entry(const struct show *s, const struct entry *e)
{
	unsigned long long *slots;
	size_t nr;

	if (!bb_map_histogram(s->obj, e->map, e->value, e->ncpu, e->stride, &slots, &nr)) {
		show_hist(s, e, slots, nr);
		free(slots);
		return;
	}
	if (s->json) {
		printf("{\"map\":%s,\"key\":", show_str(e->m->name, BB_ESC_JSON));
		put_value(s, e->m->btf_key_type_id, e->key, e->m->key_size);
		fputs(",\"value\":", stdout);
		put_values(s, e);
		puts("}");
	} else {
		printf("%s[", show_str(e->m->name, 0));
		put_value(s, e->m->btf_key_type_id, e->key, e->m->key_size);
		fputs("] = ", stdout);
		put_values(s, e);
		putchar('\n');
	}
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static int is_array(__u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static void show_kv_map(const struct show *s, const struct bb_loader *l, size_t map,
			const struct bb_map_info *m)
{
	struct entry e = { .map = map, .m = m };
	unsigned char *key = NULL, *next = NULL, *data = NULL;
	size_t shown = 0, zero = 0;
	int first = 1;

	if (bb_map_value_size(l, map, &e.ncpu, &e.stride))
		return;
	key = calloc(1, m->key_size + 1);
	next = calloc(1, m->key_size + 1);
	data = calloc(e.ncpu, e.stride + 1);
	e.key = key;
	e.value = data;
	while (key && next && data && !bb_map_next_key(l, map, first ? NULL : key, next)) {
		first = 0;
		memcpy(key, next, m->key_size);
		if (bb_map_lookup(l, map, key, data))
			continue;
		/* Arrays hold every index; the zero ones say nothing. */
		if (is_array(m->type) && all_zero(data, e.ncpu * e.stride)) {
			zero++;
			continue;
		}
		show_entry(s, &e);
		shown++;
	}
	if (!s->json && !shown)
		printf("%s: empty%s\n", show_str(m->name, 0), zero ? " (all entries zero)" : "");
	free(key);
	free(next);
	free(data);
}

static void show_globals(const struct show *s, const struct bb_loader *l, size_t map,
			 const struct bb_map_info *m)
{
	unsigned char *value = calloc(1, m->value_size);
	struct bb_object_info oi;
	struct bb_var_info v;
	__u32 zero = 0;

	bb_object_info(s->obj, &oi);
	if (!value || bb_map_lookup(l, map, &zero, value)) {
		free(value);
		return;
	}
	for (size_t i = 0; i < oi.nr_vars; i++) {
		if (bb_object_var(s->obj, i, &v) || v.map != map || strchr(v.name, '.') ||
		    v.offset > m->value_size || v.size > m->value_size - v.offset)
			continue;
		if (s->json)
			printf("{\"global\":%s,\"value\":", show_str(v.name, BB_ESC_JSON));
		else
			printf("%s = ", show_str(v.name, 0));
		put_value(s, v.btf_type_id, value + v.offset, v.size);
		puts(s->json ? "}" : "");
	}
	free(value);
}

static int is_kv(__u32 type)
{
	return type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_HASH || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

void show_maps(const struct show *s, const struct bb_loader *l)
{
	struct bb_object_info oi;
	struct bb_map_info m;

	bb_object_info(s->obj, &oi);
	for (size_t i = 0; i < oi.nr_maps; i++) {
		if (bb_object_map(s->obj, i, &m) || bb_loader_map_fd(l, i) < 0)
			continue;
		if (m.origin == BB_MAP_DATA) {
			if (!m.frozen)
				show_globals(s, l, i, &m);
		} else if (is_kv(m.type)) {
			show_kv_map(s, l, i, &m);
		}
	}
	fflush(stdout);
}
