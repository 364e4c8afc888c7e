/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one thing these fixtures need beyond vmlinux.h and libbpf-dev's headers.
 *
 * libbpf's bpf_tracing.h reads arm64 registers through struct user_pt_regs
 * (PT_REGS_PARM1 is ((const struct user_pt_regs *)ctx)->regs[0]). The
 * vmlinux.h we build with comes from the x86_64 host kernel, which has no
 * such struct, so it is declared here for arm64 builds. It is the arm64 UAPI
 * layout (arch/arm64/include/uapi/asm/ptrace.h) and the first member of the
 * kernel's struct pt_regs, so plain offsets are right on every arm64 kernel:
 * it is declared outside vmlinux.h's preserve_access_index region on purpose
 * and gets no CO-RE relocations.
 *
 * Include it after vmlinux.h and before <bpf/bpf_tracing.h>. With a
 * vmlinux.h generated from an arm64 kernel (which has the struct already),
 * build with -DCOMPAT_HAVE_USER_PT_REGS.
 */
#ifndef COMPAT_H
#define COMPAT_H

#if defined(__TARGET_ARCH_arm64) && !defined(COMPAT_HAVE_USER_PT_REGS)
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};
#endif

#endif /* COMPAT_H */
