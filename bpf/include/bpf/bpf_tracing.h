/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Register access and program wrappers for kprobe / uprobe / raw tracepoint
 * programs.  Pick the architecture with -D__TARGET_ARCH_x86 or
 * -D__TARGET_ARCH_arm64 (the BPF target itself does not say which kernel it
 * will run on).
 */
#ifndef __BAREBPF_BPF_TRACING_H
#define __BAREBPF_BPF_TRACING_H

#include "bpf_helpers.h"

struct pt_regs;

/*
 * Registers are read through a private struct rather than struct pt_regs so
 * that this works both with <linux/bpf.h> alone (no pt_regs definition for
 * the target) and with a vmlinux.h (which has its own).
 */
#if defined(__TARGET_ARCH_x86)

/* x86_64 struct pt_regs */
struct __bb_pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax;
	unsigned long ip, cs, flags, sp, ss;
};

#define __BB_PARM1 di
#define __BB_PARM2 si
#define __BB_PARM3 dx
#define __BB_PARM4 cx	/* function calls; only syscalls pass it in r10 */
#define __BB_PARM5 r8
#define __BB_RC ax
#define __BB_IP ip
#define __BB_SP sp
#define __BB_FP bp

#elif defined(__TARGET_ARCH_arm64)

/* arm64 struct user_pt_regs, which the kernel's pt_regs starts with */
struct __bb_pt_regs {
	unsigned long long regs[31];
	unsigned long long sp, pc, pstate;
};

#define __BB_PARM1 regs[0]
#define __BB_PARM2 regs[1]
#define __BB_PARM3 regs[2]
#define __BB_PARM4 regs[3]
#define __BB_PARM5 regs[4]
#define __BB_RC regs[0]
#define __BB_IP pc
#define __BB_SP sp
#define __BB_FP regs[29]

#else
#error "bpf_tracing.h: compile with -D__TARGET_ARCH_x86 or -D__TARGET_ARCH_arm64"
#endif

#define __BB_REGS(x) ((struct __bb_pt_regs *)(x))

#define PT_REGS_PARM1(x) (__BB_REGS(x)->__BB_PARM1)
#define PT_REGS_PARM2(x) (__BB_REGS(x)->__BB_PARM2)
#define PT_REGS_PARM3(x) (__BB_REGS(x)->__BB_PARM3)
#define PT_REGS_PARM4(x) (__BB_REGS(x)->__BB_PARM4)
#define PT_REGS_PARM5(x) (__BB_REGS(x)->__BB_PARM5)
#define PT_REGS_RC(x) (__BB_REGS(x)->__BB_RC)
#define PT_REGS_IP(x) (__BB_REGS(x)->__BB_IP)
#define PT_REGS_SP(x) (__BB_REGS(x)->__BB_SP)
#define PT_REGS_FP(x) (__BB_REGS(x)->__BB_FP)

/*
 * The wrappers below define the program as NAME(ctx) and pass the unpacked
 * arguments to an always-inline body.  Each value is handed over as a void *
 * and converted implicitly to whatever type the user declared, integer or
 * pointer; -Wint-conversion is silenced for exactly that call.
 */
#define __bb_kprobe_args0
#define __bb_kprobe_args1 , (void *)PT_REGS_PARM1(ctx)
#define __bb_kprobe_args2 __bb_kprobe_args1, (void *)PT_REGS_PARM2(ctx)
#define __bb_kprobe_args3 __bb_kprobe_args2, (void *)PT_REGS_PARM3(ctx)
#define __bb_kprobe_args4 __bb_kprobe_args3, (void *)PT_REGS_PARM4(ctx)
#define __bb_kprobe_args5 __bb_kprobe_args4, (void *)PT_REGS_PARM5(ctx)

#define __bb_kretprobe_args0
#define __bb_kretprobe_args1 , (void *)PT_REGS_RC(ctx)

#define __bb_prog_args0
#define __bb_prog_args1 , (void *)ctx[0]
#define __bb_prog_args2 __bb_prog_args1, (void *)ctx[1]
#define __bb_prog_args3 __bb_prog_args2, (void *)ctx[2]
#define __bb_prog_args4 __bb_prog_args3, (void *)ctx[3]
#define __bb_prog_args5 __bb_prog_args4, (void *)ctx[4]
#define __bb_prog_args6 __bb_prog_args5, (void *)ctx[5]
#define __bb_prog_args7 __bb_prog_args6, (void *)ctx[6]
#define __bb_prog_args8 __bb_prog_args7, (void *)ctx[7]
#define __bb_prog_args9 __bb_prog_args8, (void *)ctx[8]
#define __bb_prog_args10 __bb_prog_args9, (void *)ctx[9]
#define __bb_prog_args11 __bb_prog_args10, (void *)ctx[10]
#define __bb_prog_args12 __bb_prog_args11, (void *)ctx[11]

#define __bb_wrap(name, ctx_decl, unpack, args...)			\
name(ctx_decl);								\
static __always_inline int						\
__bb_body_##name(ctx_decl __attribute__((unused)), ##args);		\
int name(ctx_decl)							\
{									\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")		\
	return __bb_body_##name(ctx unpack);				\
	_Pragma("GCC diagnostic pop")					\
}									\
static __always_inline int						\
__bb_body_##name(ctx_decl __attribute__((unused)), ##args)

/* SEC("kprobe/fn") int BPF_KPROBE(name, int a, char *b) { ... }  (max 5) */
#define BPF_KPROBE(name, args...)					\
	__bb_wrap(name, struct pt_regs *ctx,				\
		  __bb_cat(__bb_kprobe_args, __bb_narg(args)), ##args)

/* SEC("kretprobe/fn") int BPF_KRETPROBE(name, long ret) { ... } */
#define BPF_KRETPROBE(name, args...)					\
	__bb_wrap(name, struct pt_regs *ctx,				\
		  __bb_cat(__bb_kretprobe_args, __bb_narg(args)), ##args)

/* Raw tracepoints and fentry/fexit: ctx is an array of u64 (max 12). */
#define BPF_PROG(name, args...)						\
	__bb_wrap(name, unsigned long long *ctx,			\
		  __bb_cat(__bb_prog_args, __bb_narg(args)), ##args)

#endif /* __BAREBPF_BPF_TRACING_H */
