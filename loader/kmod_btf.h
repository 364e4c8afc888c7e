/* The BTF of loaded kernel modules: /sys/kernel/btf/MODULE, split on top of
 * vmlinux, and the kernel's fd for it (attach_btf_obj_fd, a kfunc's
 * fd_array slot, a typed __ksym's second immediate). */
#ifndef BAREBPF_KMOD_BTF_H
#define BAREBPF_KMOD_BTF_H

#include "btf.h"

/* Reads and parses MODULE's BTF; logs why it cannot (ENOENT: not loaded). */
int kmod_btf_read(const char *module, const struct bb_btf *vmlinux, struct bb_btf **out);
/* The kernel's fd for MODULE's BTF, found by walking every BTF id; logs
 * and returns -ENOENT when none has that name, or the walk's error (EPERM). */
int kmod_btf_fd(const char *module);
/* Calls fn(module, btf, ctx) for each module in /proc/modules that has BTF
 * until fn returns nonzero (returned). Modules without BTF are skipped. */
int kmod_btf_each(const struct bb_btf *vmlinux,
		  int (*fn)(const char *module, const struct bb_btf *btf, void *ctx), void *ctx);

#endif
