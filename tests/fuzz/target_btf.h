/* The small fixed target BTF the object target relocates against: a few
 * kernel-like types built in memory, so a run never reads the 5 MB vmlinux. */
#ifndef BAREBPF_FUZZ_TARGET_BTF_H
#define BAREBPF_FUZZ_TARGET_BTF_H

#include <stddef.h>

/* Raw BTF bytes (header, types, strings) in a static buffer. */
const void *fuzz_target_btf(size_t *size);

#endif
