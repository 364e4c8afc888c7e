/* Symbols of ordinary executables and libraries, for uprobes. */
#ifndef BAREBPF_SYMBOL_H
#define BAREBPF_SYMBOL_H

/* File offset of function sym in the ELF file at path (from .symtab, else
 * .dynsym, through the PT_LOAD headers). 0 or -errno, with a message. */
int bb_elf_func_offset(const char *path, const char *sym, unsigned long *off);

#endif
