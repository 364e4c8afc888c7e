#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "show.h"
#include "trace.h"

double show_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put_clock(void)
{
	char buf[16];
	time_t now = time(NULL);
	struct tm tm;

	strftime(buf, sizeof(buf), "%H:%M:%S", localtime_r(&now, &tm));
	fputs(buf, stdout);
}

/* Member i's name, from BTF or the DWARF record. */
static int member_name(const struct show *s, size_t i, const char **name)
{
	struct bb_member_info m;
	int err;

	if (s->record)
		return bb_record_member(s->record, i, name);
	if ((err = bb_type_member(s->obj, s->event_type, i, &m)))
		return err;
	*name = m.name;
	return 0;
}

void show_header(struct show *s)
{
	const char *name;
	int any = 0;

	if (s->json || s->header_done || (!s->event_type && !s->record))
		return;
	s->header_done = 1;
	if (s->timestamp)
		fputs("TIME    ", stdout);
	for (size_t i = 0; !member_name(s, i, &name); i++) {
		if (!*name)
			continue;
		fputs(any++ || s->timestamp ? " " : "", stdout);
		for (const char *c = name; *c; c++)
			putchar(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
	}
	putchar('\n');
}

/* No event struct in BTF: the one of this record's size in DWARF, looked up
 * once per size (a perf record is padded to 8 bytes: up to 7 more). */
static void find_record(struct show *s, int cpu, size_t size)
{
	if (s->event_type || !s->path || !(bb_features() & BB_FEATURE_DWARF) ||
	    (s->record && !s->record_size) || s->record_size == size)
		return;
	bb_record_type_free(s->record);
	s->record = NULL;
	s->record_size = size;
	for (size_t pad = 0; pad < (cpu >= 0 ? 8 : 1) && pad < size; pad++)
		if (bb_dwarf_record_type(s->path, size - pad, NULL, &s->record) != -ENOENT)
			break;
	show_header(s);
}

static void put_json_str(const char *p, size_t n)
{
	char tmp[4096];

	if (n >= sizeof(tmp))
		n = sizeof(tmp) - 1;
	memcpy(tmp, p, n);
	tmp[n] = '\0';
	fputs(show_str(tmp, BB_ESC_JSON), stdout);
}

void show_trace_line(void *ctx, const char *line)
{
	const struct show *s = ctx;
	struct trace_line t;

	if (!s->json) {
		puts(line);
		return;
	}
	fputs("{\"trace\": ", stdout);
	put_json_str(line, strlen(line));
	if (!trace_parse(line, &t)) {
		fputs(", \"task\": ", stdout);
		put_json_str(t.task, t.task_len);
		printf(", \"pid\": %ld, \"cpu\": %d, \"ts\": %.*s, \"msg\": ", t.pid, t.cpu,
		       (int)t.ts_len, t.ts);
		put_json_str(t.msg, strlen(t.msg));
	}
	puts("}");
}

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

static void put_event(const struct show *s, const void *data, size_t size)
{
	char *text;

	if (s->record && !bb_format_record(s->record, data, size, s->json ? BB_FMT_JSON : 0,
					   &text)) {
		fputs(text, stdout);
		free(text);
		return;
	}
	put_value(s, s->event_type, data, size);
}

int show_event(void *ctx, int cpu, const void *data, size_t size)
{
	struct show *s = ctx;

	const char *map = s->ev ? bb_events_ring_name(s->ev) : NULL;

	s->events++;
	find_record(s, cpu, size);
	if (s->json) {
		fputs("{\"event\": ", stdout);
		put_event(s, data, size);
		printf(", \"map\": %s", show_str(map ? map : "", BB_ESC_JSON));
		if (cpu >= 0)
			printf(", \"cpu\": %d", cpu);
		printf(", \"ts\": %.6f}\n", show_now());
		return 0;
	}
	if (s->timestamp) {
		put_clock();
		putchar(' ');
	}
	put_event(s, data, size);
	putchar('\n');
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

/* Every entry of the map, keys and values side by side, n of them. */
static int read_all(const struct bb_loader *l, size_t map, const struct bb_map_info *m,
		    size_t vsize, unsigned char **keys, unsigned char **values, size_t *n)
{
	size_t cap = 0;
	unsigned char *k = calloc(1, m->key_size + 1), *v = calloc(1, vsize + 1);
	int first = 1, err = k && v ? 0 : -ENOMEM;

	*keys = *values = NULL;
	*n = 0;
	while (!err && !bb_map_next_key(l, map, first ? NULL : k, k)) {
		first = 0;
		if (bb_map_lookup(l, map, k, v))
			continue;
		if (*n == cap) {
			unsigned char *nk, *nv;

			cap = cap ? 2 * cap : 64;
			nk = realloc(*keys, cap * m->key_size + 1);
			nv = nk ? realloc(*values, cap * vsize + 1) : NULL;
			if (nk)
				*keys = nk;
			if (!nv) {
				err = -ENOMEM;
				break;
			}
			*values = nv;
		}
		memcpy(*keys + *n * m->key_size, k, m->key_size);
		memcpy(*values + *n * vsize, v, vsize);
		(*n)++;
	}
	free(k);
	free(v);
	return err;
}

/* Entries sorted by their key's bytes, so two dumps line up. */
static void show_kv_map(const struct show *s, const struct bb_loader *l, size_t map,
			const struct bb_map_info *m)
{
	struct entry e = { .map = map, .m = m };
	unsigned char *keys = NULL, *values = NULL;
	size_t shown = 0, zero = 0, n = 0, vsize, *order = NULL;

	if (bb_map_value_size(l, map, &e.ncpu, &e.stride))
		return;
	vsize = e.ncpu * e.stride;
	if (!read_all(l, map, m, vsize, &keys, &values, &n) &&
	    (order = malloc((n ? n : 1) * sizeof(*order)))) {
		sort_keys(keys, n, m->key_size, order);
		for (size_t i = 0; i < n; i++) {
			e.key = keys + order[i] * m->key_size;
			e.value = values + order[i] * vsize;
			/* Arrays hold every index; the zero ones say nothing. */
			if (is_array(m->type) && all_zero(e.value, vsize)) {
				zero++;
				continue;
			}
			show_entry(s, &e);
			shown++;
		}
	}
	if (!s->json && !shown)
		printf("%s: empty%s\n", show_str(m->name, 0), zero ? " (all entries zero)" : "");
	free(order);
	free(keys);
	free(values);
}

/* In the --maps list "a,b,c"? */
static int listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p; p = strchr(p, ','), p += p ? 1 : 0)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

/* The rule: --no-maps shows nothing, --maps only what it names; by default
 * every map and global but the unused_* globals (the unused_event trick). */
static int wanted(const struct show *s, const char *name, int is_global)
{
	if (s->no_maps)
		return 0;
	if (s->maps)
		return listed(s->maps, name);
	return !(is_global && !strncmp(name, "unused_", 7));
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
		    v.offset > m->value_size || v.size > m->value_size - v.offset ||
		    !wanted(s, v.name, 1))
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

static void snapshot_line(struct show *s)
{
	s->snapshots++;
	if (s->json) {
		printf("{\"snapshot\": %lu, \"ts\": %.6f}\n", s->snapshots, show_now());
		return;
	}
	fputs("--- ", stdout);
	put_clock();
	puts(" ---");
}

/* Is map i one show_maps dumps (a global-data map: with a variable to show)? */
static int dumped(const struct show *s, const struct bb_loader *l, size_t i,
		  const struct bb_map_info *m)
{
	struct bb_var_info v;

	if (bb_loader_map_fd(l, i) < 0)
		return 0;
	if (m->origin != BB_MAP_DATA)
		return is_kv(m->type) && wanted(s, m->name, 0);
	for (size_t j = 0; !m->frozen && !bb_object_var(s->obj, j, &v); j++)
		if (v.map == i && !strchr(v.name, '.') && wanted(s, v.name, 1))
			return 1;
	return 0;
}

/* A time line (or {"snapshot": N}) when there is anything to dump, then it. */
void show_maps(struct show *s, const struct bb_loader *l)
{
	struct bb_object_info oi;
	struct bb_map_info m;
	int any = 0;

	bb_object_info(s->obj, &oi);
	for (size_t i = 0; !s->no_maps && i < oi.nr_maps; i++) {
		if (bb_object_map(s->obj, i, &m) || !dumped(s, l, i, &m))
			continue;
		if (!any++)
			snapshot_line(s);
		if (m.origin == BB_MAP_DATA)
			show_globals(s, l, i, &m);
		else
			show_kv_map(s, l, i, &m);
	}
	fflush(stdout);
}
