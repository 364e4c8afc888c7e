/* x86_64: raw syscall entry, syscall numbers, kernel symbol prefix, pt_regs. */
#ifndef BAREBPF_ARCH_H
#define BAREBPF_ARCH_H

#define ARCH_NAME "x86_64"
#define ARCH_NR_bpf 321
#define ARCH_NR_perf_event_open 298
/* Since 4.17 syscalls are wrapped as __x64_sys_NAME(struct pt_regs *). */
#define ARCH_SYSCALL_PREFIX "__x64_sys_"

/* Function-call argument registers in struct pt_regs order (byte offsets).
 * The fourth argument is rcx; r10 carries it only for the syscall instruction. */
#define ARCH_PT_REGS_SIZE 168
#define ARCH_PT_REGS_ARGS { {"di", 112}, {"si", 104}, {"dx", 96}, {"cx", 88}, {"r8", 72} }
#define ARCH_PT_REGS_RC {"ax", 80}

static inline long arch_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif
