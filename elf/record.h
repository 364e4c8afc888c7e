/* Record layouts read from DWARF (.debug_info), for event structs the
 * object's BTF does not carry (built on the stack only). */
#ifndef BAREBPF_RECORD_H
#define BAREBPF_RECORD_H

#include <stddef.h>

#include "barebpf.h"

enum rec_kind { REC_SIGNED, REC_UNSIGNED, REC_BOOL, REC_STRING, REC_BYTES };

struct rec_member {
	char *name;
	size_t offset, size;
	enum rec_kind kind;
};

struct bb_record_type {
	char *name;
	size_t size;
	struct rec_member *members;
	size_t nr;
};

#endif
