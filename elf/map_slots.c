/* The initial slots of prog arrays and map-in-maps: `__array(values, ...) =
 * { [2] = &prog }` leaves a relocation in '.maps' at the slot's pointer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "parse.h"

/* The BTF map whose definition holds offset off of '.maps'. */
static struct bb_map_def *map_at(struct parse *p, size_t off)
{
	for (size_t i = 0; i < p->o->nr_maps; i++) {
		struct bb_map_def *m = &p->o->maps[i];

		if (m->origin == BB_MAP_BTF && off >= m->sec_off && off - m->sec_off < m->def_size)
			return m;
	}
	return NULL;
}

static long find_prog(const struct bb_object *o, const char *name)
{
	for (size_t i = 0; i < o->nr_progs; i++)
		if (!strcmp(o->progs[i].name, name))
			return (long)i;
	return -1;
}

static long find_map(const struct bb_object *o, const char *name)
{
	for (size_t i = 0; i < o->nr_maps; i++)
		if (o->maps[i].origin == BB_MAP_BTF && !strcmp(o->maps[i].name, name))
			return (long)i;
	return -1;
}

static int add_slot(struct parse *p, struct bb_map_def *m, size_t off, size_t sym)
{
	const char *name = sym_name(p, sym);
	int prog_array = m->type == BPF_MAP_TYPE_PROG_ARRAY;
	long idx = prog_array ? find_prog(p->o, name) : find_map(p->o, name);
	size_t rel = off - m->sec_off;
	struct bb_map_slot *s;

	if (!m->has_values || rel < m->values_off || (rel - m->values_off) % 8)
		return parse_fail(p, -EINVAL, "map '%s': relocation against '%s' at offset %zu is "
				  "not a slot of its values", m->name, bb_printable(name), rel);
	if (idx < 0)
		return parse_fail(p, -EINVAL, "map '%s': slot %zu names '%s', which is not a %s of "
				  "this object", m->name, (rel - m->values_off) / 8,
				  bb_printable(name), prog_array ? "program" : "map in '.maps'");
	s = realloc(m->slots, (m->nr_slots + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	m->slots = s;
	m->slots[m->nr_slots++] = (struct bb_map_slot){
		.slot = (__u32)((rel - m->values_off) / 8), .index = (size_t)idx,
	};
	return 0;
}

static int read_slot(struct parse *p, size_t relsec, Elf_Data *d, size_t k)
{
	GElf_Rel r;
	size_t sym;
	struct bb_map_def *m;

	if (!gelf_getrel(d, (int)k, &r))
		return parse_fail(p, -EINVAL, "section '%s': relocation %zu unreadable",
				  p->secs[relsec].name, k);
	sym = GELF_R_SYM(r.r_info);
	if (!sym || sym >= p->nsyms)
		return parse_fail(p, -EINVAL, "section '%s': relocation %zu refers to symbol %zu, "
				  "which does not exist", p->secs[relsec].name, k, sym);
	m = map_at(p, r.r_offset);
	if (!m)
		return parse_fail(p, -EINVAL, "section '.maps': relocation against '%s' at offset "
				  "%zu lies in no map's definition", bb_printable(sym_name(p, sym)),
				  (size_t)r.r_offset);
	return add_slot(p, m, r.r_offset, sym);
}

int parse_map_slots(struct parse *p)
{
	int err;

	for (size_t i = 1; p->btf_maps_sec >= 0 && i < p->nsecs; i++) {
		const struct sec *s = &p->secs[i];
		Elf_Data *d;

		if (s->sh.sh_type != SHT_REL || (long)s->sh.sh_info != p->btf_maps_sec)
			continue;
		if (!s->data || !(d = elf_getdata(elf_getscn(p->elf, i), NULL)))
			continue;
		for (size_t k = 0; k < s->sh.sh_size / sizeof(Elf64_Rel); k++)
			if ((err = read_slot(p, i, d, k)))
				return err;
	}
	return 0;
}
