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

/* Where ld.so looks: the ld.so.cache flags of this ABI (FLAG_ELF_LIBC6 |
 * FLAG_AARCH64_LIB64) and the multiarch directory. */
#define ARCH_LDSO_CACHE_FLAGS 0x0a03
#define ARCH_MULTIARCH "aarch64-linux-gnu"

/* USDT argument registers as <sys/sdt.h> spells them (x0, w0, sp), each the
 * offset of its 64-bit register in user_pt_regs. */
#define ARCH_USDT_REGS { \
	{"x0", "w0", 0, 0, 0}, {"x1", "w1", 0, 0, 8}, {"x2", "w2", 0, 0, 16}, \
	{"x3", "w3", 0, 0, 24}, {"x4", "w4", 0, 0, 32}, {"x5", "w5", 0, 0, 40}, \
	{"x6", "w6", 0, 0, 48}, {"x7", "w7", 0, 0, 56}, {"x8", "w8", 0, 0, 64}, \
	{"x9", "w9", 0, 0, 72}, {"x10", "w10", 0, 0, 80}, {"x11", "w11", 0, 0, 88}, \
	{"x12", "w12", 0, 0, 96}, {"x13", "w13", 0, 0, 104}, {"x14", "w14", 0, 0, 112}, \
	{"x15", "w15", 0, 0, 120}, {"x16", "w16", 0, 0, 128}, {"x17", "w17", 0, 0, 136}, \
	{"x18", "w18", 0, 0, 144}, {"x19", "w19", 0, 0, 152}, {"x20", "w20", 0, 0, 160}, \
	{"x21", "w21", 0, 0, 168}, {"x22", "w22", 0, 0, 176}, {"x23", "w23", 0, 0, 184}, \
	{"x24", "w24", 0, 0, 192}, {"x25", "w25", 0, 0, 200}, {"x26", "w26", 0, 0, 208}, \
	{"x27", "w27", 0, 0, 216}, {"x28", "w28", 0, 0, 224}, {"x29", "w29", "fp", 0, 232}, \
	{"x30", "w30", "lr", 0, 240}, {"sp", "wsp", 0, 0, 248}, {"pc", 0, 0, 0, 256} }

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
