#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "btf.h"
#include "btf_dump.h"
#include "hist.h"
#include "log.h"
#include "show.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int show_pick_event_type(struct show *s, const char *name)
{
	const struct bb_btf *btf = s->obj->btf;
	int id, found = 0;

	s->event_type = 0;
	if (!btf) {
		if (name)
			bb_err("--event-type '%s': %s has no BTF", name, s->obj->name);
		return name ? -ENOENT : 0;
	}
	id = bb_btf_find(btf, name ? name : "event", BTF_KIND_STRUCT);
	if (id > 0 || name) {
		if (id < 0)
			bb_err("--event-type '%s': no struct of that name in %s", name, s->obj->name);
		s->event_type = id > 0 ? (unsigned int)id : 0;
		return id > 0 ? 0 : -ENOENT;
	}
	for (unsigned int i = 1; i < bb_btf_count(btf); i++) {
		const struct btf_type *t = bb_btf_type(btf, i);
		const char *n = bb_btf_str(btf, t->name_off);

		if (bb_btf_kind(t) == BTF_KIND_STRUCT && (ends_with(n, "event") ||
							  ends_with(n, "event_t"))) {
			s->event_type = i;
			found++;
		}
	}
	if (found > 1)
		s->event_type = 0; /* ambiguous: a hex dump says so more honestly */
	return 0;
}

/* A name from the object as a JSON string; bytes outside ASCII are escaped so
 * that the line stays valid JSON whatever the object holds. */
static void json_str(struct bb_strbuf *sb, const char *s)
{
	bb_strbuf_putc(sb, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			bb_strbuf_printf(sb, "\\%c", c);
		else if (c < ' ' || c >= 0x7f)
			bb_strbuf_printf(sb, "\\u%04x", c);
		else
			bb_strbuf_putc(sb, (char)c);
	}
	bb_strbuf_putc(sb, '"');
}

static void emit(struct bb_strbuf *sb)
{
	puts(bb_strbuf_str(sb));
	bb_strbuf_truncate(sb, 0);
}

int show_event(void *ctx, int cpu, const void *data, size_t size)
{
	struct show *s = ctx;
	struct bb_strbuf sb = { 0 };
	int err;

	s->events++;
	if (s->json)
		bb_strbuf_printf(&sb, "{\"cpu\":%d,\"event\":", cpu);
	err = s->event_type ? bb_btf_dump(s->obj->btf, s->event_type, data, size,
					   s->json ? BB_DUMP_JSON : BB_DUMP_TEXT, &sb) : -ENOENT;
	if (err) {
		if (s->json)
			bb_strbuf_putc(&sb, '"');
		bb_hex_dump(data, size, &sb);
		if (s->json)
			bb_strbuf_putc(&sb, '"');
	}
	if (s->json)
		bb_strbuf_putc(&sb, '}');
	emit(&sb);
	bb_strbuf_free(&sb);
	return 0;
}

void show_lost(void *ctx, int cpu, unsigned long long lost)
{
	const struct show *s = ctx;

	if (s->json)
		printf("{\"cpu\":%d,\"lost\":%llu}\n", cpu, lost);
	else
		fprintf(stderr, "barebpf: CPU %d: %llu events lost (ring full; try --pages)\n", cpu,
			lost);
}

static void dump(const struct show *s, unsigned int type, const void *data, size_t size,
		 struct bb_strbuf *sb)
{
	if (!type || !s->obj->btf ||
	    bb_btf_dump(s->obj->btf, type, data, size, s->json ? BB_DUMP_JSON : BB_DUMP_TEXT, sb)) {
		if (s->json)
			bb_strbuf_putc(sb, '"');
		bb_hex_dump(data, size, sb);
		if (s->json)
			bb_strbuf_putc(sb, '"');
	}
}

static const char *hist_label(const char *map)
{
	return strstr(map, "usec") ? "usecs" : strstr(map, "nsec") ? "nsecs" :
	       strstr(map, "msec") ? "msecs" : "value";
}

/* A map entry's value: one copy, or per-CPU maps' copies one stride apart. */
struct value {
	const unsigned char *data;
	size_t ncpu, stride;
};

static void show_hist(const struct show *s, const struct bb_map_def *m, const void *key,
		      const struct value *v, size_t off, size_t nr, size_t elem,
		      struct bb_strbuf *sb)
{
	unsigned long long *slots = calloc(nr, sizeof(*slots));

	if (!slots)
		return;
	for (size_t cpu = 0; cpu < v->ncpu; cpu++) /* per-CPU histograms are summed */
		bb_hist_add_slots(v->data + cpu * v->stride, m->value_size, off, nr, elem, slots);
	if (s->json) {
		bb_strbuf_puts(sb, "{\"map\":");
		json_str(sb, m->name);
		bb_strbuf_puts(sb, ",\"key\":");
		dump(s, m->btf_key_type_id, key, m->key_size, sb);
		bb_strbuf_puts(sb, ",\"log2_slots\":[");
		for (size_t i = 0; i < nr; i++)
			bb_strbuf_printf(sb, "%s%llu", i ? "," : "", slots[i]);
		bb_strbuf_puts(sb, "]}");
	} else {
		bb_strbuf_printf(sb, "map %s, key ", bb_printable(m->name));
		dump(s, m->btf_key_type_id, key, m->key_size, sb);
		bb_strbuf_putc(sb, '\n');
		bb_print_log2_hist(slots, nr, hist_label(m->name), sb);
	}
	free(slots);
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* One value, or for per-CPU maps a list of them, [cpu0, cpu1, ...]. */
static void dump_value(const struct show *s, const struct bb_map_def *m, const struct value *v,
		       struct bb_strbuf *sb)
{
	if (v->ncpu == 1) {
		dump(s, m->btf_value_type_id, v->data, m->value_size, sb);
		return;
	}
	bb_strbuf_putc(sb, '[');
	for (size_t cpu = 0; cpu < v->ncpu; cpu++) {
		bb_strbuf_puts(sb, cpu ? (s->json ? "," : ", ") : "");
		dump(s, m->btf_value_type_id, v->data + cpu * v->stride, m->value_size, sb);
	}
	bb_strbuf_putc(sb, ']');
}

static void show_entry(const struct show *s, const struct bb_map_def *m, const void *key,
		       const struct value *v, struct bb_strbuf *sb)
{
	size_t off, nr, elem;

	if (m->btf_value_type_id && s->obj->btf &&
	    !bb_btf_find_hist_slots(s->obj->btf, m->btf_value_type_id, &off, &nr, &elem)) {
		show_hist(s, m, key, v, off, nr, elem, sb);
	} else if (s->json) {
		bb_strbuf_puts(sb, "{\"map\":");
		json_str(sb, m->name);
		bb_strbuf_puts(sb, ",\"key\":");
		dump(s, m->btf_key_type_id, key, m->key_size, sb);
		bb_strbuf_puts(sb, ",\"value\":");
		dump_value(s, m, v, sb);
		bb_strbuf_putc(sb, '}');
	} else {
		bb_strbuf_printf(sb, "%s[", bb_printable(m->name));
		dump(s, m->btf_key_type_id, key, m->key_size, sb);
		bb_strbuf_puts(sb, "] = ");
		dump_value(s, m, v, sb);
	}
	emit(sb);
}

static int is_percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static void show_kv_map(const struct show *s, const struct bb_map_def *m, int fd)
{
	/* The kernel hands per-CPU values over as one 8-byte aligned copy per CPU. */
	size_t ncpu = is_percpu(m->type) ? (size_t)sysconf(_SC_NPROCESSORS_CONF) : 1;
	size_t stride = is_percpu(m->type) ? (m->value_size + 7) & ~(size_t)7 : m->value_size;
	unsigned char *key = calloc(1, m->key_size + 1), *next = calloc(1, m->key_size + 1);
	unsigned char *data = calloc(ncpu, stride + 1);
	struct value v = { data, ncpu, stride };
	struct bb_strbuf sb = { 0 };
	int first = 1;
	size_t shown = 0, zero = 0;

	while (key && next && data &&
	       !sys_bpf_map_get_next_key(fd, first ? NULL : key, next)) {
		first = 0;
		memcpy(key, next, m->key_size);
		if (sys_bpf_map_lookup_elem(fd, key, data))
			continue;
		/* Arrays hold every index; the zero ones say nothing. */
		if ((m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY) &&
		    all_zero(data, ncpu * stride)) {
			zero++;
			continue;
		}
		show_entry(s, m, key, &v, &sb);
		shown++;
	}
	if (!s->json && !shown)
		printf("%s: empty%s\n", bb_printable(m->name), zero ? " (all entries zero)" : "");
	bb_strbuf_free(&sb);
	free(key);
	free(next);
	free(data);
}

static void show_globals(const struct show *s, const struct bb_map_def *m, size_t map, int fd)
{
	unsigned char *value = calloc(1, m->value_size);
	struct bb_strbuf sb = { 0 };
	__u32 zero = 0;

	if (!value || sys_bpf_map_lookup_elem(fd, &zero, value)) {
		free(value);
		return;
	}
	for (size_t i = 0; i < s->obj->nr_vars; i++) {
		const struct bb_var *v = &s->obj->vars[i];
		int id;

		if (v->map != map || strchr(v->name, '.') || v->off > m->value_size ||
		    v->size > m->value_size - v->off)
			continue;
		id = s->obj->btf ? bb_btf_find(s->obj->btf, v->name, BTF_KIND_VAR) : -1;
		if (s->json) {
			bb_strbuf_puts(&sb, "{\"global\":");
			json_str(&sb, v->name);
			bb_strbuf_puts(&sb, ",\"value\":");
		} else {
			bb_strbuf_printf(&sb, "%s = ", bb_printable(v->name));
		}
		dump(s, id > 0 ? bb_btf_type(s->obj->btf, (unsigned int)id)->type : 0,
		     value + v->off, v->size, &sb);
		if (s->json)
			bb_strbuf_putc(&sb, '}');
		emit(&sb);
	}
	bb_strbuf_free(&sb);
	free(value);
}

void show_maps(const struct show *s, const struct bb_loader *l)
{
	for (size_t i = 0; i < s->obj->nr_maps; i++) {
		const struct bb_map_def *m = &s->obj->maps[i];
		int fd = bb_loader_map_fd(l, i);

		if (fd < 0)
			continue;
		if (m->origin == BB_MAP_DATA) {
			if (!m->frozen)
				show_globals(s, m, i, fd);
			continue;
		}
		switch (m->type) {
		case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_ARRAY: case BPF_MAP_TYPE_LRU_HASH:
		case BPF_MAP_TYPE_PERCPU_HASH: case BPF_MAP_TYPE_PERCPU_ARRAY:
		case BPF_MAP_TYPE_LRU_PERCPU_HASH:
			show_kv_map(s, m, fd);
			break;
		default:
			break;
		}
	}
	fflush(stdout);
}
