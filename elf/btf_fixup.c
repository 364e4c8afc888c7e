/* clang leaves DATASEC sizes and the offsets of global variables at zero: only
 * the linker would know them. The kernel wants them, so they are filled in from
 * the section headers and the symbol table, as a linker would. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "log.h"
#include "parse.h"

static long section_by_name(const struct parse *p, const char *name)
{
	for (size_t i = 1; i < p->nsecs; i++)
		if (!strcmp(p->secs[i].name, name))
			return (long)i;
	return -1;
}

static long symbol_in(const struct parse *p, long sec, const char *name)
{
	for (size_t i = 0; i < p->nsyms; i++)
		if (p->syms[i].st_shndx == sec && GELF_ST_TYPE(p->syms[i].st_info) == STT_OBJECT &&
		    !strcmp(sym_name(p, i), name))
			return (long)i;
	return -1;
}

static int cmp_secinfo(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return (x->offset > y->offset) - (x->offset < y->offset);
}

static void fix_datasec(struct parse *p, struct btf_type *ds)
{
	struct bb_btf *btf = p->o->btf;
	const char *name = bb_btf_str(btf, ds->name_off);
	struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(ds + 1);
	long sec = section_by_name(p, name);

	if (sec < 0)
		return; /* .kconfig, .ksyms: no section; the kernel takes or refuses them */
	ds->size = (__u32)p->secs[sec].sh.sh_size;
	for (unsigned int i = 0; i < bb_btf_vlen(ds); i++) {
		const char *var = bb_btf_name(btf, vs[i].type);
		long sym = symbol_in(p, sec, var);

		if (sym >= 0)
			vs[i].offset = (__u32)p->syms[sym].st_value;
	}
	qsort(vs, bb_btf_vlen(ds), sizeof(*vs), cmp_secinfo);
}

static void set_data_map_types(struct parse *p)
{
	for (size_t i = 0; i < p->o->nr_maps; i++) {
		struct bb_map_def *m = &p->o->maps[i];
		int id;

		if (m->origin != BB_MAP_DATA)
			continue;
		id = bb_btf_find(p->o->btf, m->name, BTF_KIND_DATASEC);
		if (id > 0)
			m->btf_value_type_id = (__u32)id; /* keyless: arrays accept key id 0 */
	}
}

static int hidden_func(const struct parse *p, const char *name)
{
	for (size_t i = 0; i < p->nsyms; i++) {
		unsigned char vis = GELF_ST_VISIBILITY(p->syms[i].st_other);

		if (GELF_ST_TYPE(p->syms[i].st_info) == STT_FUNC && !strcmp(sym_name(p, i), name))
			return vis == STV_HIDDEN || vis == STV_INTERNAL;
	}
	return 0;
}

/* A global function the verifier checks on its own, with only its BTF
 * prototype to go on; a hidden one (__hidden, as libbpf's usdt.bpf.h
 * defines its helpers) cannot be called from outside the object, so libbpf
 * marks it static and the verifier checks it with its caller's context. */
static void hidden_funcs_static(struct parse *p, struct btf_type *t)
{
	if (bb_btf_vlen(t) == BTF_FUNC_GLOBAL && hidden_func(p, bb_btf_str(p->o->btf, t->name_off)))
		t->info = (t->info & ~0xffffu) | BTF_FUNC_STATIC;
}

int parse_fixup_btf(struct parse *p)
{
	struct bb_btf *btf = p->o->btf;

	if (!btf)
		return 0;
	for (unsigned int id = 1; id < bb_btf_count(btf); id++) {
		struct btf_type *t = bb_btf_type_mut(btf, id);

		if (bb_btf_kind(t) == BTF_KIND_DATASEC)
			fix_datasec(p, t);
		else if (bb_btf_kind(t) == BTF_KIND_FUNC)
			hidden_funcs_static(p, t);
	}
	set_data_map_types(p);
	return 0;
}
