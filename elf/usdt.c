#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "symbol.h"
#include "usdt.h"

#define MAX_NOTES 100000

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int parse_num(const char **s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(*s, &end, 0);
	if (end == *s || errno)
		return -EINVAL;
	*s = end;
	return 0;
}

static int parse_reg(const char **s, char *reg, size_t size)
{
	size_t n = 0;

	while (isalnum((unsigned char)(*s)[n]))
		n++;
	if (!n || n >= size)
		return -EINVAL;
	memcpy(reg, *s, n);
	reg[n] = '\0';
	*s += n;
	return 0;
}

/* x86_64: %REG, $CONST, [OFF](%REG) */
static int parse_x86(const char **s, struct bb_usdt_arg *a)
{
	long long off = 0;

	if (**s == '%') {
		a->kind = BB_USDT_ARG_REG;
		(*s)++;
		return parse_reg(s, a->reg, sizeof(a->reg));
	}
	if (**s == '$') {
		a->kind = BB_USDT_ARG_CONST;
		(*s)++;
		return parse_num(s, &a->val);
	}
	if (**s != '(' && parse_num(s, &off))
		return -EINVAL;
	if ((*s)[0] != '(' || (*s)[1] != '%')
		return -EINVAL;
	*s += 2;
	a->kind = BB_USDT_ARG_REG_DEREF;
	a->val = off;
	if (parse_reg(s, a->reg, sizeof(a->reg)) || **s != ')')
		return -EINVAL;	/* (%rax,%rbx,8) and the like: not a spelling libbpf takes */
	(*s)++;
	return 0;
}

/* arm64: [REG, OFF], [REG], REG, CONST */
static int parse_arm64(const char **s, struct bb_usdt_arg *a)
{
	if (**s == '[') {
		*s = skip_space(*s + 1);
		a->kind = BB_USDT_ARG_REG_DEREF;
		if (parse_reg(s, a->reg, sizeof(a->reg)))
			return -EINVAL;
		*s = skip_space(*s);
		if (**s == ',') {
			*s = skip_space(*s + 1);
			if (parse_num(s, &a->val))
				return -EINVAL;
			*s = skip_space(*s);
		}
		if (**s != ']')
			return -EINVAL;
		(*s)++;
		return 0;
	}
	if (isalpha((unsigned char)**s)) {
		a->kind = BB_USDT_ARG_REG;
		return parse_reg(s, a->reg, sizeof(a->reg));
	}
	a->kind = BB_USDT_ARG_CONST;
	return parse_num(s, &a->val);
}

static int parse_arg(const char **s, struct bb_usdt_arg *a)
{
	const char *at = strchr(*s, '@');
	long long size;

	memset(a, 0, sizeof(*a));
	if (!at || parse_num(s, &size) || *s != at)
		return -EINVAL;
	a->is_signed = size < 0;
	a->size = (int)(size < 0 ? -size : size);
	if (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8)
		return -EINVAL;
	*s = at + 1;
	if (**s == '%' || **s == '$' || memchr(*s, '(', strcspn(*s, " \t")))
		return parse_x86(s, a);
	return parse_arm64(s, a);
}

int bb_usdt_parse_args(const char *s, struct bb_usdt_arg *args, size_t *n, const char **why)
{
	*n = 0;
	*why = NULL;
	for (s = skip_space(s); *s; s = skip_space(s)) {
		if (*n == BB_USDT_MAX_ARGS)
			return *why = "more than 12 arguments", -E2BIG;
		if (parse_arg(&s, &args[*n]) || (*s && *s != ' ' && *s != '\t'))
			return *why = "an argument spelled in a way barebpf does not know", -EINVAL;
		(*n)++;
	}
	return 0;
}

static Elf_Scn *find_scn(Elf *elf, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n = gelf_getshdr(scn, sh) ? elf_strptr(elf, shstrndx, sh->sh_name) : NULL;

		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

/* One note: pc, base, semaphore (8 bytes each), then provider, name, args. */
static int add_note(Elf *elf, struct bb_usdt_notes *out, const char *desc, size_t size,
		    __u64 base_addr, int has_base)
{
	const char *prov = desc + 24, *name, *args, *end = desc + size;
	struct bb_usdt_note *n;
	char *copy;
	__u64 v[3];

	if (size < 27 || out->nr >= MAX_NOTES)
		return -EINVAL;
	memcpy(v, desc, sizeof(v));
	name = memchr(prov, '\0', (size_t)(end - prov));
	args = name ? memchr(name + 1, '\0', (size_t)(end - name - 1)) : NULL;
	if (!args || !memchr(args + 1, '\0', (size_t)(end - args - 1)))
		return -EINVAL;
	name++;
	args++;
	n = realloc(out->notes, (out->nr + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	out->notes = n;
	n = &out->notes[out->nr];
	memset(n, 0, sizeof(*n));
	/* A prelinked file moved .stapsdt.base: the pc moved with it. */
	n->addr = has_base && v[1] ? v[0] + base_addr - v[1] : v[0];
	n->sema = v[2];
	if (bb_elf_vaddr_to_offset(elf, n->addr, &n->offset) ||
	    (n->sema && bb_elf_vaddr_to_offset(elf, n->sema, &n->sema_offset)))
		return -EINVAL;
	if (!(copy = malloc((size_t)(end - prov))))
		return -ENOMEM;
	memcpy(copy, prov, (size_t)(end - prov));
	n->provider = copy;
	n->name = copy + (name - prov);
	n->args = copy + (args - prov);
	out->nr++;
	return 0;
}

static int read_notes(Elf *elf, const char *path, struct bb_usdt_notes *out)
{
	GElf_Shdr sh, bsh;
	Elf_Scn *scn = find_scn(elf, ".note.stapsdt", &sh);
	int has_base = find_scn(elf, ".stapsdt.base", &bsh) != NULL;
	Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;
	int err;

	if (!d) {
		bb_debug("usdt: %s has no .note.stapsdt section (no USDT probes)", path);
		return 0;
	}
	while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type != 3 || nh.n_namesz != 8 ||
		    memcmp((const char *)d->d_buf + name_off, "stapsdt", 8))
			continue;
		err = add_note(elf, out, (const char *)d->d_buf + desc_off, nh.n_descsz,
			       has_base ? bsh.sh_addr : 0, has_base);
		if (err == -ENOMEM)
			return err;
		if (err)
			bb_warn("usdt: %s: a malformed note skipped", path);
	}
	return 0;
}

int bb_usdt_read_notes(const char *path, struct bb_usdt_notes *out)
{
	GElf_Ehdr eh;
	Elf *elf;
	int fd, err;

	memset(out, 0, sizeof(*out));
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		bb_err("usdt: cannot open %s: %s", path, bb_strerror(err));
		return err;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || !gelf_getehdr(elf, &eh) || eh.e_ident[EI_CLASS] != ELFCLASS64) {
		bb_err("usdt: %s is not a 64-bit ELF file", path);
		err = -ENOEXEC;
	} else {
		out->is_exec = eh.e_type == ET_EXEC;
		err = read_notes(elf, path, out);
	}
	if (elf)
		elf_end(elf);
	close(fd);
	if (err)
		bb_usdt_free_notes(out);
	return err;
}

void bb_usdt_free_notes(struct bb_usdt_notes *n)
{
	for (size_t i = 0; i < n->nr; i++)
		free((char *)n->notes[i].provider);
	free(n->notes);
	memset(n, 0, sizeof(*n));
}
