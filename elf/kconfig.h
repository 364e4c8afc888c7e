/* Kernel config text (/boot/config-RELEASE, /proc/config.gz) and kernel
 * version strings, parsed and encoded into .kconfig extern values. Memory
 * only: the loader reads the files. */
#ifndef BAREBPF_KCONFIG_H
#define BAREBPF_KCONFIG_H

#include <linux/types.h>
#include <stddef.h>

struct bb_btf;

/* gzip data inflated into a malloc'd, NUL-terminated *out (at most max bytes). */
int bb_gunzip(const void *gz, size_t size, size_t max, char **out, size_t *out_size);
/* The value of NAME in config text: *val points into text, *len its length.
 * "# NAME is not set" reads as "n". -ENOENT when the text does not mention it. */
int bb_kconfig_find(const char *text, size_t size, const char *name, const char **val,
		    size_t *len);
/* The value (y, n, m, a number or a quoted string) written into dst (size
 * bytes) as BTF type type_id wants it: bool, tristate (enum libbpf_tristate),
 * char, integer or char array. -EINVAL (with *why) when they do not fit. */
int bb_kconfig_encode(const struct bb_btf *btf, __u32 type_id, const char *val, size_t len,
		      void *dst, size_t size, const char **why);
/* KERNEL_VERSION(a, b, c) of "a.b[.c]...", c capped at 255; 0 if it is none. */
__u32 bb_version_code(const char *s);
/* KERNEL_VERSION(a, b, c), c capped at 255, of the running kernel: Ubuntu's
 * /proc/version_signature ("Ubuntu 5.15.0-105.115-generic 5.15.149") when
 * given, else Debian's "Debian 5.10.223-1" in uname -v, else the release.
 * 0 when none parses. */
__u32 bb_kernel_version_code(const char *release, const char *version, const char *signature);

#endif
