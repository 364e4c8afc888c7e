/* A validated view of an object's .BTF.ext: per-section func_info, line_info
 * and CO-RE relocation records. Parsing makes no system calls. */
#ifndef BAREBPF_BTF_EXT_H
#define BAREBPF_BTF_EXT_H

#include <stddef.h>
#include <linux/bpf.h>

struct bb_btf;

/* The records of one ELF section. Every record starts with a __u32 insn_off:
 * a byte offset into that section, a multiple of 8. */
struct bb_btf_ext_sec {
	const char *sec_name;	/* points into the .BTF string table */
	const void *recs;	/* nr records of the info's rec_size bytes */
	__u32 nr;
};

/* rec_size may exceed the uapi struct (bpf_func_info, bpf_line_info,
 * bpf_core_relo) when a newer compiler appends fields; read the leading
 * struct and step by rec_size. */
struct bb_btf_ext_info {
	__u32 rec_size;
	struct bb_btf_ext_sec *secs;
	size_t nr_secs;
};

struct bb_btf_ext {
	struct bb_btf_ext_info func, line, core;
	unsigned char *data;	/* the copy the records point into */
	size_t size;
};

/* Copies data. The section names point into btf, which must outlive *out.
 * Returns 0, -ENOMEM, or -EINVAL with a reason in *why. */
int bb_btf_ext_parse(const void *data, size_t size, const struct bb_btf *btf,
		     struct bb_btf_ext **out, const char **why);
void bb_btf_ext_free(struct bb_btf_ext *ext);

/* The records of section sec_name, or NULL if it has none. */
const struct bb_btf_ext_sec *bb_btf_ext_find(const struct bb_btf_ext_info *info,
					     const char *sec_name);

static inline const void *bb_btf_ext_rec(const struct bb_btf_ext_info *info,
					 const struct bb_btf_ext_sec *sec, __u32 i)
{
	return (const unsigned char *)sec->recs + (size_t)i * info->rec_size;
}

#endif
