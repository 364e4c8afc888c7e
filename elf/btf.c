#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"

#define BTF_MAGIC 0xeB9F
#define MAX_CHAIN 32

struct bb_btf {
	unsigned char *data;
	size_t size;
	int owned;		/* data is a copy this view frees */
	const char *strs;
	size_t strs_len;
	const struct btf_type **types; /* types[i] is id first + i; base BTF: [0] is void */
	unsigned int first;	/* split BTF: the base's type count, else 0 */
	unsigned int count;	/* ids in use, the base's included */
	size_t str_first;	/* split BTF: the base's string bytes, else 0 */
	const struct bb_btf *base;
};

static size_t extra_size(const struct btf_type *t)
{
	unsigned int vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: case BTF_KIND_FUNC_PROTO:
		return vlen * 8;
	case BTF_KIND_DATASEC:
		return vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return vlen * 12;
	default:
		return 0;
	}
}

/* Every record is at least a struct btf_type, so len / 12 ids bound the
 * array: allocated once, only the part in use is ever touched. */
static int index_types(struct bb_btf *btf, const unsigned char *p, size_t len, const char **why)
{
	size_t off = 0;

	btf->types = malloc((len / sizeof(struct btf_type) + 1) * sizeof(*btf->types));
	if (!btf->types)
		return -ENOMEM;
	btf->count = btf->first ? btf->first : 1;
	while (off < len) {
		const struct btf_type *t = (const void *)(p + off);

		if (len - off < sizeof(*t) || len - off - sizeof(*t) < extra_size(t)) {
			*why = "type record runs past the type section";
			return -EINVAL;
		}
		if (BTF_INFO_KIND(t->info) > BTF_KIND_ENUM64) {
			*why = "unknown type kind";
			return -EINVAL;
		}
		if (t->name_off >= btf->str_first + btf->strs_len) {
			*why = "type name offset outside the string section";
			return -EINVAL;
		}
		btf->types[btf->count++ - btf->first] = t;
		off += sizeof(*t) + extra_size(t);
	}
	return 0;
}

static int parse(const void *data, size_t size, const struct bb_btf *base, int copy,
		 struct bb_btf **out, const char **why)
{
	struct btf_header hdr;
	struct bb_btf *btf;
	int err;

	*why = NULL;
	if (size < sizeof(hdr)) {
		*why = "shorter than its header";
		return -EINVAL;
	}
	memcpy(&hdr, data, sizeof(hdr));
	if (hdr.magic != BTF_MAGIC) {
		*why = hdr.magic == 0x9FeB ? "byte order differs from this machine" : "bad magic";
		return -EINVAL;
	}
	if (hdr.hdr_len < sizeof(hdr) || hdr.hdr_len > size ||
	    (uint64_t)hdr.type_off + hdr.type_len > size - hdr.hdr_len ||
	    (uint64_t)hdr.str_off + hdr.str_len > size - hdr.hdr_len || (hdr.hdr_len + hdr.type_off) % 4 ||
	    hdr.str_len == 0) {
		*why = "header describes sections outside the data";
		return -EINVAL;
	}
	btf = calloc(1, sizeof(*btf));
	if (btf && copy && (btf->data = malloc(size)))
		memcpy(btf->data, data, size);
	else if (btf && !copy)
		btf->data = (unsigned char *)data;	/* read-only: never written through */
	if (!btf || !btf->data) {
		free(btf);
		return -ENOMEM;
	}
	btf->owned = copy;
	btf->size = size;
	if (base) {
		btf->base = base;
		btf->first = base->count;
		btf->str_first = base->str_first + base->strs_len;
	}
	btf->strs = (const char *)btf->data + hdr.hdr_len + hdr.str_off;
	btf->strs_len = hdr.str_len;
	if (btf->strs[btf->strs_len - 1] != '\0') {
		*why = "string section is not NUL-terminated";
		err = -EINVAL;
	} else {
		err = index_types(btf, btf->data + hdr.hdr_len + hdr.type_off, hdr.type_len, why);
	}
	if (err) {
		bb_btf_free(btf);
		return err;
	}
	*out = btf;
	return 0;
}

int bb_btf_parse(const void *data, size_t size, struct bb_btf **out, const char **why)
{
	return parse(data, size, NULL, 1, out, why);
}

int bb_btf_parse_borrow(const void *data, size_t size, struct bb_btf **out, const char **why)
{
	return parse(data, size, NULL, 0, out, why);
}

int bb_btf_parse_split(const void *data, size_t size, const struct bb_btf *base,
		       struct bb_btf **out, const char **why)
{
	return parse(data, size, base, 1, out, why);
}

void bb_btf_free(struct bb_btf *btf)
{
	if (!btf)
		return;
	free(btf->types);
	if (btf->owned)
		free(btf->data);
	free(btf);
}

unsigned int bb_btf_count(const struct bb_btf *btf)
{
	return btf->count;
}

const struct btf_type *bb_btf_type(const struct bb_btf *btf, unsigned int id)
{
	if (id == 0 || id >= btf->count)
		return NULL;
	return id < btf->first ? bb_btf_type(btf->base, id) : btf->types[id - btf->first];
}

const char *bb_btf_str(const struct bb_btf *btf, unsigned int off)
{
	if (off < btf->str_first)
		return bb_btf_str(btf->base, off);
	off -= btf->str_first;
	return off < btf->strs_len ? btf->strs + off : "";
}

const char *bb_btf_strings(const struct bb_btf *btf, size_t *len)
{
	*len = btf->strs_len;
	return btf->base ? NULL : btf->strs;
}

const char *bb_btf_name(const struct bb_btf *btf, unsigned int id)
{
	const struct btf_type *t = bb_btf_type(btf, id);

	return t ? bb_btf_str(btf, t->name_off) : "";
}

int bb_btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

unsigned int bb_btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

const void *bb_btf_extra(const struct btf_type *t)
{
	return t + 1;
}

int bb_btf_find_own(const struct bb_btf *btf, const char *name, int kind)
{
	for (unsigned int i = btf->first ? btf->first : 1; i < btf->count; i++) {
		const struct btf_type *t = btf->types[i - btf->first];

		if (bb_btf_kind(t) == kind && !strcmp(bb_btf_str(btf, t->name_off), name))
			return i;
	}
	return -ENOENT;
}

int bb_btf_find(const struct bb_btf *btf, const char *name, int kind)
{
	int id = bb_btf_find_own(btf, name, kind);	/* split BTF: its own types first */

	return id < 0 && btf->base ? bb_btf_find(btf->base, name, kind) : id;
}

unsigned int bb_btf_resolve(const struct bb_btf *btf, unsigned int id)
{
	for (int n = 0; n < MAX_CHAIN; n++) {
		const struct btf_type *t = bb_btf_type(btf, id);

		if (!t)
			return id;
		switch (bb_btf_kind(t)) {
		case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return id;
		}
	}
	return 0;
}

long long bb_btf_size(const struct bb_btf *btf, unsigned int id)
{
	long long mult = 1;

	for (int n = 0; n < MAX_CHAIN; n++) {
		const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, id));
		const struct btf_array *a;

		if (!t)
			return -EINVAL;
		switch (bb_btf_kind(t)) {
		case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FLOAT:
		case BTF_KIND_DATASEC:
			return mult * t->size;
		case BTF_KIND_PTR:
			return mult * 8;
		case BTF_KIND_VAR:
			id = t->type;
			break;
		case BTF_KIND_ARRAY:
			a = bb_btf_extra(t);
			if (a->nelems && mult > INT32_MAX / a->nelems)
				return -EINVAL;
			mult *= a->nelems;
			id = a->type;
			break;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}

const void *bb_btf_raw(const struct bb_btf *btf, size_t *size)
{
	*size = btf->size;
	return btf->data;
}

struct btf_type *bb_btf_type_mut(struct bb_btf *btf, unsigned int id)
{
	return (struct btf_type *)bb_btf_type(btf, id);
}

__u32 bb_btf_int_enc(const struct btf_type *t)
{
	return *(const __u32 *)bb_btf_extra(t);
}

__u32 bb_btf_member_bit_off(const struct btf_type *t, __u32 i)
{
	__u32 off = ((const struct btf_member *)bb_btf_extra(t))[i].offset;

	return BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BIT_OFFSET(off) : off;
}

__u32 bb_btf_member_bitfield(const struct btf_type *t, __u32 i)
{
	__u32 off = ((const struct btf_member *)bb_btf_extra(t))[i].offset;

	return BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BITFIELD_SIZE(off) : 0;
}

int bb_btf_enum_signed(const struct btf_type *t)
{
	const struct btf_enum *e = bb_btf_extra(t);

	if (BTF_INFO_KFLAG(t->info))
		return 1;
	for (unsigned int i = 0; bb_btf_kind(t) == BTF_KIND_ENUM && i < bb_btf_vlen(t); i++)
		if (e[i].val < 0)
			return 1;
	return 0;
}

__u64 bb_btf_enum_value(const struct btf_type *t, __u32 i)
{
	if (bb_btf_kind(t) == BTF_KIND_ENUM64) {
		const struct btf_enum64 *e = (const struct btf_enum64 *)bb_btf_extra(t) + i;

		return (__u64)e->val_hi32 << 32 | e->val_lo32;
	}
	if (bb_btf_enum_signed(t))
		return (__u64)(__s64)((const struct btf_enum *)bb_btf_extra(t))[i].val;
	return (__u32)((const struct btf_enum *)bb_btf_extra(t))[i].val;
}

__u32 bb_btf_enum_name_off(const struct btf_type *t, __u32 i)
{
	return bb_btf_kind(t) == BTF_KIND_ENUM64
		       ? ((const struct btf_enum64 *)bb_btf_extra(t))[i].name_off
		       : ((const struct btf_enum *)bb_btf_extra(t))[i].name_off;
}
