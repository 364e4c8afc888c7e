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
#include "record.h"
#include "helpers.h"
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

/* The subprogram a bpf-to-bpf call at insn i lands on, by its segment. */
static const char *call_target(const struct bb_prog *p, size_t i)
{
	long long to = (long long)i + 1 + p->insns[i].imm;

	for (size_t k = 0; k < p->nr_segs; k++)
		if ((long long)p->segs[k].out_insn == to)
			return p->segs[k].func;
	return NULL;
}

/* What bpftool's xlated dump names: maps, helpers, subprograms. */
static void name_operands(const struct bb_object *o, const struct bb_prog *p, size_t i,
			  size_t *rel, char *text, size_t size)
{
	const struct bpf_insn *in = &p->insns[i];

	while (*rel < p->nr_relocs && p->relocs[*rel].insn < i)
		(*rel)++;
	if (*rel < p->nr_relocs && p->relocs[*rel].insn == i) {
		const struct bb_reloc *r = &p->relocs[*rel];

		if (r->kind == BB_RELOC_MAP_FD)
			snprintf(text, size, "r%d = map '%s'", in->dst_reg,
				 bb_printable(o->maps[r->map].name));
		else if (r->kind == BB_RELOC_MAP_VALUE)
			snprintf(text, size, "r%d = &%s[%u]", in->dst_reg,
				 bb_printable(o->maps[r->map].name), r->off);
	} else if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0 &&
		   bb_helper_name(in->imm)) {
		snprintf(text, size, "call %s#%d", bb_helper_name(in->imm), in->imm);
	} else if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL &&
		   call_target(p, i)) {
		snprintf(text, size, "call pc%+d <%s>", in->imm, bb_printable(call_target(p, i)));
	}
}

/* "; source line @ file:line" before the instruction line info names. */
static int source_line(const struct bb_object *o, const struct bb_prog *p, size_t i,
		       size_t *li, struct bb_strbuf *sb)
{
	int err = 0;

	for (; *li < p->nr_line_info && p->line_info[*li].insn_off <= i && !err; (*li)++) {
		const struct bpf_line_info *l = &p->line_info[*li];
		const char *file = o->btf ? bb_btf_str(o->btf, l->file_name_off) : NULL;
		const char *line = o->btf ? bb_btf_str(o->btf, l->line_off) : NULL;
		const char *base = file && strrchr(file, '/') ? strrchr(file, '/') + 1 : file;

		while (line && (*line == ' ' || *line == '\t'))
			line++;
		if (p->line_info[*li].insn_off == i && line && *line)
			err = bb_strbuf_printf(sb, "; %s @ %s:%u\n", bb_printable(line),
					       base ? bb_printable(base) : "?",
					       BPF_LINE_INFO_LINE_NUM(l->line_col));
	}
	return err;
}

int bb_format_prog(const struct bb_object *o, size_t prog, char **out)
{
	const struct bb_prog *p;
	struct bb_strbuf sb = { 0 };
	size_t seg = 0, rel = 0, li = 0;
	char text[192];
	int err = 0;

	if (prog >= o->nr_progs)
		return -ENOENT;
	p = &o->progs[prog];
	for (size_t i = 0; i < p->insn_cnt && !err;) {
		const struct bpf_insn *next = i + 1 < p->insn_cnt ? &p->insns[i + 1] : NULL;
		int n;

		if (seg < p->nr_segs && p->segs[seg].out_insn == i)
			err = bb_strbuf_printf(&sb, "<%s>:\n", bb_printable(p->segs[seg++].func));
		err = err ? err : source_line(o, p, i, &li, &sb);
		n = bb_disasm(&p->insns[i], next, text, sizeof(text));
		name_operands(o, p, i, &rel, text, sizeof(text));
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

/* C's spelling of a type, outside in: "const volatile int", "char[16]",
 * "struct event *". Depth-bounded against type loops. */
static int type_name(const struct bb_btf *btf, __u32 id, int depth, struct bb_strbuf *sb)
{
	const struct btf_type *t = bb_btf_type(btf, id);
	const char *n;

	if (!id)
		return bb_strbuf_puts(sb, "void");
	if (!t || depth > 16)
		return bb_strbuf_puts(sb, "?");
	n = bb_btf_str(btf, t->name_off);
	switch (bb_btf_kind(t)) {
	case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT:
		bb_strbuf_puts(sb, bb_btf_kind(t) == BTF_KIND_CONST ? "const " :
			       bb_btf_kind(t) == BTF_KIND_VOLATILE ? "volatile " : "restrict ");
		return type_name(btf, t->type, depth + 1, sb);
	case BTF_KIND_PTR:
		type_name(btf, t->type, depth + 1, sb);
		return bb_strbuf_puts(sb, " *");
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = bb_btf_extra(t);

		type_name(btf, a->type, depth + 1, sb);
		return bb_strbuf_printf(sb, "[%u]", a->nelems);
	}
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		return bb_strbuf_printf(sb, "%s %s", bb_btf_kind(t) == BTF_KIND_STRUCT ? "struct" :
					bb_btf_kind(t) == BTF_KIND_UNION ? "union" : "enum",
					*n ? bb_printable(n) : "{...}");
	case BTF_KIND_FUNC_PROTO:
		return bb_strbuf_puts(sb, "(function)");
	default:
		return bb_strbuf_puts(sb, *n ? bb_printable(n) : "?");
	}
}

int bb_format_type(const struct bb_object *o, __u32 type_id, char **out)
{
	struct bb_strbuf sb = { 0 };

	if (!o->btf)
		return -ENOENT;
	return finish(&sb, type_name(o->btf, type_id, 0, &sb), out);
}

int bb_type_member(const struct bb_object *o, __u32 struct_id, size_t i,
		   struct bb_member_info *out)
{
	const struct btf_type *t = o->btf ? bb_btf_type(o->btf, bb_btf_resolve(o->btf, struct_id))
					  : NULL;
	const struct btf_member *m;
	long long size;

	if (!t || (bb_btf_kind(t) != BTF_KIND_STRUCT && bb_btf_kind(t) != BTF_KIND_UNION))
		return -EINVAL;
	if (i >= bb_btf_vlen(t))
		return -ENOENT;
	m = (const struct btf_member *)bb_btf_extra(t) + i;
	size = bb_btf_size(o->btf, m->type);
	out->name = bb_btf_str(o->btf, m->name_off);
	out->type_id = m->type;
	out->offset = bb_btf_member_bit_off(t, (__u32)i) / 8;
	out->size = size > 0 ? (size_t)size : 0;
	out->bitfield = bb_btf_member_bitfield(t, (__u32)i) != 0;
	return 0;
}

/* One member of a DWARF record: an integer, a bool, a string or hex bytes. */
static int record_member(struct bb_strbuf *sb, const struct rec_member *m, const unsigned char *p,
			 unsigned int flags)
{
	unsigned long long u = 0;
	char str[512];
	int err = 0;

	if ((m->kind == REC_SIGNED || m->kind == REC_UNSIGNED || m->kind == REC_BOOL) &&
	    m->size && m->size <= 8 && !(m->size & (m->size - 1))) {
		for (size_t i = m->size; i-- > 0;)	/* little-endian, as BPF on this host */
			u = u << 8 | p[i];
		if (m->kind == REC_BOOL)
			return bb_strbuf_puts(sb, u ? "true" : "false");
		if (m->kind == REC_UNSIGNED)
			return bb_strbuf_printf(sb, "%llu", u);
		if (m->size < 8 && (u >> (8 * m->size - 1)) & 1)
			u |= ~0ULL << (8 * m->size);
		return bb_strbuf_printf(sb, "%lld", (long long)u);
	}
	if (m->kind == REC_STRING && m->size < sizeof(str)) {
		memcpy(str, p, m->size);
		str[m->size] = '\0';
		{
			size_t need = bb_escape(NULL, 0, str, BB_ESC_JSON) + 1;
			char *esc = malloc(need);

			if (!esc)
				return -ENOMEM;
			bb_escape(esc, need, str, BB_ESC_JSON);
			err = bb_strbuf_puts(sb, esc);
			free(esc);
			return err;
		}
	}
	err = bb_strbuf_puts(sb, flags & BB_FMT_JSON ? "\"" : "");
	for (size_t i = 0; !err && i < m->size; i++)
		err = bb_strbuf_printf(sb, "%02x", p[i]);
	return err ? err : bb_strbuf_puts(sb, flags & BB_FMT_JSON ? "\"" : "");
}

int bb_format_record(const struct bb_record_type *t, const void *data, size_t size,
		     unsigned int flags, char **out)
{
	struct bb_strbuf sb = { 0 };
	int json = flags & BB_FMT_JSON, err = 0;

	if (size < t->size)
		return -EINVAL;
	err = json ? bb_strbuf_putc(&sb, '{') : 0;
	for (size_t i = 0, n = 0; !err && i < t->nr; i++) {
		const struct rec_member *m = &t->members[i];

		if (!m->size || !*m->name)
			continue;
		err = bb_strbuf_printf(&sb, json ? "%s\"%s\":" : "%s%s=", n++ ? (json ? "," : " ")
				       : "", m->name);
		if (!err)
			err = record_member(&sb, m, (const unsigned char *)data + m->offset, flags);
	}
	if (!err && json)
		err = bb_strbuf_putc(&sb, '}');
	return finish(&sb, err, out);
}

int bb_record_member(const struct bb_record_type *t, size_t i, const char **name)
{
	if (i >= t->nr)
		return -ENOENT;
	*name = t->members[i].name;
	return 0;
}
