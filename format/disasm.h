/* One BPF instruction as text, in the style of the kernel's verifier log. */
#ifndef BAREBPF_DISASM_H
#define BAREBPF_DISASM_H

#include <linux/bpf.h>
#include <stddef.h>

/* Writes insn (and for ld_imm64 its second half, next) into buf; returns the
 * number of instructions consumed, 1 or 2. */
int bb_disasm(const struct bpf_insn *insn, const struct bpf_insn *next, char *buf, size_t size);

#endif
