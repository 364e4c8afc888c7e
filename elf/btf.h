/* A validated, read-only view of BTF type information (.BTF of an object, or
 * /sys/kernel/btf/vmlinux). Parsing makes no system calls. */
#ifndef BAREBPF_BTF_H
#define BAREBPF_BTF_H

#include <stddef.h>
#include <linux/btf.h>

struct bb_btf;

/* Copies data; returns 0 or -EINVAL (malformed, with a reason in *why). */
int bb_btf_parse(const void *data, size_t size, struct bb_btf **out, const char **why);
/* No copy: data (the mapped /sys/kernel/btf/vmlinux, say) must outlive the
 * view and is never written through it; bb_btf_type_mut is not for it. */
int bb_btf_parse_borrow(const void *data, size_t size, struct bb_btf **out, const char **why);
/* Split BTF (a module's /sys/kernel/btf/MODULE) on top of base, which must
 * outlive it: type ids and string offsets continue after the base's. */
int bb_btf_parse_split(const void *data, size_t size, const struct bb_btf *base,
		       struct bb_btf **out, const char **why);
void bb_btf_free(struct bb_btf *btf);

unsigned int bb_btf_count(const struct bb_btf *btf);
/* NULL for id 0 (void) or an id out of range. */
const struct btf_type *bb_btf_type(const struct bb_btf *btf, unsigned int id);
const char *bb_btf_str(const struct bb_btf *btf, unsigned int off);
const char *bb_btf_name(const struct bb_btf *btf, unsigned int id);
/* The string section itself (offset 0 is ""), for scanning it whole; NULL
 * for split BTF, whose offsets continue its base's. */
const char *bb_btf_strings(const struct bb_btf *btf, size_t *len);
int bb_btf_kind(const struct btf_type *t);
unsigned int bb_btf_vlen(const struct btf_type *t);
/* The records that follow a type: members, params, enum values, secinfos. */
const void *bb_btf_extra(const struct btf_type *t);

/* Id of the first type named name of this kind, or -ENOENT; _own looks only
 * at btf's own types, not at its base's (split BTF). */
int bb_btf_find_own(const struct bb_btf *btf, const char *name, int kind);
int bb_btf_find(const struct bb_btf *btf, const char *name, int kind);
/* Follows typedef, const, volatile, restrict and type tags. */
unsigned int bb_btf_resolve(const struct bb_btf *btf, unsigned int id);
/* Size in bytes of a type, or -EINVAL if it has none (void, func, loop). */
long long bb_btf_size(const struct bb_btf *btf, unsigned int id);

/* The encoding word that follows an INT: BTF_INT_ENCODING/OFFSET/BITS of it. */
__u32 bb_btf_int_enc(const struct btf_type *t);
/* Member i of a struct or union: bit offset and bitfield width (0: none),
 * kind_flag honoured. */
__u32 bb_btf_member_bit_off(const struct btf_type *t, __u32 i);
__u32 bb_btf_member_bitfield(const struct btf_type *t, __u32 i);
/* An ENUM or ENUM64 is signed with kind_flag set or, as clang-14 sets no
 * kind_flag and stores -1 as-is, when a 32-bit enumerator is negative. */
int bb_btf_enum_signed(const struct btf_type *t);
/* Enumerator i: its value as 64 bits, sign-extended for a signed enum. */
__u64 bb_btf_enum_value(const struct btf_type *t, __u32 i);
__u32 bb_btf_enum_name_off(const struct btf_type *t, __u32 i);

const void *bb_btf_raw(const struct bb_btf *btf, size_t *size);
/* For fixing up an object's own BTF before it goes to the kernel. */
struct btf_type *bb_btf_type_mut(struct bb_btf *btf, unsigned int id);

/* A copy of btf with the kind of type bad_id (the one the kernel refused) and
 * the kinds after it rewritten into older ones, ids and sizes kept. Returns the
 * number of types rewritten, or -ENOTSUP when that kind cannot be rewritten. */
int bb_btf_sanitize(const struct bb_btf *btf, unsigned int bad_id, struct bb_btf **out);

#endif
