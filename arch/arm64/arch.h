/* arm64: raw syscall entry, syscall numbers, kernel symbol prefix, pt_regs. */
#ifndef BAREBPF_ARCH_H
#define BAREBPF_ARCH_H

#define ARCH_NAME "arm64"
#define ARCH_NR_bpf 280
#define ARCH_NR_perf_event_open 241
/* Since 4.19 syscalls are wrapped as __arm64_sys_NAME(struct pt_regs *). */
#define ARCH_SYSCALL_PREFIX "__arm64_sys_"

/* user_pt_regs: regs[31], sp, pc, pstate; arguments in x0..x7. */
#define ARCH_PT_REGS_SIZE 272
#define ARCH_PT_REGS_ARGS { {"x0", 0}, {"x1", 8}, {"x2", 16}, {"x3", 24}, {"x4", 32} }
#define ARCH_PT_REGS_RC {"x0", 0}

static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

#endif
