/* .kconfig and .ksyms externs: undefined symbols of the object (SHN_UNDEF,
 * GLOBAL or WEAK) typed by the .kconfig or .ksyms DATASEC of its BTF. Found
 * at open; their values come at load (loader/externs.c). */
#ifndef BAREBPF_EXTERNS_H
#define BAREBPF_EXTERNS_H

#include <linux/types.h>
#include <stddef.h>

#include "barebpf.h"

struct bb_extern {
	const char *name;
	enum bb_extern_kind kind;
	int weak;
	__u32 type_id;		/* VAR's type (0: an untyped ksym) or the FUNC's id */
	__u32 off, size;	/* kconfig: place in the .kconfig map value */
	int resolved;
	__u64 addr;		/* untyped ksym */
	__u32 kernel_btf_id;	/* typed ksym, kfunc */
	char module[64];	/* ... in this module's BTF ("": vmlinux) */
	int btf_fd_idx;		/* the module BTF's fd_array slot, set by the loader */
};

#endif
