/* BTF for kernels older than the compiler: the kinds such a kernel does not
 * know are rewritten into ones it does, each type keeping its id and size, so
 * that maps keep their types and programs their line info. */
#include <errno.h>
#include <stdlib.h>

#include "btf.h"
#include "log.h"

/* <linux/btf.h> decodes these words but does not build them. */
#define INFO(kind, vlen) ((__u32)(kind) << 24 | (vlen))
#define INT_BITS(bits) ((__u32)(bits))

/* The kernel version that brought each kind, for the message. */
static const char *since(int kind)
{
	switch (kind) {
	case BTF_KIND_FLOAT: return "FLOAT (Linux 5.13)";
	case BTF_KIND_DECL_TAG: return "DECL_TAG (Linux 5.16)";
	case BTF_KIND_TYPE_TAG: return "TYPE_TAG (Linux 5.17)";
	case BTF_KIND_ENUM: return "signed ENUM (Linux 6.0)";
	default: return "?";
	}
}

/* Kinds came in this order, so a kernel that lacks one lacks the later ones. */
static int rewrite(struct btf_type *t, int from)
{
	int kind = bb_btf_kind(t);

	if (kind == BTF_KIND_FLOAT && from <= BTF_KIND_FLOAT) {
		t->info = INFO(BTF_KIND_STRUCT, 0);	/* same size, no members */
	} else if (kind == BTF_KIND_DECL_TAG && from <= BTF_KIND_DECL_TAG) {
		t->name_off = 0;
		t->info = INFO(BTF_KIND_INT, 0);
		t->size = 1;
		*(__u32 *)(t + 1) = INT_BITS(8);	/* the tag's index word */
	} else if (kind == BTF_KIND_TYPE_TAG && from <= BTF_KIND_TYPE_TAG) {
		t->name_off = 0;
		t->info = INFO(BTF_KIND_CONST, 0);
	} else if (kind == BTF_KIND_ENUM && from == BTF_KIND_ENUM && BTF_INFO_KFLAG(t->info)) {
		t->info &= ~(1u << 31);
	} else {
		return 0;
	}
	return 1;
}

int bb_btf_sanitize(const struct bb_btf *btf, unsigned int bad_id, struct bb_btf **out)
{
	const struct btf_type *bad = bb_btf_type(btf, bad_id);
	int from = bad ? bb_btf_kind(bad) : -1, n = 0, err;
	const char *why = NULL;
	size_t size;
	const void *raw = bb_btf_raw(btf, &size);

	*out = NULL;
	if (from != BTF_KIND_FLOAT && from != BTF_KIND_DECL_TAG && from != BTF_KIND_TYPE_TAG &&
	    !(from == BTF_KIND_ENUM && BTF_INFO_KFLAG(bad->info)))
		return -ENOTSUP;
	if ((err = bb_btf_parse(raw, size, out, &why)))
		return err;
	for (unsigned int id = 1; id < bb_btf_count(*out); id++)
		n += rewrite(bb_btf_type_mut(*out, id), from);
	bb_info("BTF: this kernel does not know %s: %d type(s) rewritten into kinds it knows",
		since(from), n);
	return n;
}
