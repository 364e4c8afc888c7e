/* The read-only views of an object that barebpf.h hands out. */
#include <errno.h>
#include <string.h>

#include "btf.h"
#include "object.h"

void bb_object_info(const struct bb_object *o, struct bb_object_info *out)
{
	*out = (struct bb_object_info){
		.name = o->name, .license = o->license, .kern_version = o->kern_version,
		.has_btf = o->btf != NULL, .nr_progs = o->nr_progs, .nr_maps = o->nr_maps,
		.nr_vars = o->nr_vars, .nr_elf_relocs = o->nr_elf_relocs,
		.nr_externs = o->nr_externs,
	};
}

int bb_object_prog(const struct bb_object *o, size_t i, struct bb_prog_info *out)
{
	const struct bb_prog *p;

	if (i >= o->nr_progs)
		return -ENOENT;
	p = &o->progs[i];
	*out = (struct bb_prog_info){
		.name = p->name, .section = p->section, .target = p->target,
		.def = p->sec ? &p->sec->def : NULL, .prog_type = p->type,
		.insns = p->insns, .insn_cnt = p->insn_cnt, .autoload = p->autoload,
	};
	return 0;
}

int bb_object_map(const struct bb_object *o, size_t i, struct bb_map_info *out)
{
	const struct bb_map_def *m;

	if (i >= o->nr_maps)
		return -ENOENT;
	m = &o->maps[i];
	*out = (struct bb_map_info){
		.name = m->name, .origin = m->origin, .type = m->type, .key_size = m->key_size,
		.value_size = m->value_size, .max_entries = m->max_entries, .flags = m->flags,
		.btf_key_type_id = m->btf_key_type_id, .btf_value_type_id = m->btf_value_type_id,
		.frozen = m->frozen, .initial = m->data, .nr_slots = m->nr_slots,
	};
	return 0;
}

int bb_object_map_slot(const struct bb_object *o, size_t map, size_t k, __u32 *slot,
		       const char **name)
{
	const struct bb_map_def *m = map < o->nr_maps ? &o->maps[map] : NULL;

	if (!m || k >= m->nr_slots)
		return -ENOENT;
	*slot = m->slots[k].slot;
	*name = m->type == BPF_MAP_TYPE_PROG_ARRAY ? o->progs[m->slots[k].index].name
						   : o->maps[m->slots[k].index].name;
	return 0;
}

/* The VAR of that name in the object's BTF gives the variable's type. */
static __u32 var_type(const struct bb_object *o, const char *name)
{
	int id = o->btf ? bb_btf_find(o->btf, name, BTF_KIND_VAR) : -1;

	return id > 0 ? bb_btf_type(o->btf, (unsigned int)id)->type : 0;
}

int bb_object_var(const struct bb_object *o, size_t i, struct bb_var_info *out)
{
	const struct bb_var *v;

	if (i >= o->nr_vars)
		return -ENOENT;
	v = &o->vars[i];
	*out = (struct bb_var_info){
		.name = v->name, .map = v->map, .offset = v->off, .size = v->size,
		.btf_type_id = var_type(o, v->name),
	};
	return 0;
}

int bb_object_elf_reloc(const struct bb_object *o, size_t i, struct bb_elf_reloc_info *out)
{
	const struct bb_sym_reloc *r;

	if (i >= o->nr_elf_relocs)
		return -ENOENT;
	r = &o->elf_relocs[i];
	*out = (struct bb_elf_reloc_info){
		.section = r->section, .offset = r->offset, .type = r->type, .sym = r->sym,
		.sym_section = r->sym_section,
	};
	return 0;
}

int bb_object_find_prog(const struct bb_object *o, const char *name)
{
	for (size_t i = 0; i < o->nr_progs; i++)
		if (!strcmp(o->progs[i].name, name))
			return (int)i;
	return -ENOENT;
}

int bb_object_find_map(const struct bb_object *o, const char *name)
{
	for (size_t i = 0; i < o->nr_maps; i++)
		if (!strcmp(o->maps[i].name, name))
			return (int)i;
	return -ENOENT;
}

int bb_object_set_max_entries(struct bb_object *o, size_t map, __u32 max_entries)
{
	if (map >= o->nr_maps)
		return -ENOENT;
	if (o->maps[map].origin == BB_MAP_DATA)
		return -EINVAL;
	o->maps[map].max_entries = max_entries;
	return 0;
}

int bb_object_set_autoload(struct bb_object *o, size_t prog, int autoload)
{
	if (prog >= o->nr_progs)
		return -ENOENT;
	o->progs[prog].autoload = !!autoload;
	return 0;
}

int bb_object_extern(const struct bb_object *o, size_t i, struct bb_extern_info *out)
{
	const struct bb_extern *e;

	if (i >= o->nr_externs)
		return -ENOENT;
	e = &o->externs[i];
	*out = (struct bb_extern_info){
		.name = e->name, .kind = e->kind, .weak = e->weak,
		.typed = e->kind == BB_EXTERN_KSYM && e->type_id, .btf_type_id = e->type_id,
		.offset = e->off, .size = e->size, .resolved = e->resolved, .addr = e->addr,
		.kernel_btf_id = e->kernel_btf_id, .module = e->module,
	};
	if (e->kind == BB_EXTERN_KCONFIG && e->resolved && o->kconfig_map >= 0)
		out->value = o->maps[o->kconfig_map].data + e->off;
	return 0;
}
