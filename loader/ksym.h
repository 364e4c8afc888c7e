/* Kernel function names: does one exist, and which function implements a syscall. */
#ifndef BAREBPF_KSYM_H
#define BAREBPF_KSYM_H

#include <stddef.h>

#include "barebpf.h"

/* 1 if the kernel has a function by that name, 0 if not, -errno if no list
 * of functions can be read. */
int ksym_exists(const char *name);
/* bb_syscall_function (barebpf.h) gives __x64_sys_NAME, __arm64_sys_NAME, or
 * sys_NAME on kernels without syscall wrappers. */

#endif
