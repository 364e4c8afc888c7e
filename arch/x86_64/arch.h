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

/* Where ld.so looks: the ld.so.cache flags of this ABI (FLAG_ELF_LIBC6 |
 * FLAG_X8664_LIB64) and the multiarch directory. */
#define ARCH_LDSO_CACHE_FLAGS 0x0303
#define ARCH_MULTIARCH "x86_64-linux-gnu"

/* USDT argument registers as <sys/sdt.h> spells them (%rax, %eax, %ax, %al,
 * %r8d, ...), each the offset of its 64-bit register in struct pt_regs. */
#define ARCH_USDT_REGS { \
	{"rax", "eax", "ax", "al", 80}, {"rbx", "ebx", "bx", "bl", 40}, \
	{"rcx", "ecx", "cx", "cl", 88}, {"rdx", "edx", "dx", "dl", 96}, \
	{"rsi", "esi", "si", "sil", 104}, {"rdi", "edi", "di", "dil", 112}, \
	{"rbp", "ebp", "bp", "bpl", 32}, {"rsp", "esp", "sp", "spl", 152}, \
	{"r8", "r8d", "r8w", "r8b", 72}, {"r9", "r9d", "r9w", "r9b", 64}, \
	{"r10", "r10d", "r10w", "r10b", 56}, {"r11", "r11d", "r11w", "r11b", 48}, \
	{"r12", "r12d", "r12w", "r12b", 24}, {"r13", "r13d", "r13w", "r13b", 16}, \
	{"r14", "r14d", "r14w", "r14b", 8}, {"r15", "r15d", "r15w", "r15b", 0}, \
	{"rip", "eip", "ip", "ip", 128} }

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
