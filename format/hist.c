#include <errno.h>
#include <string.h>

#include "btf.h"
#include "hist.h"

#define STARS_MAX 40

static int put_bar(struct bb_strbuf *out, unsigned long long val, unsigned long long max, int width)
{
	int stars, err = bb_strbuf_putc(out, '|');

	/* Keep val * width within 64 bits; huge counts lose only low bits. */
	while (max > ~0ULL / (unsigned long long)width) {
		val >>= 1;
		max >>= 1;
	}
	stars = max ? (int)(val * (unsigned long long)width / max) : 0;
	for (int i = 0; i < width && !err; i++)
		err = bb_strbuf_putc(out, i < stars ? '*' : ' ');
	return err ? err : bb_strbuf_puts(out, "|\n");
}

static void extent(const unsigned long long *slots, size_t n, long long *first, long long *last,
		   unsigned long long *max)
{
	*first = *last = -1;
	*max = 0;
	for (size_t i = 0; i < n; i++) {
		if (!slots[i])
			continue;
		if (*first < 0)
			*first = (long long)i;
		*last = (long long)i;
		if (slots[i] > *max)
			*max = slots[i];
	}
}

static int log2_row(struct bb_strbuf *out, unsigned int i, unsigned long long count,
		    unsigned long long max, int wide)
{
	unsigned long long low = i ? 1ULL << i : 0, high = i >= 63 ? ~0ULL : (2ULL << i) - 1;
	int w = wide ? 20 : 10;
	int err = bb_strbuf_printf(out, "%*llu -> %-*llu : %-8llu ", w, low, w, high, count);

	return err ? err : put_bar(out, count, max, wide ? STARS_MAX / 2 : STARS_MAX);
}

int bb_print_log2_hist(const unsigned long long *slots, size_t nr_slots, const char *label,
		       struct bb_strbuf *out)
{
	unsigned long long max;
	long long first, last;
	size_t start = out->len;
	int wide, err;

	extent(slots, nr_slots, &first, &last, &max);
	if (last < 0)
		return 0;
	if (last > 63)
		return -EINVAL;
	wide = last > 32;
	err = bb_strbuf_printf(out, "%*s%-*s : count    distribution\n", wide ? 15 : 5, "",
			       wide ? 29 : 19, label ? label : "value");
	for (unsigned int i = 0; i <= (unsigned int)last && !err; i++)
		err = log2_row(out, i, slots[i], max, wide);
	if (err)
		bb_strbuf_truncate(out, start);
	return err;
}

int bb_print_linear_hist(const unsigned long long *slots, size_t nr_slots, long long base,
			 long long step, const char *label, struct bb_strbuf *out)
{
	unsigned long long max;
	long long first, last;
	size_t start = out->len;
	int err;

	extent(slots, nr_slots, &first, &last, &max);
	if (last < 0)
		return 0;
	if (!label)
		label = "value";
	err = bb_strbuf_printf(out, "     %-13s : count     distribution\n", label);
	for (long long i = first; i <= last && !err; i++) {
		/* Unsigned arithmetic: a wrapping bucket value must not be UB. */
		long long v = (long long)((unsigned long long)base + (unsigned long long)i *
								     (unsigned long long)step);

		err = bb_strbuf_printf(out, "        %-10lld : %-8llu ", v, slots[i]);
		err = err ? err : put_bar(out, slots[i], max, STARS_MAX);
	}
	if (err)
		bb_strbuf_truncate(out, start);
	return err;
}

/* A 1-, 2-, 4- or 8-byte integer that is not a bool or a char. */
static int is_count(const struct bb_btf *btf, unsigned int id)
{
	const struct btf_type *e = bb_btf_type(btf, bb_btf_resolve(btf, id));
	unsigned int enc;

	if (!e || bb_btf_kind(e) != BTF_KIND_INT)
		return 0;
	enc = bb_btf_int_enc(e);
	return (e->size == 1 || e->size == 2 || e->size == 4 || e->size == 8) &&
	       BTF_INT_BITS(enc) == e->size * 8 && !BTF_INT_OFFSET(enc) &&
	       !(BTF_INT_ENCODING(enc) & (BTF_INT_BOOL | BTF_INT_CHAR)) &&
	       strcmp(bb_btf_str(btf, e->name_off), "char");
}

/* A member of this name that is no array of counts makes no histogram. */
static int slots_member(const struct bb_btf *btf, const struct btf_type *t, const char *name,
			size_t *offset, size_t *nr, size_t *elem_size)
{
	const struct btf_member *m = bb_btf_extra(t);

	for (unsigned int i = 0; i < bb_btf_vlen(t); i++) {
		unsigned int bit = bb_btf_member_bit_off(t, i);
		const struct btf_type *a = bb_btf_type(btf, bb_btf_resolve(btf, m[i].type));
		const struct btf_array *arr;

		if (strcmp(bb_btf_str(btf, m[i].name_off), name))
			continue;
		if (!a)
			return -EINVAL;
		arr = bb_btf_extra(a);
		if (bb_btf_kind(a) != BTF_KIND_ARRAY || bit % 8 || !arr->nelems ||
		    !is_count(btf, arr->type))
			return -ENOENT;
		*offset = bit / 8;
		*nr = arr->nelems;
		*elem_size = bb_btf_type(btf, bb_btf_resolve(btf, arr->type))->size;
		return 0;
	}
	return -ENOENT;
}

int bb_btf_find_hist_slots(const struct bb_btf *btf, unsigned int value_type_id, size_t *offset,
			   size_t *nr, size_t *elem_size)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, value_type_id));
	int err;

	if (!t)
		return -EINVAL;
	if (bb_btf_kind(t) != BTF_KIND_STRUCT)
		return -ENOENT;
	err = slots_member(btf, t, "slots", offset, nr, elem_size);
	return err == -ENOENT ? slots_member(btf, t, "hist", offset, nr, elem_size) : err;
}

static unsigned long long load_count(const unsigned char *p, size_t size)
{
	unsigned char u8;
	unsigned short u16;
	unsigned int u32;
	unsigned long long u64;

	switch (size) {
	case 1:
		memcpy(&u8, p, 1);
		return u8;
	case 2:
		memcpy(&u16, p, 2);
		return u16;
	case 4:
		memcpy(&u32, p, 4);
		return u32;
	default:
		memcpy(&u64, p, 8);
		return u64;
	}
}

int bb_hist_add_slots(const void *value, size_t value_size, size_t offset, size_t nr,
		      size_t elem_size, unsigned long long *slots)
{
	const unsigned char *p = value;

	if (!(elem_size == 1 || elem_size == 2 || elem_size == 4 || elem_size == 8) ||
	    offset > value_size || nr > (value_size - offset) / elem_size)
		return -EINVAL;
	for (size_t i = 0; i < nr; i++)
		slots[i] += load_count(p + offset + i * elem_size, elem_size);
	return 0;
}
