#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "symbol.h"

static int name_matches(const char *have, const char *want)
{
	size_t n = strlen(want);

	/* .symtab may carry the version: readline@@VER or malloc@GLIBC_2.2.5 */
	return !strncmp(have, want, n) && (have[n] == '\0' || have[n] == '@');
}

static int find_in(Elf *elf, Elf64_Word type, const char *sym, GElf_Addr *addr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != type || !sh.sh_entsize ||
		    !(d = elf_getdata(scn, NULL)))
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;
			int t;

			if (!gelf_getsym(d, (int)i, &s))
				break;
			t = GELF_ST_TYPE(s.st_info);
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (name && (t == STT_FUNC || t == STT_GNU_IFUNC) && s.st_value &&
			    s.st_shndx != SHN_UNDEF && name_matches(name, sym)) {
				*addr = s.st_value;
				return 0;
			}
		}
	}
	return -ENOENT;
}

int bb_elf_vaddr_to_offset(Elf *elf, __u64 addr, __u64 *off)
{
	size_t n;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &n))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD &&
		    addr >= ph.p_vaddr && addr - ph.p_vaddr < ph.p_memsz) {
			*off = addr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	return -ENOENT;
}

/* The lookup proper, on an ELF that is open; what names the file in messages. */
static int func_offset(Elf *elf, const char *what, const char *sym, unsigned long *off)
{
	GElf_Addr addr;
	__u64 foff;
	int err;

	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		bb_err("uprobe '%s:%s': %s is not an ELF file", what, sym, what);
		return -EINVAL;
	}
	if ((err = find_in(elf, SHT_SYMTAB, sym, &addr)) &&
	    (err = find_in(elf, SHT_DYNSYM, sym, &addr))) {
		bb_err("uprobe '%s:%s': no function '%s' in the symbol tables of %s", what, sym,
		       sym, what);
	} else if ((err = bb_elf_vaddr_to_offset(elf, addr, &foff))) {
		bb_err("uprobe '%s:%s': address %#lx of '%s' is in no loadable segment", what, sym,
		       (unsigned long)addr, sym);
	} else {
		*off = (unsigned long)foff;
	}
	return err;
}

int bb_elf_func_offset_mem(const void *buf, size_t size, const char *sym, unsigned long *off)
{
	Elf *elf;
	int err;

	elf_version(EV_CURRENT);
	elf = elf_memory((char *)buf, size);
	err = func_offset(elf, "(memory)", sym, off);
	elf_end(elf);
	return err;
}

/* Only a regular file is read: stat() first, as open() of a FIFO blocks until
 * a writer comes; then O_NONBLOCK and fstat() for a path swapped in between. */
int bb_elf_func_offset(const char *path, const char *sym, unsigned long *off)
{
	struct stat st;
	Elf *elf;
	int fd, err;

	if (stat(path, &st)) {
		err = -errno;
		goto refuse;
	}
	if (!S_ISREG(st.st_mode))
		goto not_regular;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		err = -errno;
		goto refuse;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		goto not_regular;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	err = func_offset(elf, path, sym, off);
	elf_end(elf);
	close(fd);
	return err;
refuse:
	bb_err("uprobe '%s:%s': cannot open %s: %s (%s)", path, sym, path, bb_strerror(err),
	       bb_errname(err));
	return err;
not_regular:
	bb_err("uprobe '%s:%s': %s is not a regular file (EINVAL)", path, sym, path);
	return -EINVAL;
}
