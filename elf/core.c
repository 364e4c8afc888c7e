#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "core.h"
#include "log.h"

#define MAX_ACC 64		/* access string components */
#define MAX_DEPTH 32		/* nesting of anonymous members and of compared types */
#define MAX_STEPS (1L << 20)	/* types visited per candidate, whatever the BTF */
#define MAX_BIT_OFF (1ull << 40)	/* far beyond any instruction's offset; keeps sums exact */
#define POISON_HELPER 0xbad2310	/* "bad relo"; the verifier names it only if reached */
#define INSN_LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)

/* A step of an access that a target has to reproduce: a named member (of
 * composite type_id) or an array index (into elements of type_id). */
struct acc {
	__u32 type_id, idx;
	const char *name;
};

struct spec {
	const struct bb_btf *btf;
	__u32 root;		/* the relocation's type, or the candidate's */
	struct acc acc[MAX_ACC];
	int len;
	__u64 bit_off;
	long steps;		/* bounds the search through anonymous members */
};

/* What one spec gives for a relocation. */
struct value {
	__u64 val;
	__u32 size, type;	/* FIELD_BYTE_OFFSET, not a bitfield: the field's bytes, type */
	int validate;		/* the instruction must hold the local value before patching */
	int low32;		/* only 32 bits of the value are known (a BTF_KIND_ENUM) */
	const char *poison;	/* why the instruction is poisoned, or NULL */
	__u32 cand;		/* the target type that gave it, 0 if none */
};

/* The target types of one essential name, in id order. */
struct cands {
	char *name;		/* the essential name, a copy */
	__u32 *ids;
	size_t n;
};

/* Names are looked up when a relocation first asks for one and kept for
 * every later relocation and program: nothing is indexed up front. */
struct cache {
	struct cands *v;
	size_t n, cap;
};

struct bb_core_target {
	const struct bb_btf *btf;
	struct cache *cache;	/* grows behind a const target */
};

/* One relocation being applied. */
struct relo {
	const struct bb_btf *local;
	const struct bb_core_target *target;
	const struct bb_core_relo *r;
	const char *prog;
	size_t nr;
	char desc[320];		/* kind, local type and access, for messages */
	char why[200];		/* poison reason with numbers */
};

static int is_field(__u32 kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

static int is_enumval(__u32 kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE;
}

const char *bb_core_kind_name(__u32 kind)
{
	static const char *const names[] = {
		"field_byte_offset", "field_byte_size", "field_exists", "field_signed",
		"field_lshift_u64", "field_rshift_u64", "type_id_local", "type_id_target",
		"type_exists", "type_size", "enumval_exists", "enumval_value", "type_matches",
	};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown";
}

static const char *btf_kind_name(int kind)
{
	static const char *const names[] = {
		"void", "int", "pointer", "array", "struct", "union", "enum", "fwd", "typedef",
		"volatile", "const", "restrict", "func", "func_proto", "var", "datasec", "float",
		"decl_tag", "type_tag", "enum64",
	};

	return kind >= 0 && (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

/* Length of name without its "___flavor" suffix: the last "___" that has a
 * non-underscore on both sides starts it. */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = n >= 4 ? n - 4 : 0; i >= 1; i--)
		if (name[i - 1] != '_' && !strncmp(name + i, "___", 3) && name[i + 3] != '_')
			return i;
	return n;
}

static int same_essential(const char *a, const char *b)
{
	size_t la = essential_len(a);

	return la == essential_len(b) && !strncmp(a, b, la);
}

int bb_core_target_new(const struct bb_btf *btf, struct bb_core_target **out)
{
	struct bb_core_target *t = calloc(1, sizeof(*t));

	if (!t || !(t->cache = calloc(1, sizeof(*t->cache)))) {
		free(t);
		return -ENOMEM;
	}
	t->btf = btf;
	*out = t;
	return 0;
}

void bb_core_target_free(struct bb_core_target *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->cache->n; i++) {
		free(t->cache->v[i].name);
		free(t->cache->v[i].ids);
	}
	free(t->cache->v);
	free(t->cache);
	free(t);
}

static int push_u32(__u32 **v, size_t *n, size_t *cap, __u32 x)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		__u32 *nv = realloc(*v, c * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = x;
	return 0;
}

/* Every string offset whose string has the essential name name[0..len),
 * ascending: memmem over the string section, so no string is visited one by
 * one. An offset may start inside a longer string; a type may name it. */
static int name_offsets(const char *strs, size_t slen, const char *name, size_t len,
			__u32 **offs, size_t *n)
{
	const char *p = strs, *end = strs + slen;
	size_t cap = 0;
	int err;

	while (p < end && (p = memmem(p, (size_t)(end - p), name, len))) {
		if (essential_len(p) == len && (err = push_u32(offs, n, &cap, (__u32)(p - strs))))
			return err;
		p++;
	}
	return 0;
}

static int has_off(const __u32 *offs, size_t n, __u32 off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (offs[mid] == off)
			return 1;
		if (offs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The candidates of a name: the string offsets that spell it, then one pass
 * over the types comparing name offsets only. Split BTF (offsets continue
 * the base's) compares the names themselves. */
static int collect(const struct bb_btf *btf, struct cands *c, size_t len)
{
	unsigned int count = bb_btf_count(btf);
	size_t slen, noffs = 0, cap = 0;
	const char *strs = bb_btf_strings(btf, &slen);
	__u32 *offs = NULL;
	int err = strs ? name_offsets(strs, slen, c->name, len, &offs, &noffs) : 0;

	for (unsigned int id = 1; !err && (!strs || noffs) && id < count; id++) {
		const struct btf_type *t = bb_btf_type(btf, id);
		const char *s;
		int hit;

		if (strs) {
			hit = has_off(offs, noffs, t->name_off);
		} else {
			s = bb_btf_str(btf, t->name_off);
			hit = *s && essential_len(s) == len && !strncmp(s, c->name, len);
		}
		if (hit)
			err = push_u32(&c->ids, &c->n, &cap, id);
	}
	free(offs);
	return err;
}

/* The target types whose essential name is name's, found once per name. */
static int cands_of(const struct bb_core_target *t, const char *name, const struct cands **out)
{
	struct cache *k = t->cache;
	size_t len = essential_len(name);
	struct cands *c;
	int err;

	for (size_t i = 0; i < k->n; i++)
		if (!strncmp(k->v[i].name, name, len) && !k->v[i].name[len]) {
			*out = &k->v[i];
			return 0;
		}
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 8;
		struct cands *v = realloc(k->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		k->v = v;
		k->cap = cap;
	}
	c = &k->v[k->n];
	*c = (struct cands){ .name = strndup(name, len) };
	if (!c->name)
		return -ENOMEM;
	if ((err = collect(t->btf, c, len))) {
		free(c->name);
		free(c->ids);
		return err;
	}
	*out = &k->v[k->n++];
	return 0;
}

static int kinds_compat(int a, int b)
{
	if (a == BTF_KIND_ENUM64)
		a = BTF_KIND_ENUM;
	if (b == BTF_KIND_ENUM64)
		b = BTF_KIND_ENUM;
	return a == b;
}

/* Skips typedefs and qualifiers; NULL for void or a broken chain. */
static const struct btf_type *skip(const struct bb_btf *btf, __u32 *id)
{
	*id = bb_btf_resolve(btf, *id);
	return bb_btf_type(btf, *id);
}

static int is_composite(const struct btf_type *t)
{
	return t && (bb_btf_kind(t) == BTF_KIND_STRUCT || bb_btf_kind(t) == BTF_KIND_UNION);
}

static const struct btf_member *member(const struct btf_type *t, __u32 i)
{
	return (const struct btf_member *)bb_btf_extra(t) + i;
}

static const char *enum_name(const struct bb_btf *btf, const struct btf_type *t, __u32 i)
{
	return bb_btf_str(btf, bb_btf_enum_name_off(t, i));
}

/* Adds idx elements of sz bytes to *bit_off; 0 if that leaves any sane range. */
static int add_elems(__u64 *bit_off, __u64 idx, long long sz)
{
	if (sz < 0 || (sz && idx > MAX_BIT_OFF / 8 / (__u64)sz))
		return 0;
	*bit_off += idx * (__u64)sz * 8;
	return *bit_off < MAX_BIT_OFF;
}

/* "0:12:3" into raw[]; the components are decimal, at most MAX_ACC of them. */
static int parse_access(const char *s, __u32 *raw, int *n)
{
	*n = 0;
	do {
		__u64 v = 0;

		if (*s < '0' || *s > '9' || *n == MAX_ACC)
			return -EINVAL;
		for (; *s >= '0' && *s <= '9'; s++)
			if ((v = v * 10 + (__u64)(*s - '0')) > INT32_MAX)
				return -EINVAL;
		raw[(*n)++] = (__u32)v;
	} while (*s++ == ':');
	return s[-1] == '\0' ? 0 : -EINVAL;
}

/* An array of zero elements that is the last member of its struct. */
static int is_flex(const struct bb_btf *btf, const struct acc *parent, const struct btf_array *a)
{
	const struct btf_type *t = bb_btf_type(btf, parent->type_id);

	return parent->name && a->nelems == 0 && t && parent->idx + 1 == bb_btf_vlen(t);
}

static int push(struct spec *s, __u32 type_id, __u32 idx, const char *name)
{
	if (s->len == MAX_ACC)
		return 0;
	s->acc[s->len++] = (struct acc){ type_id, idx, name };
	return 1;
}

static const char *walk_member(struct spec *s, __u32 *id, const struct btf_type *t, __u32 idx)
{
	const struct btf_member *m;

	if (idx >= bb_btf_vlen(t))
		return "member index past the last member";
	m = member(t, idx);
	s->bit_off += bb_btf_member_bit_off(t, idx);
	if (m->name_off) {
		const char *name = bb_btf_str(s->btf, m->name_off);

		if (!*name)
			return "member name outside the string table";
		push(s, *id, idx, name);
	}
	*id = m->type;
	return NULL;
}

static const char *walk_index(struct spec *s, __u32 *id, const struct btf_type *t, __u32 idx)
{
	const struct btf_array *a = bb_btf_extra(t);
	int flex = is_flex(s->btf, &s->acc[s->len - 1], a);

	*id = a->type;
	if (!skip(s->btf, id))
		return "array of void";
	if (!flex && idx >= a->nelems)
		return "array index out of bounds";
	push(s, *id, idx, NULL);
	if (!add_elems(&s->bit_off, idx, bb_btf_size(s->btf, *id)))
		return "array element without a size, or offset out of range";
	return NULL;
}

/* Follows a field access string through the local BTF. */
static const char *field_spec(struct spec *s, const __u32 *raw, int n)
{
	__u32 id = s->root;
	const char *why = NULL;

	if (!skip(s->btf, &id))
		return "root type is void";
	push(s, id, raw[0], NULL);
	if (!add_elems(&s->bit_off, raw[0], bb_btf_size(s->btf, id)))
		return "root type has no size, or offset out of range";
	for (int i = 1; i < n && !why; i++) {
		const struct btf_type *t = skip(s->btf, &id);

		if (is_composite(t))
			why = walk_member(s, &id, t, raw[i]);
		else if (t && bb_btf_kind(t) == BTF_KIND_ARRAY)
			why = walk_index(s, &id, t, raw[i]);
		else
			why = "access string indexes into neither a struct, a union nor an array";
	}
	return why;
}

static const char *local_spec(const struct relo *c, struct spec *s)
{
	const struct bb_core_relo *r = c->r;
	const char *access = bb_btf_str(c->local, r->access_str_off);
	const struct btf_type *t;
	__u32 raw[MAX_ACC], id = r->type_id;
	int n;

	memset(s, 0, sizeof(*s));
	s->btf = c->local;
	s->root = r->type_id;
	if (!bb_btf_type(c->local, r->type_id))
		return "type id is not in the object's BTF";
	if (parse_access(access, raw, &n))
		return "access string is not a list of indexes";
	if (is_field(r->kind))
		return field_spec(s, raw, n);
	if (is_enumval(r->kind)) {
		t = skip(c->local, &id);
		if (!t || !kinds_compat(bb_btf_kind(t), BTF_KIND_ENUM))
			return "enum value relocation against a type that is not an enum";
		if (n != 1 || raw[0] >= bb_btf_vlen(t))
			return "enum value index out of range";
		push(s, id, raw[0], enum_name(c->local, t, raw[0]));
		return NULL;
	}
	return n == 1 && raw[0] == 0 ? NULL : "type relocation with an access other than \"0\"";
}

/* kind, root type and the access in C terms, e.g. "field_byte_offset of
 * struct task_struct.se.vruntime (0:120:3)". */
static void describe(struct relo *c, const struct spec *s)
{
	const struct btf_type *t = bb_btf_type(c->local, c->r->type_id);
	const char *name = bb_btf_name(c->local, c->r->type_id);
	size_t n = sizeof(c->desc), len;

	len = (size_t)snprintf(c->desc, n, "%s of %s %s", bb_core_kind_name(c->r->kind),
			       t ? btf_kind_name(bb_btf_kind(t)) : "?",
			       *name ? bb_printable(name) : "(anon)");
	for (int i = 0; i < s->len && len < n; i++) {
		const struct acc *a = &s->acc[i];

		char *end = c->desc + len;

		if (is_enumval(c->r->kind))
			len += (size_t)snprintf(end, n - len, "::%s", bb_printable(a->name));
		else if (a->name)
			len += (size_t)snprintf(end, n - len, ".%s", bb_printable(a->name));
		else if (i > 0 || a->idx)
			len += (size_t)snprintf(end, n - len, "[%u]", a->idx);
	}
	if (len < n && (is_field(c->r->kind) || is_enumval(c->r->kind)))
		snprintf(c->desc + len, n - len, " (%s)",
			 bb_printable(bb_btf_str(c->local, c->r->access_str_off)));
}

/* Field types a relocated access may see on the two sides. */
static int fields_compat(const struct bb_btf *lb, __u32 lid, const struct bb_btf *tb, __u32 tid)
{
	for (int depth = 0; depth < MAX_DEPTH; depth++) {
		const struct btf_type *l = skip(lb, &lid), *t = skip(tb, &tid);

		if (!l || !t)
			return !l && !t;
		if (is_composite(l) && is_composite(t))
			return 1;
		if (!kinds_compat(bb_btf_kind(l), bb_btf_kind(t)))
			return 0;
		switch (bb_btf_kind(l)) {
		case BTF_KIND_PTR: case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: {
			const char *ln = bb_btf_str(lb, l->name_off);
			const char *tn = bb_btf_str(tb, t->name_off);

			return !*ln || !*tn || same_essential(ln, tn);
		}
		case BTF_KIND_INT:
			return !BTF_INT_OFFSET(bb_btf_int_enc(l)) && !BTF_INT_OFFSET(bb_btf_int_enc(t));
		case BTF_KIND_ARRAY:
			lid = ((const struct btf_array *)bb_btf_extra(l))->type;
			tid = ((const struct btf_array *)bb_btf_extra(t))->type;
			break;
		default:
			return 0;
		}
	}
	return 0;
}

/* Finds member name of composite id, looking inside anonymous members too;
 * adds its bit offset to s->bit_off. */
static int find_member(struct spec *s, __u32 id, const char *name, struct acc *found,
		       __u32 *type, int depth)
{
	const struct btf_type *t = skip(s->btf, &id);

	if (!is_composite(t) || depth > MAX_DEPTH)
		return 0;
	for (__u32 i = 0; i < bb_btf_vlen(t) && --s->steps > 0; i++) {
		const struct btf_member *m = member(t, i);
		const char *mname = bb_btf_str(s->btf, m->name_off);

		if (*mname && strcmp(mname, name))
			continue;
		s->bit_off += bb_btf_member_bit_off(t, i);
		if (*mname) {
			*found = (struct acc){ id, i, mname };
			*type = m->type;
			return 1;
		}
		if (find_member(s, m->type, name, found, type, depth + 1))
			return 1;
		s->bit_off -= bb_btf_member_bit_off(t, i);
	}
	return 0;
}

static int match_index(const struct spec *l, int i, struct spec *s, __u32 *id)
{
	const struct btf_type *t = skip(s->btf, id);

	if (i > 0) {
		const struct btf_array *a;

		if (!t || bb_btf_kind(t) != BTF_KIND_ARRAY)
			return 0;
		a = bb_btf_extra(t);
		if (!is_flex(s->btf, &s->acc[s->len - 1], a) && l->acc[i].idx >= a->nelems)
			return 0;
		*id = a->type;
		if (!skip(s->btf, id))
			return 0;
	}
	return push(s, *id, l->acc[i].idx, NULL) &&
	       add_elems(&s->bit_off, l->acc[i].idx, bb_btf_size(s->btf, *id));
}

/* Reproduces the local field access on target type cand. */
static int match_field(const struct spec *l, const struct bb_btf *tb, __u32 cand, struct spec *s)
{
	__u32 id = cand;

	for (int i = 0; i < l->len; i++) {
		const struct acc *la = &l->acc[i];
		const struct btf_type *lt = bb_btf_type(l->btf, la->type_id);
		struct acc ta;
		__u32 mtype;

		if (!la->name) {
			if (!match_index(l, i, s, &id))
				return 0;
			continue;
		}
		if (!find_member(s, id, la->name, &ta, &mtype, 0) ||
		    !fields_compat(l->btf, member(lt, la->idx)->type, tb, mtype) ||
		    !push(s, ta.type_id, ta.idx, ta.name))
			return 0;
		id = mtype;
	}
	return 1;
}

/* Two BTFs being compared; steps bounds the work a crafted BTF can cause. */
struct cmp {
	const struct bb_btf *lb, *tb;
	long steps;
};

/* Compatibility of whole types, for TYPE_EXISTS, TYPE_SIZE and TYPE_ID_TARGET. */
static int types_compat(struct cmp *k, __u32 lid, __u32 tid, int depth)
{
	for (; depth < MAX_DEPTH && --k->steps > 0; depth++) {
		const struct btf_type *l = skip(k->lb, &lid), *t = skip(k->tb, &tid);
		const struct btf_param *lp, *tp;

		if (!l || !t)
			return !l && !t;
		if (!kinds_compat(bb_btf_kind(l), bb_btf_kind(t)))
			return 0;
		switch (bb_btf_kind(l)) {
		case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		case BTF_KIND_FWD: case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_INT:
			return !BTF_INT_OFFSET(bb_btf_int_enc(l)) && !BTF_INT_OFFSET(bb_btf_int_enc(t));
		case BTF_KIND_PTR:
			lid = l->type;
			tid = t->type;
			break;
		case BTF_KIND_ARRAY:
			lid = ((const struct btf_array *)bb_btf_extra(l))->type;
			tid = ((const struct btf_array *)bb_btf_extra(t))->type;
			break;
		case BTF_KIND_FUNC_PROTO:
			if (bb_btf_vlen(l) != bb_btf_vlen(t))
				return 0;
			lp = bb_btf_extra(l);
			tp = bb_btf_extra(t);
			for (__u32 i = 0; i < bb_btf_vlen(l); i++)
				if (!types_compat(k, lp[i].type, tp[i].type, depth + 1))
					return 0;
			lid = l->type;
			tid = t->type;
			break;
		default:
			return 0;
		}
	}
	return 0;
}

static int names_match(const struct cmp *k, __u32 loff, __u32 toff)
{
	const char *l = bb_btf_str(k->lb, loff), *t = bb_btf_str(k->tb, toff);

	return *t ? same_essential(l, t) : !*l;
}

static int enums_match(struct cmp *k, const struct btf_type *l, const struct btf_type *t)
{
	if (l->size != t->size)
		return 0;
	for (__u32 i = 0; i < bb_btf_vlen(l); i++) {
		__u32 j = 0;

		while (j < bb_btf_vlen(t) && --k->steps > 0 &&
		       !same_essential(enum_name(k->lb, l, i), enum_name(k->tb, t, j)))
			j++;
		if (j == bb_btf_vlen(t) || k->steps <= 0)
			return 0;
	}
	return 1;
}

static int types_match(struct cmp *k, __u32 lid, __u32 tid, int behind_ptr, int depth);

static int members_match(struct cmp *k, const struct btf_type *l, const struct btf_type *t,
			 int depth)
{
	for (__u32 i = 0; i < bb_btf_vlen(l); i++) {
		const struct btf_member *lm = member(l, i);
		__u32 j = 0;

		while (j < bb_btf_vlen(t) && --k->steps > 0 &&
		       !(names_match(k, lm->name_off, member(t, j)->name_off) &&
			 types_match(k, lm->type, member(t, j)->type, 0, depth + 1)))
			j++;
		if (j == bb_btf_vlen(t) || k->steps <= 0)
			return 0;
	}
	return 1;
}

/* A struct or union behind a pointer may meet a forward declaration of the
 * same kind of aggregate (fwd's kind flag: 1 for union). */
static int aggregates_match(int lk, int lflag, int tk, int tflag)
{
	int lunion = lk == BTF_KIND_FWD ? lflag : lk == BTF_KIND_UNION;
	int tunion = tk == BTF_KIND_FWD ? tflag : tk == BTF_KIND_UNION;

	return lunion == tunion;
}

static int aggregate_match(struct cmp *k, const struct btf_type *l, const struct btf_type *t,
			   int behind_ptr, int depth)
{
	int lk = bb_btf_kind(l), tk = bb_btf_kind(t);

	if (behind_ptr && (lk == BTF_KIND_FWD || tk == BTF_KIND_FWD || lk == tk))
		return (lk == tk && lk != BTF_KIND_FWD) ||
		       aggregates_match(lk, BTF_INFO_KFLAG(l->info), tk, BTF_INFO_KFLAG(t->info));
	if (lk != tk)
		return 0;
	if (lk == BTF_KIND_FWD)
		return BTF_INFO_KFLAG(l->info) == BTF_INFO_KFLAG(t->info);
	return bb_btf_vlen(l) <= bb_btf_vlen(t) && members_match(k, l, t, depth);
}

static int params_match(struct cmp *k, const struct btf_type *l, const struct btf_type *t,
			int behind_ptr, int depth)
{
	const struct btf_param *lp = bb_btf_extra(l), *tp = bb_btf_extra(t);

	if (bb_btf_vlen(l) != bb_btf_vlen(t))
		return 0;
	for (__u32 i = 0; i < bb_btf_vlen(l); i++)
		if (!types_match(k, lp[i].type, tp[i].type, behind_ptr, depth + 1))
			return 0;
	return 1;
}

static int signed_type(const struct btf_type *t)
{
	if (t && bb_btf_kind(t) == BTF_KIND_INT)
		return (BTF_INT_ENCODING(bb_btf_int_enc(t)) & BTF_INT_SIGNED) != 0;
	return t && kinds_compat(bb_btf_kind(t), BTF_KIND_ENUM) && bb_btf_enum_signed(t);
}

/* C leaves the sign of plain char to the compiler: clang's BTF says signed,
 * the kernel's does not. */
static int plain_char(const struct bb_btf *btf, const struct btf_type *t)
{
	return t->size == 1 && !strcmp(bb_btf_str(btf, t->name_off), "char");
}

/* The stricter TYPE_MATCHES relation: same kinds, names and shapes, local
 * members and enumerators all present in the target. */
static int types_match(struct cmp *k, __u32 lid, __u32 tid, int behind_ptr, int depth)
{
	for (; depth < MAX_DEPTH && --k->steps > 0; depth++) {
		const struct btf_type *l = skip(k->lb, &lid), *t = skip(k->tb, &tid);
		int lk, tk;

		if (!l || !t)
			return !l && !t;
		lk = bb_btf_kind(l);
		tk = bb_btf_kind(t);
		/* compilers spell base types differently ("unsigned long", "long
		 * unsigned int"): integers match by size and sign alone */
		if (lk != BTF_KIND_INT && lk != BTF_KIND_FLOAT &&
		    !names_match(k, l->name_off, t->name_off))
			return 0;
		if (lk == BTF_KIND_FWD || lk == BTF_KIND_STRUCT || lk == BTF_KIND_UNION)
			return aggregate_match(k, l, t, behind_ptr, depth);
		if (lk == BTF_KIND_ENUM || lk == BTF_KIND_ENUM64)
			return kinds_compat(lk, tk) && enums_match(k, l, t);
		if (lk != tk)
			return 0;
		if (lk == BTF_KIND_INT)
			return l->size == t->size &&
			       (plain_char(k->lb, l) || plain_char(k->tb, t) ||
				signed_type(l) == signed_type(t));
		if (lk == BTF_KIND_FLOAT)
			return l->size == t->size;
		if (lk == BTF_KIND_ARRAY) {
			const struct btf_array *la = bb_btf_extra(l), *ta = bb_btf_extra(t);

			if (la->nelems != ta->nelems)
				return 0;
			lid = la->type;
			tid = ta->type;
		} else if (lk == BTF_KIND_PTR || lk == BTF_KIND_FUNC_PROTO) {
			if (lk == BTF_KIND_PTR)
				behind_ptr = 1;
			else if (!params_match(k, l, t, behind_ptr, depth))
				return 0;
			lid = l->type;
			tid = t->type;
		} else {
			return 0;
		}
	}
	return 0;
}

static void field_shifts(__u32 kind, __u64 bit_off, __u32 bits, __u64 byte_off, __u32 byte_sz,
			 struct value *v)
{
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET: v->val = byte_off; break;
	case BPF_CORE_FIELD_BYTE_SIZE: v->val = byte_sz; break;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	case BPF_CORE_FIELD_LSHIFT_U64: v->val = 64 - (bit_off + bits - byte_off * 8); break;
#else
	case BPF_CORE_FIELD_LSHIFT_U64: v->val = (8 - byte_sz) * 8 + bit_off - byte_off * 8; break;
#endif
	default: v->val = 64 - bits; break;	/* RSHIFT_U64 */
	}
}

static const char *bitfield_value(__u32 kind, __u64 bit_off, __u32 bits, __u32 byte_sz,
				  struct value *v)
{
	__u64 byte_off = bit_off / 8 / byte_sz * byte_sz;

	/* the smallest aligned load of at most 8 bytes that covers the bits */
	while (bit_off + bits - byte_off * 8 > byte_sz * 8) {
		if (byte_sz >= 8)
			return "bitfield cannot be read with one load of 8 bytes";
		byte_sz *= 2;
		byte_off = bit_off / 8 / byte_sz * byte_sz;
	}
	field_shifts(kind, bit_off, bits, byte_off, byte_sz, v);
	/* clang sizes bitfield loads its own way: only the right shift is certain */
	v->validate = kind == BPF_CORE_FIELD_RSHIFT_U64;
	return NULL;
}

/* The value of a field relocation for a matched spec (local or target). */
static const char *field_value(__u32 kind, const struct spec *s, struct value *v)
{
	const struct acc *a = &s->acc[s->len - 1];
	const struct btf_type *parent = bb_btf_type(s->btf, a->type_id), *ft;
	__u32 type, bits;
	long long sz;

	v->validate = 1;
	if (kind == BPF_CORE_FIELD_EXISTS) {
		v->val = 1;
		return NULL;
	}
	if (!a->name) {		/* the whole root, or an array element */
		if (kind != BPF_CORE_FIELD_BYTE_OFFSET && kind != BPF_CORE_FIELD_BYTE_SIZE)
			return "only offset and size apply to an array element";
		sz = bb_btf_size(s->btf, a->type_id);
		if (kind == BPF_CORE_FIELD_BYTE_SIZE) {
			v->val = (__u64)sz;
			return NULL;
		}
		v->val = s->bit_off / 8;
		v->size = (__u32)sz;
		v->type = a->type_id;
		return NULL;
	}
	type = member(parent, a->idx)->type;
	ft = skip(s->btf, &type);
	bits = bb_btf_member_bitfield(parent, a->idx);
	if (kind == BPF_CORE_FIELD_SIGNED) {
		v->val = signed_type(ft);
		return NULL;
	}
	if (bits)
		return ft && ft->size ? bitfield_value(kind, s->bit_off, bits, ft->size, v)
				      : "bitfield of a type without a size";
	if ((sz = bb_btf_size(s->btf, type)) < 0)
		return "field type has no size";
	field_shifts(kind, s->bit_off, (__u32)sz * 8, s->bit_off / 8, (__u32)sz, v);
	if (kind == BPF_CORE_FIELD_BYTE_OFFSET) {
		v->size = (__u32)sz;
		v->type = type;
	}
	return NULL;
}

static const char *type_value(const struct relo *c, const struct spec *s, struct value *v)
{
	long long sz;

	v->validate = 1;
	switch (c->r->kind) {
	case BPF_CORE_TYPE_ID_LOCAL: case BPF_CORE_TYPE_ID_TARGET:
		v->val = s->root;
		v->validate = 0;	/* ids change when objects are linked */
		return NULL;
	case BPF_CORE_TYPE_SIZE:
		if ((sz = bb_btf_size(s->btf, s->root)) < 0)
			return "type has no size";
		v->val = (__u64)sz;
		return NULL;
	default:
		v->val = 1;
		return NULL;
	}
}

static const char *enum_result(const struct relo *c, const struct spec *s, struct value *v)
{
	const struct acc *a = &s->acc[0];
	const struct btf_type *t = bb_btf_type(s->btf, a->type_id);

	v->val = c->r->kind == BPF_CORE_ENUMVAL_EXISTS ? 1 : bb_btf_enum_value(t, a->idx);
	v->validate = 1;
	v->low32 = bb_btf_kind(t) == BTF_KIND_ENUM;
	return NULL;
}

static const char *spec_value(const struct relo *c, const struct spec *s, struct value *v)
{
	memset(v, 0, sizeof(*v));
	if (is_field(c->r->kind))
		return field_value(c->r->kind, s, v);
	if (is_enumval(c->r->kind))
		return enum_result(c, s, v);
	return type_value(c, s, v);
}

/* Matches the local spec against target type cand: 1 with *s filled, or 0. */
static int match(const struct relo *c, const struct spec *l, __u32 cand, struct spec *s)
{
	const struct bb_btf *tb = c->target->btf;
	const struct btf_type *t;
	struct cmp k = { l->btf, tb, MAX_STEPS };
	__u32 id = cand;

	memset(s, 0, sizeof(*s));
	s->btf = tb;
	s->root = cand;
	s->steps = MAX_STEPS;
	if (is_field(c->r->kind))
		return match_field(l, tb, cand, s);
	if (c->r->kind == BPF_CORE_TYPE_MATCHES)
		return types_match(&k, l->root, cand, 0, 0);
	if (!is_enumval(c->r->kind))
		return types_compat(&k, l->root, cand, 0);
	t = skip(tb, &id);
	if (!t || !kinds_compat(bb_btf_kind(t), BTF_KIND_ENUM))
		return 0;
	for (__u32 i = 0; i < bb_btf_vlen(t); i++)
		if (same_essential(l->acc[0].name, enum_name(tb, t, i)))
			return push(s, id, i, enum_name(tb, t, i));
	return 0;
}

static int same_value(const struct value *a, const struct value *b)
{
	return !a->poison == !b->poison && a->val == b->val && a->size == b->size;
}

/* What no matching target gives: 0 for the questions (does it exist, how
 * big, which id), a poisoned instruction for everything else. */
static void no_match(struct relo *c, const struct spec *l, const char *name, int nr_cands,
		     struct value *v)
{
	switch (c->r->kind) {
	case BPF_CORE_FIELD_EXISTS: case BPF_CORE_TYPE_EXISTS: case BPF_CORE_TYPE_MATCHES:
	case BPF_CORE_TYPE_SIZE: case BPF_CORE_TYPE_ID_TARGET: case BPF_CORE_ENUMVAL_EXISTS:
		v->val = 0;
		return;
	}
	if (nr_cands && is_enumval(c->r->kind))
		snprintf(c->why, sizeof(c->why), "no enumerator '%.*s' in the %d target type(s) "
			 "named '%.*s'", (int)essential_len(l->acc[0].name), l->acc[0].name,
			 nr_cands, (int)essential_len(name), name);
	else if (nr_cands)
		snprintf(c->why, sizeof(c->why), "no compatible field in the %d target type(s) "
			 "named '%.*s'", nr_cands, (int)essential_len(name), name);
	else
		snprintf(c->why, sizeof(c->why), "the target has no type named '%.*s'",
			 (int)essential_len(name), name);
	v->poison = c->why;
}

/* 1 when candidates disagree (res poisoned), 0, or -ENOMEM. */
static int target_value(struct relo *c, const struct spec *l, struct value *res)
{
	const char *name = bb_btf_name(c->local, c->r->type_id);
	int lkind = bb_btf_kind(bb_btf_type(c->local, c->r->type_id)), nr = 0, found = 0;
	const struct cands *cs;
	struct spec s;
	struct value v;
	int err;

	memset(res, 0, sizeof(*res));
	if ((err = cands_of(c->target, name, &cs)))
		return err;
	for (size_t i = 0; i < cs->n; i++) {
		__u32 cand = cs->ids[i];

		if (!kinds_compat(lkind, bb_btf_kind(bb_btf_type(c->target->btf, cand))))
			continue;
		nr++;
		if (!match(c, l, cand, &s))
			continue;
		v.poison = spec_value(c, &s, &v);
		v.cand = cand;
		if (found++ && !same_value(res, &v)) {
			snprintf(c->why, sizeof(c->why), "ambiguous: target types [%u] and [%u] "
				 "give %llu and %llu", res->cand, cand,
				 (unsigned long long)res->val, (unsigned long long)v.val);
			res->poison = c->why;
			return 1;
		}
		*res = v;
	}
	if (!found)
		no_match(c, l, name, nr, res);
	return 0;
}

__attribute__((format(printf, 3, 4)))
static int fail(const struct relo *c, int err, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bb_err("program '%s': CO-RE relocation #%zu at insn %zu: %s: %s", c->prog, c->nr,
	       c->r->insn, c->desc, msg);
	return err;
}

static void poison(struct bpf_insn *in)
{
	*in = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL, .imm = POISON_HELPER };
}

static void report(const struct relo *c, const struct value *res, unsigned long long before,
		   const char *extra)
{
	const struct bb_btf *tb = c->target->btf;
	const struct btf_type *t = bb_btf_type(tb, res->cand);

	if (res->poison)
		bb_debug("program '%s': CO-RE relocation #%zu at insn %zu: %s: poisoned, %s",
			 c->prog, c->nr, c->r->insn, c->desc, res->poison);
	else if (t && c->r->kind != BPF_CORE_TYPE_ID_LOCAL)
		bb_debug("program '%s': CO-RE relocation #%zu at insn %zu: %s: %llu -> %llu%s "
			 "(target [%u] %s %s)", c->prog, c->nr, c->r->insn, c->desc, before,
			 (unsigned long long)res->val, extra, res->cand,
			 btf_kind_name(bb_btf_kind(t)), bb_btf_name(tb, res->cand));
	else
		bb_debug("program '%s': CO-RE relocation #%zu at insn %zu: %s: %llu -> %llu%s%s",
			 c->prog, c->nr, c->r->insn, c->desc, before, (unsigned long long)res->val,
			 extra, c->r->kind == BPF_CORE_TYPE_ID_LOCAL ? ""
								    : " (no match in the target)");
}

static int fits_imm(__u8 cls, __u64 v)
{
	return (__u64)(__s64)(__s32)v == v || (cls == BPF_ALU && v <= UINT32_MAX);
}

static int patch_alu(const struct relo *c, const struct value *orig, const struct value *res,
		     struct bpf_insn *in)
{
	__s32 before = in->imm;

	if (BPF_SRC(in->code) != BPF_K)
		return fail(c, -EINVAL, "ALU instruction takes a register, not an immediate");
	if (orig->validate && (__u32)in->imm != (__u32)orig->val)
		return fail(c, -EINVAL, "immediate is %d, not the local value %llu", in->imm,
			    (unsigned long long)orig->val);
	if (res->poison) {
		poison(in);
		report(c, res, 0, "");
		return 0;
	}
	if (!fits_imm(BPF_CLASS(in->code), res->val))
		return fail(c, -ERANGE, "value %llu does not fit a 32-bit immediate",
			    (unsigned long long)res->val);
	in->imm = (__s32)res->val;
	report(c, res, (unsigned long long)(__s64)before, "");
	return 0;
}

static int insn_bytes(const struct bpf_insn *in)
{
	static const int bytes[] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2, [BPF_B >> 3] = 1,
				     [BPF_DW >> 3] = 8 };

	return bytes[BPF_SIZE(in->code) >> 3];
}

static int size_code(__u32 bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	case 8: return BPF_DW;
	default: return -1;
	}
}

/* A load may read a field at its target size only where zero extension
 * keeps the value: unsigned integers and pointers. */
static int resize_safe(const struct relo *c, const struct value *orig, const struct value *res)
{
	const struct btf_type *l = bb_btf_type(c->local, orig->type);
	const struct btf_type *t = bb_btf_type(c->target->btf, res->type);

	if (!l || !t || bb_btf_kind(l) != bb_btf_kind(t))
		return 0;
	if (bb_btf_kind(l) == BTF_KIND_PTR)
		return 1;
	return bb_btf_kind(l) == BTF_KIND_INT && !signed_type(l) && !signed_type(t);
}

/* Why a load or store of a field whose size changed cannot be patched, or NULL. */
static const char *resize_problem(struct relo *c, const struct value *orig,
				  const struct value *res, const struct bpf_insn *in)
{
	if (BPF_CLASS(in->code) != BPF_LDX)
		snprintf(c->why, sizeof(c->why), "the field is %u bytes in the target, %u here, "
			 "and a store cannot change its width", res->size, orig->size);
	else if (!resize_safe(c, orig, res) || size_code(res->size) < 0)
		snprintf(c->why, sizeof(c->why), "the field is %u bytes in the target, %u here, "
			 "and only unsigned integers and pointers can be loaded at another size",
			 res->size, orig->size);
	else
		return NULL;
	return c->why;
}

static int patch_mem(struct relo *c, const struct value *orig, struct value *res,
		     struct bpf_insn *in)
{
	int resize = !res->poison && orig->size && res->size && orig->size != res->size;
	char extra[48] = "";
	__s16 before = in->off;

	if (BPF_MODE(in->code) != BPF_MEM || c->r->kind != BPF_CORE_FIELD_BYTE_OFFSET)
		return fail(c, -EINVAL, "a load or store can only take a plain field offset");
	if (orig->validate && (__u64)(__s64)in->off != orig->val)
		return fail(c, -EINVAL, "offset is %d, not the local value %llu", in->off,
			    (unsigned long long)orig->val);
	if (resize && insn_bytes(in) != (int)orig->size)
		return fail(c, -EINVAL, "accesses %d bytes of a %u-byte field", insn_bytes(in),
			    orig->size);
	if (resize && !res->poison)
		res->poison = resize_problem(c, orig, res, in);
	if (res->poison) {
		poison(in);
		report(c, res, 0, "");
		return 0;
	}
	if (res->val > INT16_MAX)
		return fail(c, -ERANGE, "offset %llu does not fit a 16-bit offset",
			    (unsigned long long)res->val);
	in->off = (__s16)res->val;
	if (resize) {
		in->code = (__u8)(BPF_LDX | BPF_MEM | size_code(res->size));
		snprintf(extra, sizeof(extra), ", load of %u -> %u bytes", orig->size, res->size);
	}
	report(c, res, (unsigned long long)before, extra);
	return 0;
}

static int patch_ld_imm64(const struct relo *c, const struct value *orig, const struct value *res,
			  struct bpf_insn *in, size_t left)
{
	__u64 before, mask;

	if (left < 2 || in[0].src_reg || in[0].off || in[1].code || in[1].dst_reg ||
	    in[1].src_reg || in[1].off)
		return fail(c, -EINVAL, "ld_imm64 cut off, or not loading a plain number");
	before = (__u32)in[0].imm | (__u64)(__u32)in[1].imm << 32;
	mask = orig->low32 ? UINT32_MAX : UINT64_MAX;
	if (orig->validate && (before & mask) != (orig->val & mask))
		return fail(c, -EINVAL, "immediate is %llu, not the local value %llu",
			    (unsigned long long)before, (unsigned long long)orig->val);
	if (res->poison) {
		poison(&in[0]);
		poison(&in[1]);	/* else the verifier stops at the second half's opcode 0 */
		report(c, res, 0, "");
		return 0;
	}
	in[0].imm = (__s32)(__u32)res->val;
	in[1].imm = (__s32)(__u32)(res->val >> 32);
	report(c, res, before, "");
	return 0;
}

static int patch(struct relo *c, const struct value *orig, struct value *res,
		 struct bpf_insn *insns, size_t cnt)
{
	struct bpf_insn *in = &insns[c->r->insn];

	if (in->code == INSN_LD_IMM64)
		return patch_ld_imm64(c, orig, res, in, cnt - c->r->insn);
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU: case BPF_ALU64:
		return patch_alu(c, orig, res, in);
	case BPF_LDX: case BPF_ST: case BPF_STX:
		return patch_mem(c, orig, res, in);
	default:
		return fail(c, -EINVAL, "instruction with opcode 0x%02x cannot be relocated",
			    in->code);
	}
}

static int apply_one(struct relo *c, struct bpf_insn *insns, size_t cnt)
{
	struct value orig, res;
	struct spec l;
	const char *why;
	int err;

	snprintf(c->desc, sizeof(c->desc), "%s", bb_core_kind_name(c->r->kind));
	if (c->r->kind > BPF_CORE_TYPE_MATCHES)
		return fail(c, -EINVAL, "unknown kind %u", c->r->kind);
	if (c->r->insn >= cnt)
		return fail(c, -EINVAL, "the program has %zu instructions", cnt);
	why = local_spec(c, &l);
	describe(c, &l);
	if (why || (why = spec_value(c, &l, &orig)))
		return fail(c, -EINVAL, "%s", why);
	if (c->r->kind == BPF_CORE_TYPE_ID_LOCAL) {
		res = orig;
	} else if (!*bb_btf_name(c->local, c->r->type_id)) {
		return fail(c, -EINVAL, "an anonymous type cannot be looked up in the target");
	} else if ((err = target_value(c, &l, &res)) < 0) {
		return fail(c, err, "looking up the target's types: %s", bb_strerror(err));
	} else if (err) {
		bb_warn("program '%s': CO-RE relocation #%zu at insn %zu: %s: %s", c->prog, c->nr,
			c->r->insn, c->desc, res.poison);
	}
	return patch(c, &orig, &res, insns, cnt);
}

int bb_core_apply(const struct bb_btf *local, const struct bb_core_target *target,
		  const struct bb_core_relo *relos, size_t n, struct bpf_insn *insns,
		  size_t insn_cnt, const char *prog_name)
{
	for (size_t i = 0; i < n; i++) {
		struct relo c = { .local = local, .target = target, .r = &relos[i],
				  .prog = prog_name, .nr = i };
		int err = apply_one(&c, insns, insn_cnt);

		if (err)
			return err;
	}
	return 0;
}
