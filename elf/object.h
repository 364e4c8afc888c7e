/* The ELF model of a BPF object: programs, maps, global data and relocations,
 * read from a memory buffer with libelf. Opening makes no system calls. */
#ifndef BAREBPF_OBJECT_H
#define BAREBPF_OBJECT_H

#include <stddef.h>
#include <linux/bpf.h>

#include "barebpf.h"
#include "externs.h"
#include "section.h"

struct bb_btf;
struct bb_btf_ext;

/* __array(values, ...) = { [slot] = &x }: x is a program (prog array) or a
 * map (map-in-map), put in the slot once both exist. */
struct bb_map_slot {
	__u32 slot;
	size_t index;		/* into bb_object.progs or bb_object.maps */
};

struct bb_map_def {
	char *name;		/* symbol name, or the section name for global data */
	enum bb_map_origin origin;
	__u32 type, key_size, value_size, max_entries, flags;
	__u32 btf_key_type_id, btf_value_type_id;
	__u32 pinning;
	int sec_idx;
	size_t sec_off;		/* offset of the definition (or 0 for data) in its section */
	unsigned char *data;	/* initial value of a global-data map, value_size bytes */
	int frozen;		/* .rodata: frozen after it is filled */
	size_t def_size;	/* BTF maps: bytes of the definition in '.maps' */
	int has_values;		/* __array(values, ...): slots may be set, from ... */
	size_t values_off;	/* ... this offset of the definition on */
	struct bb_map_def *inner;	/* map-in-map: the inner maps' definition */
	struct bb_map_slot *slots;
	size_t nr_slots;
};

enum bb_reloc_kind {
	BB_RELOC_MAP_FD, BB_RELOC_MAP_VALUE, BB_RELOC_CALL, BB_RELOC_FUNC_ADDR,
	BB_RELOC_KSYM,		/* ld_imm64 of a .ksyms extern (map holds the extern index) */
	BB_RELOC_KFUNC,		/* call of a kernel function (map holds the extern index) */
};

/* A map reference left in a linked program, filled in at load time. */
struct bb_reloc {
	enum bb_reloc_kind kind;
	size_t insn;		/* index of the ld_imm64 in the linked program */
	size_t map;		/* index into bb_object.maps (KSYM, KFUNC: into externs) */
	__u32 off;		/* offset into the map value, for MAP_VALUE */
	const char *sym;
};

/* Where a piece of the linked program came from. */
struct bb_segment {
	const char *func;
	int sec_idx;
	size_t sec_insn;	/* first instruction in the section */
	size_t out_insn;	/* first instruction in the linked program */
	size_t len;
};

struct bb_core_relo;

struct bb_prog {
	char *name;
	const char *section;
	const struct bb_section *sec;	/* its row of the section table, NULL if unknown */
	__u32 type;		/* BPF_PROG_TYPE_*, 0 if the section is not known */
	const char *target;	/* after the prefix, e.g. "syscalls/sys_enter_execve"; NULL if none */
	int autoload;		/* 0 for SEC("?..."): loaded only when asked */
	struct bpf_insn *insns;	/* this function, then the subprograms it calls */
	size_t insn_cnt;
	struct bb_reloc *relocs;
	size_t nr_relocs;
	struct bb_segment *segs;
	size_t nr_segs;
	/* From .BTF.ext, rebased onto the linked program (insn_off in instructions). */
	struct bpf_func_info *func_info;
	size_t nr_func_info;
	struct bpf_line_info *line_info;
	size_t nr_line_info;
	struct bb_core_relo *core_relos;
	size_t nr_core_relos;
};

struct bb_var {
	const char *name;
	size_t map;
	size_t off, size;
};

struct bb_sym_reloc {		/* a raw ELF relocation, for inspect */
	const char *section;
	size_t offset;
	unsigned int type;
	const char *sym;
	const char *sym_section;
};

struct bb_object {
	char *name;
	char license[128];
	__u32 kern_version;
	struct bb_prog *progs;
	size_t nr_progs;
	struct bb_map_def *maps;
	size_t nr_maps;
	struct bb_var *vars;
	size_t nr_vars;
	struct bb_sym_reloc *elf_relocs;
	size_t nr_elf_relocs;
	struct bb_extern *externs;
	size_t nr_externs;
	long kconfig_map;	/* the .kconfig map, or -1 */
	int kconfig_filled;	/* bb_object_resolve_externs has filled it */
	struct bb_btf *btf;	/* NULL if the object has none */
	struct bb_btf_ext *btf_ext;	/* NULL without .BTF.ext (or BTF) */
	char **sec_names;	/* owned; names above point into these */
	size_t nr_secs;
	char **sym_names;
	size_t nr_syms;
};

/* Opening, freeing, the views and lookups are declared in barebpf.h. */

#endif
