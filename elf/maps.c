#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "log.h"
#include "parse.h"

#define LEGACY_DEF_SIZE 20 /* struct bpf_map_def: five __u32 */
#define MAX_DATA_SECTION (256u << 20)

static int is_map_sym(const struct parse *p, size_t i, long sec)
{
	return p->syms[i].st_shndx == sec && GELF_ST_TYPE(p->syms[i].st_info) != STT_SECTION;
}

static int read_legacy_def(struct parse *p, size_t sym, size_t rec)
{
	const struct sec *s = &p->secs[p->maps_sec];
	size_t off = p->syms[sym].st_value;
	__u32 f[5] = { 0 };
	struct bb_map_def *m;

	if (!s->data || off % rec || off > s->sh.sh_size || rec > s->sh.sh_size - off)
		return parse_fail(p, -EINVAL, "map '%s': definition at offset %zu is outside "
				  "section 'maps'", sym_name(p, sym), off);
	memcpy(f, s->data + off, rec < sizeof(f) ? rec : sizeof(f));
	for (size_t i = LEGACY_DEF_SIZE; i < rec; i++)
		if (s->data[off + i])
			return parse_fail(p, -EINVAL, "map '%s': definition has %zu bytes past "
					  "struct bpf_map_def that are not zero",
					  sym_name(p, sym), rec - LEGACY_DEF_SIZE);
	m = add_map(p, sym_name(p, sym));
	if (!m)
		return -ENOMEM;
	m->origin = BB_MAP_LEGACY;
	m->type = f[0];
	m->key_size = f[1];
	m->value_size = f[2];
	m->max_entries = f[3];
	m->flags = f[4];
	m->sec_idx = (int)p->maps_sec;
	m->sec_off = off;
	return 0;
}

int parse_legacy_maps(struct parse *p)
{
	size_t n = 0, size, rec;
	int err;

	if (p->maps_sec < 0)
		return 0;
	size = p->secs[p->maps_sec].sh.sh_size;
	for (size_t i = 0; i < p->nsyms; i++)
		n += is_map_sym(p, i, p->maps_sec);
	if (!n)
		return parse_fail(p, -EINVAL, "section 'maps' has no map symbols");
	if (size % n)
		return parse_fail(p, -EINVAL, "section 'maps' is %zu bytes, not a multiple of its "
				  "%zu map definitions", size, n);
	rec = size / n;
	if (rec < 16)
		return parse_fail(p, -EINVAL, "section 'maps': definitions of %zu bytes are too "
				  "small for struct bpf_map_def", rec);
	for (size_t i = 0; i < p->nsyms; i++)
		if (is_map_sym(p, i, p->maps_sec) && (err = read_legacy_def(p, i, rec)))
			return err;
	return 0;
}

/* __uint(name, N) is encoded as int (*name)[N]. */
static int btf_uint(const struct bb_btf *btf, __u32 type, __u32 *val)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, type));
	const struct btf_array *a;

	if (!t || bb_btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	t = bb_btf_type(btf, bb_btf_resolve(btf, t->type));
	if (!t || bb_btf_kind(t) != BTF_KIND_ARRAY)
		return -EINVAL;
	a = bb_btf_extra(t);
	*val = a->nelems;
	return 0;
}

/* __type(name, T) is encoded as T *name. */
static int btf_pointee(const struct bb_btf *btf, __u32 type, __u32 *id, __u32 *size)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, type));
	long long sz;

	if (!t || bb_btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	sz = bb_btf_size(btf, t->type);
	if (sz < 0 || sz > UINT32_MAX)
		return -EINVAL;
	*id = t->type;
	*size = (__u32)sz;
	return 0;
}

static int btf_map_values(struct bb_map_def *m, const struct bb_btf *btf,
			  const struct btf_member *mb);

static int btf_map_field(struct bb_map_def *m, const struct bb_btf *btf,
			 const struct btf_member *mb, const char *field)
{
	static const struct { const char *name; size_t off; } uints[] = {
		{ "type", offsetof(struct bb_map_def, type) },
		{ "max_entries", offsetof(struct bb_map_def, max_entries) },
		{ "map_flags", offsetof(struct bb_map_def, flags) },
		{ "key_size", offsetof(struct bb_map_def, key_size) },
		{ "value_size", offsetof(struct bb_map_def, value_size) },
		{ "pinning", offsetof(struct bb_map_def, pinning) },
	};
	__u32 id, size;

	for (size_t i = 0; i < sizeof(uints) / sizeof(uints[0]); i++)
		if (!strcmp(field, uints[i].name))
			return btf_uint(btf, mb->type, (__u32 *)((char *)m + uints[i].off));
	if (!strcmp(field, "numa_node") || !strcmp(field, "map_extra"))
		return btf_uint(btf, mb->type, &size);
	if (!strcmp(field, "values"))
		return btf_map_values(m, btf, mb);
	if (strcmp(field, "key") && strcmp(field, "value"))
		return -ENOENT;
	if (btf_pointee(btf, mb->type, &id, &size))
		return -EINVAL;
	if (!strcmp(field, "key")) {
		m->key_size = size;
		m->btf_key_type_id = id;
	} else {
		m->value_size = size;
		m->btf_value_type_id = id;
	}
	return 0;
}

/* __array(values, T) is encoded as T *values[]: T is the inner maps'
 * definition (map-in-map) or a function prototype (prog array). The inner
 * definition is read once, and itself has no values. */
static int btf_map_values(struct bb_map_def *m, const struct bb_btf *btf,
			  const struct btf_member *mb)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, mb->type));
	const struct btf_member *in;
	int err = 0;

	if (!t || bb_btf_kind(t) != BTF_KIND_ARRAY || !m->name || m->inner)
		return -EINVAL;
	t = bb_btf_type(btf, bb_btf_resolve(btf, ((const struct btf_array *)bb_btf_extra(t))->type));
	if (!t || bb_btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	m->has_values = 1;
	m->values_off = (mb->offset & 0xffffff) / 8;
	m->value_size = 4;
	t = bb_btf_type(btf, bb_btf_resolve(btf, t->type));
	if (t && bb_btf_kind(t) == BTF_KIND_FUNC_PROTO)
		return 0;
	if (!t || bb_btf_kind(t) != BTF_KIND_STRUCT || !(m->inner = calloc(1, sizeof(*m->inner))))
		return t && bb_btf_kind(t) == BTF_KIND_STRUCT ? -ENOMEM : -EINVAL;
	in = bb_btf_extra(t);
	for (unsigned int i = 0; !err && i < bb_btf_vlen(t); i++)
		err = btf_map_field(m->inner, btf, &in[i], bb_btf_str(btf, in[i].name_off));
	return err == -ENOENT ? -EINVAL : err;
}

static long map_symbol(struct parse *p, const char *name)
{
	for (size_t i = 0; i < p->nsyms; i++)
		if (is_map_sym(p, i, p->btf_maps_sec) && !strcmp(sym_name(p, i), name))
			return (long)i;
	return -1;
}

static int parse_btf_map(struct parse *p, const struct btf_var_secinfo *vs)
{
	const struct bb_btf *btf = p->o->btf;
	const struct btf_type *var = bb_btf_type(btf, vs->type), *def;
	const struct btf_member *mb;
	struct bb_map_def *m;
	const char *name;
	long sym;
	int err;

	if (!var || bb_btf_kind(var) != BTF_KIND_VAR)
		return parse_fail(p, -EINVAL, "section '.maps': BTF entry %u is not a variable",
				  vs->type);
	name = bb_btf_str(btf, var->name_off);
	def = bb_btf_type(btf, bb_btf_resolve(btf, var->type));
	if (!def || bb_btf_kind(def) != BTF_KIND_STRUCT)
		return parse_fail(p, -EINVAL, "map '%s': definition is not a struct", name);
	sym = map_symbol(p, name);
	if (sym < 0)
		return parse_fail(p, -EINVAL, "map '%s': no symbol for it in section '.maps'", name);
	m = add_map(p, name);
	if (!m)
		return -ENOMEM;
	m->origin = BB_MAP_BTF;
	m->sec_idx = (int)p->btf_maps_sec;
	m->sec_off = p->syms[sym].st_value;
	m->def_size = p->syms[sym].st_size;
	mb = bb_btf_extra(def);
	for (unsigned int i = 0; i < bb_btf_vlen(def); i++) {
		const char *field = bb_btf_str(btf, mb[i].name_off);

		err = btf_map_field(m, btf, &mb[i], field);
		if (err == -ENOENT)
			return parse_fail(p, -EINVAL, "map '%s': unknown field '%s'", name, field);
		if (err)
			return parse_fail(p, -EINVAL, "map '%s': field '%s' is not encoded the way "
					  "__uint/__type encode it", name, field);
	}
	/* LIBBPF_PIN_NONE and LIBBPF_PIN_BY_NAME; libbpf refuses any other. */
	if (m->pinning > 1)
		return parse_fail(p, -EINVAL, "map '%s': pinning %u is neither 0 (none) nor 1 (by "
				  "name)", name, m->pinning);
	return 0;
}

int parse_btf_maps(struct parse *p)
{
	const struct btf_type *ds;
	const struct btf_var_secinfo *vs;
	int id, err;

	if (p->btf_maps_sec < 0)
		return 0;
	if (!p->o->btf)
		return parse_fail(p, -EINVAL, "section '.maps' needs the object's BTF "
				  "(build with clang -g)");
	id = bb_btf_find(p->o->btf, ".maps", BTF_KIND_DATASEC);
	if (id < 0)
		return parse_fail(p, -EINVAL, "section '.maps' is not described in the BTF");
	ds = bb_btf_type(p->o->btf, (unsigned int)id);
	vs = bb_btf_extra(ds);
	for (unsigned int i = 0; i < bb_btf_vlen(ds); i++)
		if ((err = parse_btf_map(p, &vs[i])))
			return err;
	return 0;
}

static int is_data_section(const struct sec *s)
{
	static const char *const prefixes[] = { ".data", ".rodata", ".bss" };

	if (!(s->sh.sh_flags & SHF_ALLOC) || (s->sh.sh_flags & SHF_EXECINSTR) || !s->sh.sh_size)
		return 0;
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(prefixes[i]);

		if (!strncmp(s->name, prefixes[i], n) && (!s->name[n] || s->name[n] == '.'))
			return 1;
	}
	return 0;
}

static int add_vars(struct parse *p, size_t sec, size_t map)
{
	struct bb_object *o = p->o;
	size_t size = p->secs[sec].sh.sh_size;

	for (size_t i = 0; i < p->nsyms; i++) {
		const GElf_Sym *s = &p->syms[i];
		struct bb_var *v;

		if (s->st_shndx != sec || GELF_ST_TYPE(s->st_info) != STT_OBJECT)
			continue;
		if (s->st_value > size || s->st_size > size - s->st_value)
			return parse_fail(p, -EINVAL, "variable '%s' lies outside section '%s'",
					  bb_printable(sym_name(p, i)), p->secs[sec].name);
		v = realloc(o->vars, (o->nr_vars + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		o->vars = v;
		o->vars[o->nr_vars++] = (struct bb_var){
			.name = sym_name(p, i), .map = map, .off = s->st_value, .size = s->st_size,
		};
	}
	return 0;
}

int parse_data_maps(struct parse *p)
{
	int err;

	for (size_t i = 1; i < p->nsecs; i++) {
		struct sec *s = &p->secs[i];
		struct bb_map_def *m;

		if (!is_data_section(s))
			continue;
		/* NOBITS sizes cost nothing in the file, so a damaged one could ask for GiBs. */
		if (s->sh.sh_size > MAX_DATA_SECTION)
			return parse_fail(p, -E2BIG, "section '%s' is %zu bytes, more than a global "
					  "data map may hold", s->name, (size_t)s->sh.sh_size);
		m = add_map(p, s->name);
		if (!m || !(m->data = calloc(1, s->sh.sh_size)))
			return -ENOMEM;
		if (s->data)
			memcpy(m->data, s->data, s->sh.sh_size);
		m->origin = BB_MAP_DATA;
		m->type = BPF_MAP_TYPE_ARRAY;
		m->key_size = 4;
		m->value_size = (__u32)s->sh.sh_size;
		m->max_entries = 1;
		m->sec_idx = (int)i;
		if (!strncmp(s->name, ".rodata", 7)) {
			m->flags = BPF_F_RDONLY_PROG;
			m->frozen = 1;
		}
		s->map = (long)(m - p->o->maps);
		if ((err = add_vars(p, i, (size_t)s->map)))
			return err;
	}
	return 0;
}
