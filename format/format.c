/* The formatting half of barebpf.h: values through BTF, histograms, program
 * listings. Text only; never prints and makes no system calls. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "btf.h"
#include "btf_dump.h"
#include "disasm.h"
#include "hist.h"
#include "log.h"
#include "object.h"
#include "strbuf.h"

/* Hands the text over, or frees it on error. */
static int finish(struct bb_strbuf *sb, int err, char **out)
{
	if (!err && !sb->s)
		err = bb_strbuf_puts(sb, "");
	if (err) {
		bb_strbuf_free(sb);
		return err;
	}
	*out = sb->s;
	return 0;
}

int bb_format_value(const struct bb_object *o, __u32 type_id, const void *data, size_t size,
		    unsigned int flags, char **out)
{
	struct bb_strbuf sb = { 0 };
	int json = flags & BB_FMT_JSON, err = -ENOENT;

	if (type_id && o->btf)
		err = bb_btf_dump(o->btf, type_id, data, size, json ? BB_DUMP_JSON : BB_DUMP_TEXT,
				  &sb);
	if (err) {
		bb_strbuf_truncate(&sb, 0);
		err = bb_strbuf_puts(&sb, json ? "\"" : "");
		err = err ? err : bb_hex_dump(data, size, &sb);
		err = err ? err : bb_strbuf_puts(&sb, json ? "\"" : "");
	}
	return finish(&sb, err, out);
}

int bb_format_log2_hist(const unsigned long long *slots, size_t nr, const char *label,
			char **out)
{
	struct bb_strbuf sb = { 0 };

	return finish(&sb, bb_print_log2_hist(slots, nr, label, &sb), out);
}

static void listing_line(const struct bb_object *o, const struct bb_prog *p, size_t i,
			 size_t *rel, char *text, size_t size)
{
	while (*rel < p->nr_relocs && p->relocs[*rel].insn < i)
		(*rel)++;
	if (*rel < p->nr_relocs && p->relocs[*rel].insn == i) {
		const struct bb_reloc *r = &p->relocs[*rel];

		if (r->kind == BB_RELOC_MAP_FD)
			snprintf(text, size, "r%d = map '%s'", p->insns[i].dst_reg,
				 bb_printable(o->maps[r->map].name));
		else if (r->kind == BB_RELOC_MAP_VALUE)
			snprintf(text, size, "r%d = &%s[%u]", p->insns[i].dst_reg,
				 bb_printable(o->maps[r->map].name), r->off);
	}
}

int bb_format_prog(const struct bb_object *o, size_t prog, char **out)
{
	const struct bb_prog *p;
	struct bb_strbuf sb = { 0 };
	size_t seg = 0, rel = 0;
	char text[160];
	int err = 0;

	if (prog >= o->nr_progs)
		return -ENOENT;
	p = &o->progs[prog];
	for (size_t i = 0; i < p->insn_cnt && !err;) {
		const struct bpf_insn *next = i + 1 < p->insn_cnt ? &p->insns[i + 1] : NULL;
		int n;

		if (seg < p->nr_segs && p->segs[seg].out_insn == i)
			err = bb_strbuf_printf(&sb, "<%s>:\n", bb_printable(p->segs[seg++].func));
		n = bb_disasm(&p->insns[i], next, text, sizeof(text));
		listing_line(o, p, i, &rel, text, sizeof(text));
		err = err ? err : bb_strbuf_printf(&sb, "%4zu: %s\n", i, text);
		i += (size_t)n;
	}
	return finish(&sb, err, out);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int bb_object_event_type(const struct bb_object *o, const char *name, __u32 *type_id)
{
	const struct bb_btf *btf = o->btf;
	unsigned int found = 0, id = 0;
	int named;

	*type_id = 0;
	if (!btf) {
		if (name)
			bb_err("--event-type '%s': %s has no BTF", name, o->name);
		return name ? -ENOENT : 0;
	}
	named = bb_btf_find(btf, name ? name : "event", BTF_KIND_STRUCT);
	if (named > 0 || name) {
		if (named < 0)
			bb_err("--event-type '%s': no struct of that name in %s", name, o->name);
		*type_id = named > 0 ? (__u32)named : 0;
		return named > 0 ? 0 : -ENOENT;
	}
	for (unsigned int i = 1; i < bb_btf_count(btf); i++) {
		const struct btf_type *t = bb_btf_type(btf, i);
		const char *n = bb_btf_str(btf, t->name_off);

		if (bb_btf_kind(t) == BTF_KIND_STRUCT &&
		    (ends_with(n, "event") || ends_with(n, "event_t"))) {
			id = i;
			found++;
		}
	}
	/* Ambiguous: a hex dump says so more honestly than a guess. */
	*type_id = found == 1 ? id : 0;
	return 0;
}

int bb_map_histogram(const struct bb_object *o, size_t map, const void *value, size_t ncpu,
		     size_t stride, unsigned long long **slots, size_t *nr)
{
	const struct bb_map_def *m;
	size_t off, elem;
	int err;

	*slots = NULL;
	if (map >= o->nr_maps)
		return -ENOENT;
	m = &o->maps[map];
	if (!m->btf_value_type_id || !o->btf)
		return -ENOENT;
	if ((err = bb_btf_find_hist_slots(o->btf, m->btf_value_type_id, &off, nr, &elem)))
		return err;
	/* The BTF only claims a length; the map's value size is what was read. */
	if (off > m->value_size || !elem || *nr > (m->value_size - off) / elem)
		return -EINVAL;
	if (!(*slots = calloc(*nr ? *nr : 1, sizeof(**slots))))
		return -ENOMEM;
	for (size_t cpu = 0; cpu < ncpu && !err; cpu++) /* per-CPU histograms are summed */
		err = bb_hist_add_slots((const unsigned char *)value + cpu * stride, m->value_size,
					off, *nr, elem, *slots);
	if (err) {
		free(*slots);
		*slots = NULL;
	}
	return err;
}
