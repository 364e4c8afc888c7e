/* The values of an object's externs, from the running kernel: .kconfig
 * values before the maps are created, .ksyms addresses and BTF ids and kfunc
 * ids patched into each program before it is loaded. */
#ifndef BAREBPF_EXTERN_VALUES_H
#define BAREBPF_EXTERN_VALUES_H

#include <linux/bpf.h>

#include "object.h"

struct bb_btf;

/* The helper id a call of a missing weak kfunc becomes, plus the extern's
 * index: the verifier refuses it only where it can be reached. */
#define POISON_KFUNC 2002000000

/* Whether resolving needs the kernel's BTF (ksyms, kfuncs, LINUX_HAS_*). */
int externs_need_kernel_btf(const struct bb_object *o);
/* kbtf may be NULL when externs_need_kernel_btf says no (or it is unreadable). */
int externs_fill_kconfig(struct bb_object *o, const char *kconfig_path,
			 const struct bb_btf *kbtf);
int externs_resolve_ksyms(struct bb_object *o, const struct bb_btf *kbtf);
/* Both of the above, running the second even when the first fails (the
 * first error is returned). running: the running kernel's BTF, or NULL to
 * have it read here when needed. */
int externs_resolve(struct bb_object *o, const char *kconfig, const struct bb_btf *running);
/* KSYM and KFUNC relocations of prog written into insns. */
/* fd_array: the module BTF fds by the externs' btf_fd_idx (slot 0 unused). */
void externs_apply(const struct bb_object *o, const struct bb_prog *prog,
		   struct bpf_insn *insns, const int *fd_array);

/* The cause of a verifier rejection due to an extern (", ..."), or "". */
const char *externs_rejection_hint(const struct bb_object *o, const char *log, char *buf,
				   size_t size);

#endif
