/* USDT probes (<sys/sdt.h> STAP_PROBE): the .note.stapsdt notes of an
 * executable or library, and the argument specs they carry, in the x86_64
 * (-4@-1204(%rbp), 8@%rdx, -4@$5) and arm64 (-4@[sp, 96], -8@x4, 4@5)
 * spellings. Registers stay names: arch/<arch>/arch.h maps them to pt_regs. */
#ifndef BAREBPF_USDT_H
#define BAREBPF_USDT_H

#include <linux/types.h>
#include <stddef.h>

#include "barebpf.h"	/* struct bb_usdt_arg: public, inspect shows it */

/* All the argument specs of one note ("-4@-4(%rbp) 8@%rax"): 0 or -EINVAL
 * with *why. *n is the count. */
int bb_usdt_parse_args(const char *s, struct bb_usdt_arg *args, size_t *n, const char **why);

struct bb_usdt_note {
	const char *provider, *name, *args;	/* one allocation, owned by provider */
	__u64 addr;		/* the probe's address, .stapsdt.base adjustment applied */
	__u64 offset;		/* its file offset, for the uprobe */
	__u64 sema;		/* the semaphore's address, 0 without one */
	__u64 sema_offset;	/* its file offset (the uprobe's ref_ctr_offset) */
};

struct bb_usdt_notes {
	struct bb_usdt_note *notes;
	size_t nr;
	int is_exec;		/* ET_EXEC: addresses are the ones the process sees */
};

/* The notes of the ELF file at path (nr 0 without .note.stapsdt). 0 or
 * -errno (-ENOEXEC: no 64-bit ELF file), with a message. */
int bb_usdt_read_notes(const char *path, struct bb_usdt_notes *out);
void bb_usdt_free_notes(struct bb_usdt_notes *n);

#endif
