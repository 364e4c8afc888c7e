/* Finding the externs of an object and making its BTF acceptable to the
 * kernel, which knows no extern linkage: .kconfig variables get offsets in
 * one read-only map, .ksyms entries become plain members of an anonymous
 * struct (they take no room anywhere). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "externs.h"
#include "log.h"
#include "parse.h"

#define MAX_EXTERNS 4096

/* Entry name of DATASEC sec (a VAR or FUNC), its secinfo index, or -1. */
static long in_datasec(const struct bb_btf *btf, int sec, const char *name)
{
	const struct btf_type *ds = sec > 0 ? bb_btf_type(btf, (unsigned int)sec) : NULL;
	const struct btf_var_secinfo *vs = ds ? bb_btf_extra(ds) : NULL;

	for (unsigned int i = 0; ds && i < bb_btf_vlen(ds); i++)
		if (!strcmp(bb_btf_name(btf, vs[i].type), name))
			return (long)i;
	return -1;
}

static int add_extern(struct parse *p, size_t sym, enum bb_extern_kind kind, __u32 type)
{
	struct bb_object *o = p->o;
	struct bb_extern *e;

	if (o->nr_externs >= MAX_EXTERNS)
		return parse_fail(p, -E2BIG, "more than %d externs", MAX_EXTERNS);
	e = realloc(o->externs, (o->nr_externs + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	o->externs = e;
	e = &o->externs[o->nr_externs++];
	memset(e, 0, sizeof(*e));
	e->name = sym_name(p, sym);
	e->kind = kind;
	e->weak = GELF_ST_BIND(p->syms[sym].st_info) == STB_WEAK;
	e->type_id = type;
	return 0;
}

static int classify_extern(struct parse *p, size_t sym, int kcfg, int ksyms)
{
	const struct bb_btf *btf = p->o->btf;
	const char *name = sym_name(p, sym);
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;
	long i;

	if (!btf)
		return parse_fail(p, -EINVAL, "extern '%s' needs the object's BTF to say what it "
				  "is (build with clang -g)", bb_printable(name));
	if ((i = in_datasec(btf, kcfg, name)) >= 0) {
		vs = (const struct btf_var_secinfo *)bb_btf_extra(bb_btf_type(btf, (unsigned)kcfg));
		t = bb_btf_type(btf, vs[i].type);
		if (!t || bb_btf_kind(t) != BTF_KIND_VAR)
			return parse_fail(p, -EINVAL, "extern '%s' in .kconfig is no variable", name);
		return add_extern(p, sym, BB_EXTERN_KCONFIG, t->type);
	}
	if ((i = in_datasec(btf, ksyms, name)) >= 0) {
		vs = (const struct btf_var_secinfo *)bb_btf_extra(bb_btf_type(btf, (unsigned)ksyms));
		t = bb_btf_type(btf, vs[i].type);
		if (t && bb_btf_kind(t) == BTF_KIND_FUNC)
			return add_extern(p, sym, BB_EXTERN_KFUNC, vs[i].type);
		if (t && bb_btf_kind(t) == BTF_KIND_VAR)
			return add_extern(p, sym, BB_EXTERN_KSYM,	/* const void: untyped */
					  bb_btf_resolve(btf, t->type) ? t->type : 0);
	}
	return parse_fail(p, -EINVAL, "extern '%s' is in neither the .kconfig nor the .ksyms "
			  "section (declare it __kconfig or __ksym)", bb_printable(name));
}

static struct bb_extern *find_extern(struct bb_object *o, const char *name)
{
	for (size_t i = 0; i < o->nr_externs; i++)
		if (!strcmp(o->externs[i].name, name))
			return &o->externs[i];
	return NULL;
}

/* Offsets in DATASEC order (so the secinfos stay sorted), each aligned. */
static int layout_kconfig(struct parse *p, int kcfg, __u32 *total)
{
	struct bb_btf *btf = p->o->btf;
	struct btf_type *ds = bb_btf_type_mut(btf, (unsigned int)kcfg);
	struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(ds + 1);
	__u32 off = 0;

	for (unsigned int i = 0; i < bb_btf_vlen(ds); i++) {
		struct btf_type *var = bb_btf_type_mut(btf, vs[i].type);
		struct bb_extern *e = find_extern(p->o, bb_btf_name(btf, vs[i].type));
		long long size = var ? bb_btf_size(btf, var->type) : -1;
		__u32 align = size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;

		const struct btf_type *rt;

		if (!var || bb_btf_kind(var) != BTF_KIND_VAR || size <= 0 || size > 4096)
			return parse_fail(p, -EINVAL, ".kconfig entry '%s' has no size",
					  bb_printable(bb_btf_name(btf, vs[i].type)));
		rt = bb_btf_type(btf, bb_btf_resolve(btf, var->type));
		if (rt && bb_btf_kind(rt) == BTF_KIND_ARRAY)
			align = 1;
		off = (off + align - 1) / align * align;
		vs[i].offset = off;
		vs[i].size = (__u32)size;
		if (e) {	/* an entry no instruction uses has no symbol */
			e->off = off;
			e->size = (__u32)size;
		}
		off += (__u32)size;
		((struct btf_var *)(var + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
	}
	ds->size = off;
	*total = off;
	return 0;
}

static int add_kconfig_map(struct parse *p, int kcfg, __u32 size)
{
	struct bb_map_def *m = add_map(p, ".kconfig");

	if (!m || !(m->data = calloc(1, size)))
		return -ENOMEM;
	m->origin = BB_MAP_DATA;
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = size;
	m->max_entries = 1;
	m->flags = BPF_F_RDONLY_PROG;
	m->frozen = 1;
	m->btf_value_type_id = (__u32)kcfg;
	p->o->kconfig_map = (long)(m - p->o->maps);
	return 0;
}

/* The first 4-byte INT of the object's BTF, for the .ksyms placeholders. */
static unsigned int int_type(const struct bb_btf *btf)
{
	for (unsigned int id = 1; id < bb_btf_count(btf); id++) {
		const struct btf_type *t = bb_btf_type(btf, id);

		if (bb_btf_kind(t) == BTF_KIND_INT && t->size == 4)
			return id;
	}
	return 0;
}

static void fix_func(struct bb_btf *btf, struct btf_type *fn)
{
	struct btf_type *proto = bb_btf_type_mut(btf, fn->type);
	struct btf_param *pa = proto ? (struct btf_param *)(proto + 1) : NULL;

	fn->info = (fn->info & ~0xffffu) | BTF_FUNC_GLOBAL;
	for (unsigned int j = 0; pa && j < bb_btf_vlen(proto); j++)
		if (pa[j].type && !pa[j].name_off)
			pa[j].name_off = fn->name_off; /* the kernel wants named arguments */
}

/* The DATASEC becomes an anonymous struct of ints the same size, so the
 * kernel's BTF checks (every DATASEC entry an allocated VAR) pass. */
static int fix_ksyms(struct parse *p, int ksyms)
{
	struct bb_btf *btf = p->o->btf;
	struct btf_type *ds = bb_btf_type_mut(btf, (unsigned int)ksyms);
	struct btf_member *mb = (struct btf_member *)(ds + 1);
	unsigned int n = bb_btf_vlen(ds), it = int_type(btf);

	if (!it)
		return parse_fail(p, -EINVAL, "section '.ksyms': the object's BTF has no int");
	for (unsigned int i = 0; i < n; i++) {
		struct btf_var_secinfo vs;	/* what mb[i] still is, until it is overwritten */
		struct btf_type *t;

		memcpy(&vs, &mb[i], sizeof(vs));
		t = bb_btf_type_mut(btf, vs.type);
		if (t && bb_btf_kind(t) == BTF_KIND_FUNC)
			fix_func(btf, t);
		else if (t && bb_btf_kind(t) == BTF_KIND_VAR) {
			t->type = it;
			((struct btf_var *)(t + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		}
		mb[i] = (struct btf_member){ .name_off = 0, .type = it, .offset = i * 32 };
	}
	ds->name_off = 0;
	ds->info = ((__u32)BTF_KIND_STRUCT << 24) | (n & 0xffff);
	ds->size = n * 4;
	return 0;
}

int parse_externs(struct parse *p)
{
	int kcfg = p->o->btf ? bb_btf_find(p->o->btf, ".kconfig", BTF_KIND_DATASEC) : -1;
	int ksyms = p->o->btf ? bb_btf_find(p->o->btf, ".ksyms", BTF_KIND_DATASEC) : -1;
	__u32 size = 0;
	int err;

	p->o->kconfig_map = -1;
	for (size_t i = 1; i < p->nsyms; i++) {
		const GElf_Sym *s = &p->syms[i];
		int bind = GELF_ST_BIND(s->st_info);

		if (s->st_shndx != SHN_UNDEF || (bind != STB_GLOBAL && bind != STB_WEAK) ||
		    !sym_name(p, i)[0])
			continue;
		if ((err = classify_extern(p, i, kcfg, ksyms)))
			return err;
	}
	if (kcfg > 0 && ((err = layout_kconfig(p, kcfg, &size)) ||
			 (size && (err = add_kconfig_map(p, kcfg, size)))))
		return err;
	return ksyms > 0 ? fix_ksyms(p, ksyms) : 0;
}

/* A relocation against extern sym at instruction r->insn of cs. */
int parse_extern_reloc(struct parse *p, const struct bb_code_sec *cs, struct bb_code_rel *r,
		       size_t sym)
{
	const struct bpf_insn *insn = &cs->insns[r->insn];
	struct bb_extern *e = find_extern(p->o, sym_name(p, sym));
	int ld = insn->code == (BPF_LD | BPF_IMM | BPF_DW) && r->insn + 1 < cs->cnt;
	int call = insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;

	if (!e)
		return parse_fail(p, -ENOENT, "relocation against '%s': the symbol is not defined "
				  "in this object", bb_printable(sym_name(p, sym)));
	r->map = (size_t)(e - p->o->externs);
	if (e->kind == BB_EXTERN_KCONFIG && ld) {
		r->kind = BB_RELOC_MAP_VALUE;
		r->map = (size_t)p->o->kconfig_map;
		r->off = e->off;
	} else if (e->kind != BB_EXTERN_KCONFIG && ld) {
		r->kind = BB_RELOC_KSYM;
	} else if (e->kind == BB_EXTERN_KFUNC && call) {
		r->kind = BB_RELOC_KFUNC;
	} else {
		return parse_fail(p, -EINVAL, "extern '%s' is used by an instruction that is "
				  "neither ld_imm64 nor a call", e->name);
	}
	return 0;
}
