/* The values of an object's externs, from the running kernel: .kconfig
 * values before the maps are created, .ksyms addresses and BTF ids and kfunc
 * ids patched into each program before it is loaded. */
#ifndef BAREBPF_EXTERN_VALUES_H
#define BAREBPF_EXTERN_VALUES_H

#include <linux/bpf.h>

#include "object.h"

struct bb_btf;

/* Whether resolving needs the kernel's BTF (ksyms, kfuncs, LINUX_HAS_*). */
int externs_need_kernel_btf(const struct bb_object *o);
/* kbtf may be NULL when externs_need_kernel_btf says no (or it is unreadable). */
int externs_fill_kconfig(struct bb_object *o, const char *kconfig_path,
			 const struct bb_btf *kbtf);
int externs_resolve_ksyms(struct bb_object *o, const struct bb_btf *kbtf);
/* KSYM and KFUNC relocations of prog written into insns. */
void externs_apply(const struct bb_object *o, const struct bb_prog *prog,
		   struct bpf_insn *insns);

#endif
