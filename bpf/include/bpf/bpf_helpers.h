/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF-side helpers for barebpf programs.
 *
 * Include after the type definitions (<linux/bpf.h> or a vmlinux.h): this
 * header relies on __u32 and friends but never defines them.
 */
#ifndef __BAREBPF_BPF_HELPERS_H
#define __BAREBPF_BPF_HELPERS_H

#include "bpf_helper_defs.h"

#define SEC(name) __attribute__((section(name), used))

/*
 * BTF-defined map fields.  Only the type matters: the loader reads the
 * array length / pointee type back from BTF, the storage is never used.
 */
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]

/* linux/stddef.h defines this as plain "inline"; we want the guarantee. */
#undef __always_inline
#define __always_inline inline __attribute__((always_inline))

#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif
#ifndef __weak
#define __weak __attribute__((weak))
#endif
#ifndef __hidden
#define __hidden __attribute__((visibility("hidden")))
#endif

/* Externs resolved by the loader: kernel symbols and Kconfig values. */
#define __ksym __attribute__((section(".ksyms")))
#define __kconfig __attribute__((section(".kconfig")))

/* Legacy SEC("maps") map definition; the loader reads it field by field. */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

/*
 * Argument counting: __bb_narg(a, b, c) is 3, __bb_narg() is 0.  Supports
 * up to 12 arguments, the most BPF_PROG can take.
 */
#define __bb_nth(_, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, N, ...) N
#define __bb_narg(...) \
	__bb_nth(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define __bb_cat_(a, b) a ## b
#define __bb_cat(a, b) __bb_cat_(a, b)

/* Stores each argument into arr[i] as a u64, for bpf_trace_vprintk. */
#define __bb_store0(arr, i)
#define __bb_store1(arr, i, x) arr[i] = (unsigned long long)(x);
#define __bb_store2(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store1(arr, i + 1, __VA_ARGS__)
#define __bb_store3(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store2(arr, i + 1, __VA_ARGS__)
#define __bb_store4(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store3(arr, i + 1, __VA_ARGS__)
#define __bb_store5(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store4(arr, i + 1, __VA_ARGS__)
#define __bb_store6(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store5(arr, i + 1, __VA_ARGS__)
#define __bb_store7(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store6(arr, i + 1, __VA_ARGS__)
#define __bb_store8(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store7(arr, i + 1, __VA_ARGS__)
#define __bb_store9(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store8(arr, i + 1, __VA_ARGS__)
#define __bb_store10(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store9(arr, i + 1, __VA_ARGS__)
#define __bb_store11(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store10(arr, i + 1, __VA_ARGS__)
#define __bb_store12(arr, i, x, ...) __bb_store1(arr, i, x) __bb_store11(arr, i + 1, __VA_ARGS__)

/*
 * The format lives in a static const array so that it lands in .rodata (a
 * read-only map), which bpf_trace_vprintk requires for its format.
 */
#define __bb_printk_3(fmt, ...) ({					\
	static const char ____fmt[] = fmt;				\
	bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__);	\
})

/* bpf_trace_printk takes at most 3 values; beyond that they go in an array. */
#define __bb_printk_n(fmt, ...) ({					\
	static const char ____fmt[] = fmt;				\
	unsigned long long ____args[__bb_narg(__VA_ARGS__)];		\
	__bb_cat(__bb_store, __bb_narg(__VA_ARGS__))(____args, 0, __VA_ARGS__) \
	bpf_trace_vprintk(____fmt, sizeof(____fmt), ____args, sizeof(____args)); \
})

#define __bb_printk_kind(...) \
	__bb_nth(_, ##__VA_ARGS__, n, n, n, n, n, n, n, n, n, 3, 3, 3, 3)

#define bpf_printk(fmt, ...) \
	__bb_cat(__bb_printk_, __bb_printk_kind(__VA_ARGS__))(fmt, ##__VA_ARGS__)

/* Iterators: SEC("iter/task") programs print into their seq_file. */
#define BPF_SEQ_PRINTF(seq, fmt, ...) ({				\
	static const char ____fmt[] = fmt;				\
	unsigned long long ____args[__bb_narg(__VA_ARGS__) + 1];	\
	__bb_cat(__bb_store, __bb_narg(__VA_ARGS__))(____args, 0, ##__VA_ARGS__) \
	bpf_seq_printf(seq, ____fmt, sizeof(____fmt), ____args,	\
		       __bb_narg(__VA_ARGS__) * sizeof(____args[0]));	\
})

#endif /* __BAREBPF_BPF_HELPERS_H */
