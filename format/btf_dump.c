#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "btf_dump.h"

#define MAX_DEPTH 32
#define MAX_NAME 512

struct dumper {
	const struct bb_btf *btf;
	const unsigned char *data;
	size_t size;
	int json;
	struct bb_strbuf *out;
	unsigned long long budget;	/* values left to render before giving up */
	int cut;			/* the data ran out: render nothing more */
	int marked;			/* TEXT: the cut already shows as "..." */
};

/* Where a value lies: byte offset, then bit offset and width for bitfields
 * (width 0: the whole type). */
struct place {
	size_t off;
	unsigned int bit, bits;
};

static int dump_value(struct dumper *d, unsigned int id, struct place at, int depth);

static int put(struct dumper *d, const char *s)
{
	return bb_strbuf_puts(d->out, s);
}

static int spend(struct dumper *d, unsigned long long n)
{
	if (d->budget < n)
		return -E2BIG;
	d->budget -= n;
	return 0;
}

static int have(const struct dumper *d, size_t off, size_t n)
{
	return off <= d->size && n <= d->size - off;
}

static const struct btf_type *resolved(const struct dumper *d, unsigned int id)
{
	return bb_btf_type(d->btf, bb_btf_resolve(d->btf, id));
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= MAX_NAME || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	/* '.' too: clang names static locals and clones func.var. */
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") == n;
}

/* Bits [bit, bit + nbits) of the data at off, nbits <= 64, as BTF numbers
 * them: from the least significant bit of the first byte on little-endian
 * targets, from the most significant on big-endian ones. */
static int load(const struct dumper *d, size_t off, unsigned int bit, unsigned int nbits,
		unsigned long long *v)
{
	const unsigned char *p;

	if (nbits > 64 || !have(d, off, ((size_t)bit + nbits + 7) / 8))
		return -EINVAL;
	p = d->data + off;
	*v = 0;
	for (unsigned int i = 0; i < nbits; i++) {
		unsigned int b = bit + i;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		*v |= (unsigned long long)(p[b / 8] >> (b % 8) & 1) << i;
#else
		*v = *v << 1 | (p[b / 8] >> (7 - b % 8) & 1);
#endif
	}
	return 0;
}

static int int_size_ok(unsigned int size)
{
	return size == 1 || size == 2 || size == 4 || size == 8 || size == 16;
}

/* The first bit and the width of an integer or enum placed at `at`. */
static int scalar_bits(const struct btf_type *t, struct place at, unsigned int *first,
		       unsigned int *nbits)
{
	unsigned int shift = 0, width = t->size * 8;

	if (!int_size_ok(t->size))
		return -EINVAL;
	if (bb_btf_kind(t) == BTF_KIND_INT) {
		shift = BTF_INT_OFFSET(bb_btf_int_enc(t));
		width = BTF_INT_BITS(bb_btf_int_enc(t));
	}
	if (at.bits)
		width = at.bits;
	if (!width || shift + width > t->size * 8)
		return -EINVAL;
	*first = at.bit + shift;
	*nbits = width;
	return 0;
}

/* Bytes from at.off the value needs. */
static int value_bytes(const struct dumper *d, unsigned int id, struct place at, size_t *n)
{
	const struct btf_type *t = resolved(d, id);
	unsigned int first, nbits;
	long long size;
	int kind, err;

	if (!t)
		return -EINVAL;
	kind = bb_btf_kind(t);
	if (kind == BTF_KIND_INT || kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64) {
		err = scalar_bits(t, at, &first, &nbits);
		if (!err)
			*n = ((size_t)first + nbits + 7) / 8;
		return err;
	}
	if (at.bit || at.bits)
		return -EINVAL;
	size = kind == BTF_KIND_DATASEC ? 0 : bb_btf_size(d->btf, id);
	*n = (size_t)size;
	return size < 0 ? -EINVAL : 0;
}

/* 2: the whole value is in the data; 1: part of it, and it is a struct,
 * union, section or array, which render what they hold; 0: it cannot be shown. */
static int present(const struct dumper *d, unsigned int id, struct place at)
{
	const struct btf_type *t = resolved(d, id);
	size_t n;
	int err = value_bytes(d, id, at, &n), kind;

	if (err)
		return err;
	if (have(d, at.off, n))
		return 2;
	kind = bb_btf_kind(t);
	return at.off < d->size && (kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION ||
				    kind == BTF_KIND_ARRAY || kind == BTF_KIND_DATASEC);
}

static int put_number(struct dumper *d, unsigned long long v, unsigned int nbits, int is_signed)
{
	if (is_signed && nbits < 64 && v >> (nbits - 1) & 1)
		v |= ~0ULL << nbits;
	if (is_signed)
		return bb_strbuf_printf(d->out, "%lld", (long long)v);
	return bb_strbuf_printf(d->out, "%llu", v);
}

static int dump_int128(struct dumper *d, struct place at)
{
	unsigned long long a, b, hi, lo;
	const char *q = d->json ? "\"" : "";

	if (load(d, at.off, at.bit, 64, &a) || load(d, at.off, at.bit + 64, 64, &b))
		return -EINVAL;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	lo = a, hi = b;
#else
	hi = a, lo = b;
#endif
	if (hi)
		return bb_strbuf_printf(d->out, "%s0x%llx%016llx%s", q, hi, lo, q);
	return bb_strbuf_printf(d->out, "%s0x%llx%s", q, lo, q);
}

static int dump_int(struct dumper *d, const struct btf_type *t, struct place at)
{
	unsigned int first, nbits, enc = BTF_INT_ENCODING(bb_btf_int_enc(t));
	unsigned long long v;
	int err = scalar_bits(t, at, &first, &nbits);

	if (err)
		return err;
	if (nbits > 64) {
		if (nbits != 128)
			return -EINVAL;
		at.bit = first;
		return dump_int128(d, at);
	}
	if (load(d, at.off, first, nbits, &v))
		return -EINVAL;
	if (enc & BTF_INT_BOOL && v <= 1)
		return put(d, v ? "true" : "false");
	return put_number(d, v, nbits, enc & BTF_INT_SIGNED);
}

static int put_name(struct dumper *d, unsigned int name_off)
{
	const char *name = bb_btf_str(d->btf, name_off);

	if (!valid_name(name))
		return -EINVAL;
	return bb_strbuf_printf(d->out, d->json ? "\"%s\"" : "%s", name);
}

/* Enumerator i: its name and its value cut to the width it is stored in. */
static void enumerator(const struct btf_type *t, unsigned int i, unsigned int nbits,
		       unsigned int *name_off, unsigned long long *v)
{
	*name_off = bb_btf_enum_name_off(t, i);
	*v = bb_btf_enum_value(t, i);
	if (nbits < 64)
		*v &= (1ULL << nbits) - 1;
}

static int dump_enum(struct dumper *d, const struct btf_type *t, struct place at)
{
	unsigned int first, nbits, name_off;
	unsigned long long v, ev;
	int err = scalar_bits(t, at, &first, &nbits);

	if (err || nbits > 64 || load(d, at.off, first, nbits, &v))
		return -EINVAL;
	/* Matching costs time too: pathological enums must not stall us. */
	err = spend(d, bb_btf_vlen(t) / 16);
	if (err)
		return err;
	for (unsigned int i = 0; i < bb_btf_vlen(t); i++) {
		enumerator(t, i, nbits, &name_off, &ev);
		if (ev == v)
			return put_name(d, name_off);
	}
	return put_number(d, v, nbits, bb_btf_enum_signed(t));
}

static int dump_ptr(struct dumper *d, struct place at)
{
	unsigned long long v;

	if (load(d, at.off, 0, 64, &v))
		return -EINVAL;
	return bb_strbuf_printf(d->out, d->json ? "\"0x%llx\"" : "0x%llx", v);
}

static int put_hex(struct dumper *d, const unsigned char *p, size_t n)
{
	int err = put(d, d->json ? "\"0x" : "0x");

	for (size_t i = 0; i < n && !err; i++)
		err = bb_strbuf_printf(d->out, "%02x", p[i]);
	return err ? err : put(d, d->json ? "\"" : "");
}

/* The shortest %g that reads back as the same number. */
static int put_real(struct dumper *d, double v, int is_float)
{
	char buf[64];

	if (!isfinite(v))
		return bb_strbuf_printf(d->out, d->json ? "\"%s\"" : "%s",
					isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (is_float ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v)
			break;
	}
	return put(d, buf);
}

static int dump_float(struct dumper *d, const struct btf_type *t, struct place at)
{
	const unsigned char *p;
	float f;
	double v;

	if (!have(d, at.off, t->size) || !(t->size == 2 || t->size == 12 || int_size_ok(t->size)))
		return -EINVAL;
	p = d->data + at.off;
	if (t->size == sizeof(f)) {
		memcpy(&f, p, sizeof(f));
		return put_real(d, f, 1);
	}
	if (t->size == sizeof(v)) {
		memcpy(&v, p, sizeof(v));
		return put_real(d, v, 0);
	}
	return put_hex(d, p, t->size);
}

/* Length of the valid UTF-8 sequence at p, or 0. Overlong forms, surrogates
 * and the C1 controls (which terminals obey) do not count as text. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned int cp;
	size_t len;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < 0xa0 || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* Text is what comes before the first NUL; it is binary when more than a
 * quarter of it is neither printable, nor \t \n \r, nor UTF-8. */
static int is_binary(const unsigned char *p, size_t n)
{
	size_t bad = 0, i = 0, k;

	while (i < n) {
		if (p[i] >= 0x80 && (k = utf8_len(p + i, n - i))) {
			i += k;
			continue;
		}
		bad += (p[i] < 0x20 && !strchr("\t\n\r", p[i])) || p[i] >= 0x7f;
		i++;
	}
	return bad * 4 > n;
}

static int put_escaped(struct dumper *d, unsigned char c)
{
	static const char from[] = "\"\\\n\t\r", to[] = "\"\\ntr";
	const char *e = c ? strchr(from, c) : NULL;

	if (e)
		return bb_strbuf_printf(d->out, "\\%c", to[e - from]);
	if (c < 0x20 || c >= 0x7f)
		return bb_strbuf_printf(d->out, d->json ? "\\u%04x" : "\\x%02x", c);
	return bb_strbuf_putc(d->out, (char)c);
}

static int put_string(struct dumper *d, const unsigned char *p, size_t n)
{
	size_t i = 0, k;
	int err = put(d, "\"");

	while (i < n && !err) {
		if (p[i] >= 0x80 && (k = utf8_len(p + i, n - i))) {
			err = bb_strbuf_append(d->out, (const char *)p + i, k);
			i += k;
		} else {
			err = put_escaped(d, p[i++]);
		}
	}
	return err ? err : put(d, "\"");
}

/* JSON has no hex numbers: binary bytes become a list of numbers there. */
static int put_byte_list(struct dumper *d, const unsigned char *p, size_t n)
{
	int err = put(d, "[");

	for (size_t i = 0; i < n && !err; i++)
		err = bb_strbuf_printf(d->out, i ? ",%u" : "%u", p[i]);
	return err ? err : put(d, "]");
}

static int dump_chars(struct dumper *d, size_t off, size_t nelems)
{
	const unsigned char *p = d->data + off, *nul;
	size_t n = d->size - off, text;
	int err;

	if (nelems < n)
		n = nelems;
	else if (nelems > n)
		d->cut = 1;
	err = spend(d, n);
	if (err)
		return err;
	nul = memchr(p, 0, n);
	text = nul ? (size_t)(nul - p) : n;
	if (!is_binary(p, text))
		return put_string(d, p, text);
	return d->json ? put_byte_list(d, p, n) : put_hex(d, p, n);
}

/* A char array is text: plain "char" (clang-14 gives it the SIGNED encoding
 * only, like signed char) or an int marked CHAR; __u8 arrays stay numbers. */
static int is_char(const struct dumper *d, unsigned int id)
{
	const struct btf_type *t = resolved(d, id);

	return t && bb_btf_kind(t) == BTF_KIND_INT && t->size == 1 &&
	       BTF_INT_OFFSET(bb_btf_int_enc(t)) == 0 && BTF_INT_BITS(bb_btf_int_enc(t)) == 8 &&
	       (BTF_INT_ENCODING(bb_btf_int_enc(t)) & BTF_INT_CHAR ||
		!strcmp(bb_btf_str(d->btf, t->name_off), "char"));
}

static int mark_cut(struct dumper *d, int first)
{
	if (d->json)
		return put(d, first ? "\"__truncated\":true" : ",\"__truncated\":true");
	if (d->marked)
		return 0;
	d->marked = 1;
	return put(d, first ? "..." : " ...");
}

static int dump_elems(struct dumper *d, unsigned int id, size_t esz, size_t nelems, size_t off,
		      int depth, size_t *done)
{
	int p, err = 0;

	for (*done = 0; *done < nelems && !d->cut && !err; (*done)++) {
		struct place el = { off, 0, 0 };

		/* Stop past the data, before *done * esz can overflow. */
		if (esz && *done > d->size / esz) {
			d->cut = 1;
			break;
		}
		el.off += *done * esz;
		p = present(d, id, el);
		if (p <= 0) {
			d->cut = !p;
			return p;
		}
		err = put(d, !*done ? "" : d->json ? "," : " ");
		err = err ? err : dump_value(d, id, el, depth + 1);
	}
	return err;
}

static int dump_array(struct dumper *d, const struct btf_type *t, struct place at, int depth)
{
	const struct btf_array *a = bb_btf_extra(t);
	long long esz = bb_btf_size(d->btf, a->type);
	size_t done;
	int err;

	if (esz < 0)
		return -EINVAL;
	if (is_char(d, a->type))
		return dump_chars(d, at.off, a->nelems);
	err = put(d, "[");
	err = err ? err : dump_elems(d, a->type, (size_t)esz, a->nelems, at.off, depth, &done);
	if (!err && d->cut && !d->json)
		err = mark_cut(d, done == 0);
	return err ? err : put(d, "]");
}

static int dump_members(struct dumper *d, const struct btf_type *t, size_t off, int depth,
			int *first);

/* An unnamed struct or union member is flattened into its parent, as C
 * names its fields; any other unnamed member is padding and is skipped. */
static int dump_anon(struct dumper *d, unsigned int id, struct place at, int depth, int *first)
{
	const struct btf_type *t = resolved(d, id);

	if (!t || depth >= MAX_DEPTH)
		return -EINVAL;
	if (bb_btf_kind(t) != BTF_KIND_STRUCT && bb_btf_kind(t) != BTF_KIND_UNION)
		return 0;
	if (at.bit || at.bits)
		return -EINVAL;
	return dump_members(d, t, at.off, depth + 1, first);
}

static int dump_member(struct dumper *d, unsigned int name_off, unsigned int id, struct place at,
		       int depth, int *first)
{
	int p, err;

	if (!*bb_btf_str(d->btf, name_off))
		return dump_anon(d, id, at, depth, first);
	p = present(d, id, at);
	if (p <= 0) {
		d->cut = !p;
		return p;
	}
	err = put(d, *first ? "" : d->json ? "," : " ");
	*first = 0;
	err = err ? err : put_name(d, name_off);
	err = err ? err : put(d, d->json ? ":" : "=");
	return err ? err : dump_value(d, id, at, depth + 1);
}

/* Every member of a union is rendered: which one is live is not recorded
 * anywhere, and showing one alone would hide the others' reading of it. */
static int dump_members(struct dumper *d, const struct btf_type *t, size_t off, int depth,
			int *first)
{
	const struct btf_member *m = bb_btf_extra(t);
	int err = 0;

	for (unsigned int i = 0; i < bb_btf_vlen(t) && !d->cut && !err; i++) {
		unsigned int boff = bb_btf_member_bit_off(t, i);
		struct place at = { off + boff / 8, boff % 8, bb_btf_member_bitfield(t, i) };

		err = spend(d, 1);
		err = err ? err : dump_member(d, m[i].name_off, m[i].type, at, depth, first);
	}
	return err;
}

/* clang leaves every variable of a section at offset 0 until the loader
 * fills the offsets in from the symbol table: overlapping ones are refused. */
static int dump_vars(struct dumper *d, const struct btf_type *t, size_t off, int depth, int *first)
{
	const struct btf_var_secinfo *v = bb_btf_extra(t);
	int err = spend(d, bb_btf_vlen(t));

	if (err)
		return err;
	for (unsigned int i = 1; i < bb_btf_vlen(t); i++)
		if (v[i].offset < v[i - 1].offset || v[i].offset - v[i - 1].offset < v[i - 1].size)
			return -EINVAL;
	for (unsigned int i = 0; i < bb_btf_vlen(t) && !d->cut && !err; i++) {
		const struct btf_type *var = bb_btf_type(d->btf, v[i].type);
		struct place at = { off + v[i].offset, 0, 0 };

		if (!var || bb_btf_kind(var) != BTF_KIND_VAR)
			return -EINVAL;
		err = dump_member(d, var->name_off, var->type, at, depth, first);
	}
	return err;
}

/* At the top, TEXT shows a struct's members bare: pid=1 comm="sh". */
static int dump_struct(struct dumper *d, const struct btf_type *t, struct place at, int depth)
{
	int bare = !d->json && depth == 0, first = 1, err = 0;

	if (!bare)
		err = put(d, "{");
	if (!err && bb_btf_kind(t) == BTF_KIND_DATASEC)
		err = dump_vars(d, t, at.off, depth, &first);
	else if (!err)
		err = dump_members(d, t, at.off, depth, &first);
	if (!err && d->cut)
		err = mark_cut(d, first);
	if (!err && !bare)
		err = put(d, "}");
	return err;
}

static int dump_value(struct dumper *d, unsigned int id, struct place at, int depth)
{
	const struct btf_type *t = resolved(d, id);
	int kind, err = spend(d, 1);

	if (err)
		return err;
	if (!t || depth > MAX_DEPTH)
		return -EINVAL;
	kind = bb_btf_kind(t);
	if (kind == BTF_KIND_INT)
		return dump_int(d, t, at);
	if (kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64)
		return dump_enum(d, t, at);
	if (at.bit || at.bits)
		return -EINVAL;
	switch (kind) {
	case BTF_KIND_PTR:
		return dump_ptr(d, at);
	case BTF_KIND_FLOAT:
		return dump_float(d, t, at);
	case BTF_KIND_ARRAY:
		return dump_array(d, t, at, depth);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_DATASEC:
		return dump_struct(d, t, at, depth);
	default:
		return -EINVAL;
	}
}

/* A variable renders as its type. */
static unsigned int value_type(const struct bb_btf *btf, unsigned int id)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, id));

	return t && bb_btf_kind(t) == BTF_KIND_VAR ? t->type : id;
}

int bb_btf_dump(const struct bb_btf *btf, unsigned int type_id, const void *data, size_t size,
		enum bb_dump_fmt fmt, struct bb_strbuf *out)
{
	static const unsigned char none[1];
	struct dumper d = { btf, data ? data : none, size, fmt == BB_DUMP_JSON, out,
			    65536 + 64ULL * size, 0, 0 };
	struct place at = { 0, 0, 0 };
	size_t start;
	int p, err;

	if (!btf || (!data && size) || !out)
		return -EINVAL;
	start = out->len;
	type_id = value_type(btf, type_id);
	p = present(&d, type_id, at);
	if (p < 0)
		return p;
	if (!p)
		err = put(&d, d.json ? "null" : "...");
	else
		err = dump_value(&d, type_id, at, 0);
	if (!err && d.cut && !d.json && !d.marked)
		err = put(&d, " ...");
	if (err)
		bb_strbuf_truncate(out, start);
	return err;
}

int bb_hex_dump(const void *data, size_t size, struct bb_strbuf *out)
{
	const unsigned char *p = data;
	size_t start = out->len;
	int err = 0;

	for (size_t i = 0; i < size && !err; i++)
		err = bb_strbuf_printf(out, "%s%02x", !i ? "" : i % 8 ? " " : "  ", p[i]);
	if (err)
		bb_strbuf_truncate(out, start);
	return err;
}
