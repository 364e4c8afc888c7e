/* Kernel function names: does one exist, and which function implements a syscall. */
#ifndef BAREBPF_KSYM_H
#define BAREBPF_KSYM_H

#include <stddef.h>

/* 1 if the kernel has a function by that name, 0 if not, -errno if no list
 * of functions can be read. */
int ksym_exists(const char *name);
/* The function behind syscall name on this architecture: __x64_sys_NAME,
 * __arm64_sys_NAME, or sys_NAME on kernels without syscall wrappers. */
int ksym_syscall(const char *name, char *out, size_t size);

#endif
