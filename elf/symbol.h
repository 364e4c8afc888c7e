/* Symbols of ordinary executables and libraries, for uprobes. */
#ifndef BAREBPF_SYMBOL_H
#define BAREBPF_SYMBOL_H

#include <gelf.h>
#include <linux/types.h>
#include <stddef.h>

/* File offset of function sym in the ELF file at path (from .symtab, else
 * .dynsym, through the PT_LOAD headers). 0 or -errno, with a message. */
int bb_elf_func_offset(const char *path, const char *sym, unsigned long *off);
/* The same on an ELF image in memory (for tests and fuzzing). */
int bb_elf_func_offset_mem(const void *buf, size_t size, const char *sym, unsigned long *off);

/* A virtual address of a loaded ELF to its file offset, through the PT_LOAD
 * segment that holds it. 0, -ENOENT or -EINVAL. */
int bb_elf_vaddr_to_offset(Elf *elf, __u64 addr, __u64 *off);

#endif
