/* USDT arguments on the BPF side, for SEC("usdt/PATH:PROVIDER:NAME") programs.
 *
 * The loader fills two maps, with the names and the value layout libbpf's
 * usdt.bpf.h uses, so a program built against either header loads with
 * either loader: __bpf_usdt_specs (spec id -> how to fetch each argument)
 * and __bpf_usdt_ip_to_spec_id (probe address -> spec id) for kernels that
 * have no BPF cookies (before 5.15); with cookies, the spec id is the cookie. */
#ifndef BAREBPF_USDT_BPF_H
#define BAREBPF_USDT_BPF_H

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#ifndef BPF_USDT_MAX_SPEC_CNT
#define BPF_USDT_MAX_SPEC_CNT 256
#endif
#ifndef BPF_USDT_MAX_IP_CNT
#define BPF_USDT_MAX_IP_CNT (4 * BPF_USDT_MAX_SPEC_CNT)
#endif
#define BPF_USDT_MAX_ARG_CNT 12

/* How one argument is found: a constant, a register, or memory at a
 * register plus an offset. */
enum __bpf_usdt_arg_type {
	BPF_USDT_ARG_CONST,
	BPF_USDT_ARG_REG,
	BPF_USDT_ARG_REG_DEREF,
};

struct __bpf_usdt_arg_spec {
	__u64 val_off;		/* the constant, or the offset from the register */
	enum __bpf_usdt_arg_type arg_type;
	short reg_off;		/* offsetof(struct pt_regs, register) */
	_Bool arg_signed;
	char arg_bitshift;	/* 64 - 8 * size: shifted up and back to extend */
};

struct __bpf_usdt_spec {
	struct __bpf_usdt_arg_spec args[BPF_USDT_MAX_ARG_CNT];
	__u64 usdt_cookie;
	short arg_cnt;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BPF_USDT_MAX_SPEC_CNT);
	__type(key, int);
	__type(value, struct __bpf_usdt_spec);
} __bpf_usdt_specs SEC(".maps") __weak;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BPF_USDT_MAX_IP_CNT);
	__type(key, long);
	__type(value, __u32);
} __bpf_usdt_ip_to_spec_id SEC(".maps") __weak;

extern const _Bool LINUX_HAS_BPF_COOKIE __kconfig;

static __always_inline struct __bpf_usdt_spec *__bb_usdt_spec(struct pt_regs *ctx)
{
	int id;

	if (LINUX_HAS_BPF_COOKIE) {
		id = (int)bpf_get_attach_cookie(ctx);
	} else {
		long ip = (long)PT_REGS_IP(ctx);
		__u32 *found = bpf_map_lookup_elem(&__bpf_usdt_ip_to_spec_id, &ip);

		if (!found)
			return 0;
		id = (int)*found;
	}
	return bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
}

/* Inlined rather than libbpf's global functions: with only a declaration of
 * struct pt_regs (no vmlinux.h) the verifier cannot check a global function
 * that takes it. */

/* The number of arguments of the probe that fired, or -3 (ESRCH). */
static __always_inline int bpf_usdt_arg_cnt(struct pt_regs *ctx)
{
	struct __bpf_usdt_spec *spec = __bb_usdt_spec(ctx);

	return spec ? spec->arg_cnt : -3;
}

/* Argument n (from 0) into *res, extended to 64 bits; 0 or a negative errno
 * (*res is 0 then). */
static __always_inline int bpf_usdt_arg(struct pt_regs *ctx, __u64 n, long *res)
{
	struct __bpf_usdt_spec *spec = __bb_usdt_spec(ctx);
	struct __bpf_usdt_arg_spec *a;
	unsigned long v = 0;
	int shift;

	*res = 0;
	if (!spec)
		return -3;		/* ESRCH */
	if (n >= BPF_USDT_MAX_ARG_CNT || n >= (__u64)spec->arg_cnt)
		return -2;		/* ENOENT */
	a = &spec->args[n];
	if (a->arg_type == BPF_USDT_ARG_CONST) {
		v = a->val_off;
	} else if (a->arg_type == BPF_USDT_ARG_REG || a->arg_type == BPF_USDT_ARG_REG_DEREF) {
		if (bpf_probe_read_kernel(&v, sizeof(v), (char *)ctx + a->reg_off))
			return -14;	/* EFAULT */
		if (a->arg_type == BPF_USDT_ARG_REG_DEREF &&
		    bpf_probe_read_user(&v, sizeof(v), (char *)v + a->val_off))
			return -14;
	} else {
		return -22;		/* EINVAL */
	}
	shift = a->arg_bitshift;
	v <<= shift;
	*res = a->arg_signed ? (long)v >> shift : (long)(v >> shift);
	return 0;
}

/* BPF_USDT(name, a, b, ...): a handler whose parameters are the probe's
 * arguments, fetched with bpf_usdt_arg; ctx stays available. */
#define __bb_usdt_arg(i) ({ long _v; bpf_usdt_arg(ctx, i, &_v); _v; })
#define __bb_usdt_n(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, N, ...) N
#define __bb_usdt_count(...) __bb_usdt_n(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __bb_usdt_cat(a, b) a##b
#define __bb_usdt_call(n) __bb_usdt_cat(__bb_usdt_args, n)
#define __bb_usdt_args0() ctx
#define __bb_usdt_args1(a) ctx, __bb_usdt_arg(0)
#define __bb_usdt_args2(a, b) __bb_usdt_args1(a), __bb_usdt_arg(1)
#define __bb_usdt_args3(a, b, c) __bb_usdt_args2(a, b), __bb_usdt_arg(2)
#define __bb_usdt_args4(a, b, c, d) __bb_usdt_args3(a, b, c), __bb_usdt_arg(3)
#define __bb_usdt_args5(a, b, c, d, e) __bb_usdt_args4(a, b, c, d), __bb_usdt_arg(4)
#define __bb_usdt_args6(a, b, c, d, e, f) __bb_usdt_args5(a, b, c, d, e), __bb_usdt_arg(5)

#define BPF_USDT(name, args...)						\
	name(struct pt_regs *ctx);					\
	static __always_inline typeof(name(0)) ____##name(struct pt_regs *ctx, ##args); \
	typeof(name(0)) name(struct pt_regs *ctx)			\
	{								\
		_Pragma("GCC diagnostic push")				\
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")	\
		return ____##name(__bb_usdt_call(__bb_usdt_count(args))(args)); \
		_Pragma("GCC diagnostic pop")				\
	}								\
	static __always_inline typeof(name(0)) ____##name(struct pt_regs *ctx, ##args)

#endif
