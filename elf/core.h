/* CO-RE: rewrites the field offsets, sizes, type facts and enum values that
 * clang recorded against the object's BTF so they hold for a target BTF
 * (the running kernel's /sys/kernel/btf/vmlinux). Works on memory only. */
#ifndef BAREBPF_CORE_H
#define BAREBPF_CORE_H

#include <stddef.h>
#include <linux/bpf.h>

struct bb_btf;

/* One bpf_core_relo of .BTF.ext, its insn_off turned into an index into the
 * linked program. kind is an enum bpf_core_relo_kind. */
struct bb_core_relo {
	size_t insn;
	__u32 type_id;
	__u32 access_str_off;
	__u32 kind;
};

/* A target BTF and the candidates of the type names relocations asked for
 * (flavor suffixes dropped). Creating it costs nothing; a name is looked up
 * the first time a relocation asks for it (one memmem over the strings, one
 * pass comparing name offsets) and kept for every later relocation and
 * program. The BTF must outlive the target. */
struct bb_core_target;

int bb_core_target_new(const struct bb_btf *target, struct bb_core_target **out);
void bb_core_target_free(struct bb_core_target *t);

/* Patches insns in place. A relocation that finds no target, or candidates
 * that disagree, poisons its instruction (a call to helper 0xbad2310, which
 * the verifier reports only if it is reached); but the questions of
 * bpf_core_read.h (does it exist, type size, kernel type id) get 0.
 * Each relocation is logged at debug level. Returns 0, -EINVAL for a
 * malformed relocation, or -ERANGE for a value its instruction cannot hold;
 * both are logged as errors naming prog_name, and leave insns partly patched. */
int bb_core_apply(const struct bb_btf *local, const struct bb_core_target *target,
		  const struct bb_core_relo *relos, size_t n, struct bpf_insn *insns,
		  size_t insn_cnt, const char *prog_name);

/* "field_byte_offset", ..., "type_matches"; "unknown" otherwise. */
const char *bb_core_kind_name(__u32 kind);

#endif
