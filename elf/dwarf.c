/* Event structs from DWARF with elfutils' libdw: the struct whose size is the
 * record's (and whose name ends in "event" or "_t", or is the one asked for).
 * The object file is read once into memory (narrated) and parsed there. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "file.h"
#include "log.h"

unsigned int bb_features(void)
{
#ifdef BAREBPF_HAVE_LIBDW
	return BB_FEATURE_DWARF;
#else
	return 0;
#endif
}

void bb_record_type_free(struct bb_record_type *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nr; i++)
		free(t->members[i].name);
	free(t->members);
	free(t->name);
	free(t);
}

const char *bb_record_type_name(const struct bb_record_type *t)
{
	return t->name;
}

#ifndef BAREBPF_HAVE_LIBDW
int bb_dwarf_record_type(const char *path, size_t size, const char *name,
			 struct bb_record_type **out)
{
	(void)path;
	(void)size;
	(void)name;
	*out = NULL;
	return -EOPNOTSUPP;
}
#else
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <libelf.h>

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && !strcmp(s + n - m, end);
}

/* typedefs and qualifiers peeled off */
static int peel(Dwarf_Die *type)
{
	Dwarf_Attribute a;

	while (dwarf_tag(type) == DW_TAG_typedef || dwarf_tag(type) == DW_TAG_const_type ||
	       dwarf_tag(type) == DW_TAG_volatile_type)
		if (!dwarf_attr_integrate(type, DW_AT_type, &a) || !dwarf_formref_die(&a, type))
			return -1;
	return 0;
}

static enum rec_kind kind_of(Dwarf_Die *type)
{
	Dwarf_Attribute a;
	Dwarf_Word enc;
	Dwarf_Die elem;

	if (dwarf_tag(type) == DW_TAG_array_type) {
		if (!dwarf_attr_integrate(type, DW_AT_type, &a) || !dwarf_formref_die(&a, &elem) ||
		    peel(&elem) || dwarf_tag(&elem) != DW_TAG_base_type || dwarf_bytesize(&elem) != 1)
			return REC_BYTES;
		return REC_STRING;
	}
	if (dwarf_tag(type) == DW_TAG_enumeration_type)
		return REC_UNSIGNED;
	if (dwarf_tag(type) != DW_TAG_base_type || !dwarf_attr(type, DW_AT_encoding, &a) ||
	    dwarf_formudata(&a, &enc))
		return REC_BYTES;
	if (enc == DW_ATE_boolean)
		return REC_BOOL;
	if (enc == DW_ATE_signed || enc == DW_ATE_signed_char)
		return REC_SIGNED;
	return enc == DW_ATE_unsigned || enc == DW_ATE_unsigned_char ? REC_UNSIGNED : REC_BYTES;
}

static int add_member(struct bb_record_type *t, Dwarf_Die *m)
{
	Dwarf_Attribute a;
	Dwarf_Word off = 0;
	Dwarf_Die type;
	struct rec_member *r, *n;
	const char *name = dwarf_diename(m);

	if (!(n = realloc(t->members, (t->nr + 1) * sizeof(*n))))
		return -ENOMEM;
	t->members = n;
	r = &n[t->nr];
	memset(r, 0, sizeof(*r));
	if (dwarf_attr(m, DW_AT_data_member_location, &a))
		dwarf_formudata(&a, &off);
	r->offset = off;
	r->kind = REC_BYTES;
	if (dwarf_attr_integrate(m, DW_AT_type, &a) && dwarf_formref_die(&a, &type) &&
	    !peel(&type)) {
		Dwarf_Word sz;

		r->size = dwarf_aggregate_size(&type, &sz) ? 0 : (size_t)sz;
		r->kind = dwarf_hasattr(m, DW_AT_bit_size) ? REC_BYTES : kind_of(&type);
	}
	if (r->offset > t->size || r->size > t->size - r->offset)
		r->size = 0;
	if (!(r->name = strdup(name ? name : "")))
		return -ENOMEM;
	t->nr++;
	return 0;
}

static int build(Dwarf_Die *s, size_t size, struct bb_record_type **out)
{
	struct bb_record_type *t = calloc(1, sizeof(*t));
	Dwarf_Die m;
	int err = 0;

	if (!t || !(t->name = strdup(dwarf_diename(s))))
		err = -ENOMEM;
	if (!err)
		t->size = size;
	if (!err && dwarf_child(s, &m) == 0)
		do {
			if (dwarf_tag(&m) == DW_TAG_member)
				err = add_member(t, &m);
		} while (!err && dwarf_siblingof(&m, &m) == 0);
	if (err) {
		bb_record_type_free(t);
		return err;
	}
	*out = t;
	return 0;
}

struct search {
	size_t size;
	const char *name;
	Dwarf_Die found;
	int count;
	char names[256];	/* the candidates, for the message */
};

static void visit(struct search *s, Dwarf_Die *die, int depth)
{
	Dwarf_Die child;

	do {
		const char *n = dwarf_diename(die);
		int size = dwarf_bytesize(die);
		size_t used = strlen(s->names);

		if (dwarf_tag(die) == DW_TAG_structure_type && n && size >= 0 &&
		    !dwarf_hasattr(die, DW_AT_declaration) &&
		    (s->name ? !strcmp(n, s->name) : (size_t)size == s->size &&
		     (ends_with(n, "event") || ends_with(n, "_t")))) {
			if (!s->count++ || strcmp(n, dwarf_diename(&s->found))) {
				snprintf(s->names + used, sizeof(s->names) - used, "%s%s",
					 used ? ", " : "", n);
				s->found = *die;
			} else {
				s->count--;	/* the same struct in another CU */
			}
		}
		if (depth < 4 && dwarf_haschildren(die) && dwarf_child(die, &child) == 0)
			visit(s, &child, depth + 1);
	} while (dwarf_siblingof(die, die) == 0);
}

static int search_elf(Elf *elf, struct search *s)
{
	Dwarf *dbg = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
	Dwarf_Off off = 0, next;
	size_t hsize;
	Dwarf_Die cu, die;

	if (!dbg)
		return -ENODATA;
	while (dwarf_nextcu(dbg, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		if (dwarf_offdie(dbg, off + hsize, &cu) && dwarf_child(&cu, &die) == 0)
			visit(s, &die, 0);
		off = next;
	}
	if (s->count == 1)
		return 0;	/* found stays valid while dbg lives: built by the caller */
	dwarf_end(dbg);
	return s->count ? -EEXIST : -ENOENT;
}

static int search(const char *path, const char *buf, size_t len, struct search *s,
		  struct bb_record_type **out)
{
	Elf *elf;
	Dwarf *dbg;
	int err;

	elf_version(EV_CURRENT);
	if (!(elf = elf_memory((char *)buf, len)))
		return -EINVAL;
	err = search_elf(elf, s);
	if (!err) {
		Dwarf_Word sz = 0;

		dwarf_aggregate_size(&s->found, &sz);
		if (s->name && s->size && sz != s->size)
			bb_err("--event-type '%s': %llu bytes in the DWARF of %s, the records %zu",
			       s->name, (unsigned long long)sz, path, s->size);
		err = s->name && s->size && sz != s->size ? -EINVAL : build(&s->found, (size_t)sz, out);
		dbg = dwarf_cu_getdwarf(s->found.cu);
		dwarf_end(dbg);
	}
	elf_end(elf);
	return err;
}

int bb_dwarf_record_type(const char *path, size_t size, const char *name,
			 struct bb_record_type **out)
{
	struct search s = { .size = size, .name = name };
	char *buf;
	size_t len;
	int err;

	*out = NULL;
	bb_why("read the object's DWARF for the event struct BTF lacks");
	if ((err = bb_read_file(path, (size_t)1 << 30, BB_FILE_REGULAR, &buf, &len)))
		return err;
	err = search(path, buf, len, &s, out);
	if (err == -ENODATA)
		bb_debug("%s: no DWARF (built without -g?)", path);
	else if (err == -EEXIST)
		bb_warn("%s: %d structs of %zu bytes in DWARF fit the records (%s): hex dumps; "
			"choose one with --event-type", path, s.count, size, s.names);
	else if (err == -ENOENT && name)
		bb_err("--event-type '%s': no struct of that name in the BTF or DWARF of %s", name,
		       path);
	else if (!err)
		bb_info("%s: events decoded as struct %s, from DWARF", path, (*out)->name);
	free(buf);
	return err;
}
#endif
