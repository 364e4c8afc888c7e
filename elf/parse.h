/* State shared by the parts of bb_object_open_mem; private to elf/. */
#ifndef BAREBPF_PARSE_H
#define BAREBPF_PARSE_H

#include <gelf.h>

#include "object.h"
#include "reloc.h"

struct sec {
	const char *name;
	GElf_Shdr sh;
	const unsigned char *data;	/* NULL for NOBITS and empty sections */
	long code;			/* index into code.secs, or -1 */
	long map;			/* global-data map, or -1 */
};

struct parse {
	const char *obj;
	struct bb_object *o;
	Elf *elf;
	struct sec *secs;
	size_t nsecs;
	GElf_Sym *syms;
	size_t nsyms;
	long maps_sec, btf_maps_sec;
	struct bb_code code;
	size_t maps_cap;
};

int parse_fail(struct parse *p, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *sym_name(const struct parse *p, size_t i);
struct bb_map_def *add_map(struct parse *p, const char *name);

int parse_legacy_maps(struct parse *p);
int parse_btf_maps(struct parse *p);
int parse_data_maps(struct parse *p);
int parse_map_slots(struct parse *p);
int parse_fixup_btf(struct parse *p);
int parse_btf_ext(struct parse *p);
int parse_ext_info(struct parse *p);
int parse_externs(struct parse *p);
int parse_extern_reloc(struct parse *p, const struct bb_code_sec *cs, struct bb_code_rel *r,
		       size_t sym);

#endif
