/* The relocator: links a program with the subprograms it calls and fixes call
 * offsets (at open), then writes map fds and value offsets (at load). Works on
 * memory only, so it is tested without privileges. */
#ifndef BAREBPF_RELOC_H
#define BAREBPF_RELOC_H

#include "object.h"

struct bb_code_func {
	const char *name;
	size_t start, len;	/* in instructions */
};

/* A relocation of an executable section, already classified. */
struct bb_code_rel {
	size_t insn;		/* instruction index in the section */
	enum bb_reloc_kind kind;
	size_t map;		/* MAP_FD, MAP_VALUE */
	__u32 off;		/* MAP_VALUE */
	size_t target_sec;	/* CALL, FUNC_ADDR: index into bb_code.secs */
	size_t target_insn;
	const char *sym;
};

struct bb_code_sec {
	const char *name;
	const struct bpf_insn *insns;
	size_t cnt;
	struct bb_code_func *funcs;	/* sorted by start */
	size_t nr_funcs;
	struct bb_code_rel *rels;	/* sorted by insn */
	size_t nr_rels;
};

struct bb_code {
	const char *obj;
	struct bb_code_sec *secs;
	size_t nr;
};

/* Fills prog->insns, relocs and segs for function func of section sec. */
int bb_reloc_link(const struct bb_code *code, size_t sec, size_t func, struct bb_prog *prog);
/* Copies the linked program into out (insn_cnt entries) with map fds in place. */
int bb_reloc_apply(const struct bb_prog *prog, const int *map_fds, size_t nr_maps,
		   struct bpf_insn *out);

#endif
