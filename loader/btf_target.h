/* BTF-typed programs (fentry, fexit, fmod_ret, tp_btf, lsm, iter): the kernel
 * BTF type a program attaches to, and why the kernel refused one. */
#ifndef BAREBPF_BTF_TARGET_H
#define BAREBPF_BTF_TARGET_H

#include <linux/types.h>

#include "btf.h"
#include "object.h"

/* The id of the type prog's section names in vmlinux (or, for MODULE:FUNC,
 * in /sys/kernel/btf/MODULE, split on top of vmlinux); *obj_fd is then that
 * module BTF's fd for attach_btf_obj_fd (close it after the load), else -1.
 * Logs and returns -errno when the target is not there. */
int btf_target_find(const struct bb_prog *prog, const struct bb_btf *vmlinux,
		    const char *vmlinux_path, __u32 *id, int *obj_fd);

/* What to add to a load or attach failure of a BTF-typed program: the
 * likely cause for err, or "" when there is nothing to say. */
const char *btf_target_hint(const struct bb_prog *prog, int err, int have_log);

#endif
