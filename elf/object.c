#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "btf.h"
#include "btf_ext.h"
#include "file.h"
#include "log.h"
#include "parse.h"
#include "section.h"

int parse_fail(struct parse *p, int err, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bb_err("object '%s': %s", p->obj, msg);
	return err;
}

const char *sym_name(const struct parse *p, size_t i)
{
	return p->o->sym_names[i];
}

struct bb_map_def *add_map(struct parse *p, const char *name)
{
	struct bb_object *o = p->o;
	struct bb_map_def *m;

	if (o->nr_maps == p->maps_cap) {
		size_t cap = p->maps_cap ? 2 * p->maps_cap : 8;

		m = realloc(o->maps, cap * sizeof(*m));
		if (!m)
			return NULL;
		o->maps = m;
		p->maps_cap = cap;
	}
	m = &o->maps[o->nr_maps];
	memset(m, 0, sizeof(*m));
	if (!(m->name = strdup(name)))
		return NULL;
	o->nr_maps++;
	return m;
}

static int host_is_le(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 1;
}

static int check_header(struct parse *p, size_t size)
{
	GElf_Ehdr eh;

	if (elf_kind(p->elf) != ELF_K_ELF || !gelf_getehdr(p->elf, &eh))
		return parse_fail(p, -EINVAL, "not an ELF file (%s)", elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return parse_fail(p, -EINVAL, "not a 64-bit ELF file");
	if (eh.e_machine != EM_BPF)
		return parse_fail(p, -EINVAL, "not a BPF object (e_machine is %u, BPF is %u)",
				  eh.e_machine, EM_BPF);
	if (eh.e_shoff > size || (size_t)eh.e_shnum * eh.e_shentsize > size - eh.e_shoff)
		return parse_fail(p, -EINVAL, "truncated: the section header table (%u entries at "
				  "offset %llu) runs past the end of the file (%zu bytes)",
				  eh.e_shnum, (unsigned long long)eh.e_shoff, size);
	if (eh.e_type != ET_REL)
		return parse_fail(p, -EINVAL, "not a relocatable object (built with -c?)");
	if ((eh.e_ident[EI_DATA] == ELFDATA2LSB) != host_is_le())
		return parse_fail(p, -EINVAL, "byte order differs from this machine "
				  "(use -target bpfel or bpfeb to match)");
	return 0;
}

static int load_section(struct parse *p, size_t i, size_t shstrndx, size_t file_size)
{
	struct sec *s = &p->secs[i];
	Elf_Scn *scn = elf_getscn(p->elf, i);
	Elf_Data *d;

	if (!scn || !gelf_getshdr(scn, &s->sh))
		return parse_fail(p, -EINVAL, "section %zu: bad header (%s)", i, elf_errmsg(-1));
	s->name = elf_strptr(p->elf, shstrndx, s->sh.sh_name);
	if (!s->name)
		return parse_fail(p, -EINVAL, "section %zu: name is outside the string table", i);
	if ((s->sh.sh_type == SHT_SYMTAB || s->sh.sh_type == SHT_REL) &&
	    (s->sh.sh_link >= p->nsecs || s->sh.sh_link == 0 ||
	     (s->sh.sh_type == SHT_REL && s->sh.sh_info >= p->nsecs)))
		return parse_fail(p, -EINVAL, "section '%s': bad section index (link %u, info %u)",
				  s->name, s->sh.sh_link, s->sh.sh_info);
	s->code = s->map = -1;
	if (s->sh.sh_type == SHT_NOBITS || s->sh.sh_size == 0)
		return 0;
	if (s->sh.sh_offset > file_size || s->sh.sh_size > file_size - s->sh.sh_offset)
		return parse_fail(p, -EINVAL, "section '%s' runs past the end of the file "
				  "(truncated?)", s->name);
	d = elf_getdata(scn, NULL);
	if (!d || !d->d_buf || d->d_size != s->sh.sh_size)
		return parse_fail(p, -EINVAL, "section '%s': cannot read its data (%s)", s->name,
				  elf_errmsg(-1));
	s->data = d->d_buf;
	return 0;
}

static int load_sections(struct parse *p, size_t file_size)
{
	size_t shstrndx;
	int err;

	if (elf_getshdrnum(p->elf, &p->nsecs) || elf_getshdrstrndx(p->elf, &shstrndx))
		return parse_fail(p, -EINVAL, "bad section header table (%s)", elf_errmsg(-1));
	p->secs = calloc(p->nsecs ? p->nsecs : 1, sizeof(*p->secs));
	p->o->sec_names = calloc(p->nsecs ? p->nsecs : 1, sizeof(char *));
	if (!p->secs || !p->o->sec_names)
		return -ENOMEM;
	p->o->nr_secs = p->nsecs;
	p->maps_sec = p->btf_maps_sec = -1;
	p->secs[0].code = p->secs[0].map = -1;
	for (size_t i = 1; i < p->nsecs; i++) {
		if ((err = load_section(p, i, shstrndx, file_size)))
			return err;
		if (!(p->o->sec_names[i] = strdup(p->secs[i].name)))
			return -ENOMEM;
		p->secs[i].name = p->o->sec_names[i];
		if (!strcmp(p->secs[i].name, "maps"))
			p->maps_sec = (long)i;
		else if (!strcmp(p->secs[i].name, ".maps"))
			p->btf_maps_sec = (long)i;
	}
	return 0;
}

static long find_section(const struct parse *p, const char *name)
{
	for (size_t i = 1; i < p->nsecs; i++)
		if (!strcmp(p->secs[i].name, name))
			return (long)i;
	return -1;
}

static int load_symbols(struct parse *p)
{
	size_t symtab = 0;
	Elf_Data *d;

	for (size_t i = 1; i < p->nsecs; i++)
		if (p->secs[i].sh.sh_type == SHT_SYMTAB)
			symtab = i;
	if (!symtab || !p->secs[symtab].data)
		return parse_fail(p, -EINVAL, "has no symbol table");
	d = elf_getdata(elf_getscn(p->elf, symtab), NULL);
	p->nsyms = p->secs[symtab].sh.sh_size / sizeof(Elf64_Sym);
	p->syms = calloc(p->nsyms ? p->nsyms : 1, sizeof(*p->syms));
	p->o->sym_names = calloc(p->nsyms ? p->nsyms : 1, sizeof(char *));
	if (!p->syms || !p->o->sym_names)
		return -ENOMEM;
	p->o->nr_syms = p->nsyms;
	for (size_t i = 0; i < p->nsyms; i++) {
		GElf_Sym *s = &p->syms[i];
		const char *name;

		if (!gelf_getsym(d, (int)i, s))
			return parse_fail(p, -EINVAL, "symbol %zu: unreadable", i);
		name = elf_strptr(p->elf, p->secs[symtab].sh.sh_link, s->st_name);
		if (!name)
			return parse_fail(p, -EINVAL, "symbol %zu: name is outside the string table", i);
		if (s->st_shndx >= p->nsecs && s->st_shndx < SHN_LORESERVE)
			return parse_fail(p, -EINVAL, "symbol '%s': bad section index %u", name,
					  s->st_shndx);
		if (GELF_ST_TYPE(s->st_info) == STT_SECTION && s->st_shndx && s->st_shndx < p->nsecs)
			name = p->secs[s->st_shndx].name;
		if (!(p->o->sym_names[i] = strdup(name)))
			return -ENOMEM;
	}
	return 0;
}

static int load_license_version(struct parse *p)
{
	long lic = find_section(p, "license"), ver = find_section(p, "version");
	struct bb_object *o = p->o;

	if (lic >= 0 && p->secs[lic].data) {
		size_t n = p->secs[lic].sh.sh_size;

		if (!memchr(p->secs[lic].data, '\0', n) || n > sizeof(o->license))
			return parse_fail(p, -EINVAL, "section 'license' is not a short string");
		memcpy(o->license, p->secs[lic].data, n);
	}
	if (ver >= 0 && p->secs[ver].data) {
		if (p->secs[ver].sh.sh_size != sizeof(o->kern_version))
			return parse_fail(p, -EINVAL, "section 'version' is not 4 bytes");
		memcpy(&o->kern_version, p->secs[ver].data, sizeof(o->kern_version));
	}
	return 0;
}

static int load_btf(struct parse *p)
{
	long i = find_section(p, ".BTF");
	const char *why;

	if (i < 0 || !p->secs[i].data)
		return 0;
	if (bb_btf_parse(p->secs[i].data, p->secs[i].sh.sh_size, &p->o->btf, &why))
		bb_warn("object '%s': section '.BTF' is malformed (%s); continuing without BTF",
			p->obj, why ? why : "out of memory");
	return 0;
}

static int cmp_func(const void *a, const void *b)
{
	const struct bb_code_func *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static int collect_funcs(struct parse *p, size_t sec, struct bb_code_sec *cs)
{
	for (size_t i = 0; i < p->nsyms; i++) {
		const GElf_Sym *s = &p->syms[i];
		struct bb_code_func *f;

		if (s->st_shndx != sec || GELF_ST_TYPE(s->st_info) != STT_FUNC)
			continue;
		if (s->st_value % 8 || s->st_size % 8 || s->st_value / 8 >= cs->cnt ||
		    s->st_size / 8 > cs->cnt - s->st_value / 8)
			return parse_fail(p, -EINVAL, "function '%s' lies outside section '%s'",
					  sym_name(p, i), cs->name);
		f = realloc(cs->funcs, (cs->nr_funcs + 1) * sizeof(*f));
		if (!f)
			return -ENOMEM;
		cs->funcs = f;
		cs->funcs[cs->nr_funcs++] = (struct bb_code_func){
			.name = sym_name(p, i), .start = s->st_value / 8, .len = s->st_size / 8,
		};
	}
	if (cs->nr_funcs)
		qsort(cs->funcs, cs->nr_funcs, sizeof(*cs->funcs), cmp_func);
	for (size_t i = 0; i < cs->nr_funcs; i++) /* a size of 0 runs to the next function */
		if (!cs->funcs[i].len)
			cs->funcs[i].len = (i + 1 < cs->nr_funcs ? cs->funcs[i + 1].start : cs->cnt) -
					   cs->funcs[i].start;
	for (size_t i = 0; i < cs->nr_funcs; i++)
		if (!cs->funcs[i].len)
			return parse_fail(p, -EINVAL, "function '%s' in section '%s' has no "
					  "instructions", bb_printable(cs->funcs[i].name),
					  bb_printable(cs->name));
	if (!cs->nr_funcs && cs->cnt) {
		cs->funcs = calloc(1, sizeof(*cs->funcs));
		if (!cs->funcs)
			return -ENOMEM;
		*cs->funcs = (struct bb_code_func){ .name = cs->name, .len = cs->cnt };
		cs->nr_funcs = 1;
	}
	return 0;
}

static int load_code(struct parse *p)
{
	for (size_t i = 1; i < p->nsecs; i++) {
		struct sec *s = &p->secs[i];
		struct bb_code_sec *cs;
		struct bpf_insn *insns;
		int err;

		if (s->sh.sh_type != SHT_PROGBITS || !(s->sh.sh_flags & SHF_EXECINSTR) ||
		    !s->data)
			continue;
		if (s->sh.sh_size % sizeof(struct bpf_insn))
			return parse_fail(p, -EINVAL, "section '%s' is %zu bytes, not whole "
					  "instructions", s->name, (size_t)s->sh.sh_size);
		cs = realloc(p->code.secs, (p->code.nr + 1) * sizeof(*cs));
		if (!cs)
			return -ENOMEM;
		p->code.secs = cs;
		cs = &p->code.secs[p->code.nr];
		memset(cs, 0, sizeof(*cs));
		s->code = (long)p->code.nr++;
		insns = malloc(s->sh.sh_size); /* ELF data need not be aligned */
		if (!insns)
			return -ENOMEM;
		memcpy(insns, s->data, s->sh.sh_size);
		cs->insns = insns;
		cs->cnt = s->sh.sh_size / sizeof(struct bpf_insn);
		cs->name = s->name;
		if ((err = collect_funcs(p, i, cs)))
			return err;
	}
	return 0;
}

static int record_elf_reloc(struct parse *p, const char *sec, size_t off, unsigned int type,
			    size_t sym)
{
	struct bb_object *o = p->o;
	struct bb_sym_reloc *r = realloc(o->elf_relocs, (o->nr_elf_relocs + 1) * sizeof(*r));
	size_t shndx = p->syms[sym].st_shndx;
	const char *in = shndx == SHN_UNDEF ? "undefined" : shndx < p->nsecs ? p->secs[shndx].name : NULL;

	if (!r)
		return -ENOMEM;
	o->elf_relocs = r;
	o->elf_relocs[o->nr_elf_relocs++] = (struct bb_sym_reloc){
		.section = sec, .offset = off, .type = type, .sym = sym_name(p, sym),
		.sym_section = in ? in : "",
	};
	return 0;
}

static long map_at(const struct parse *p, size_t sec, size_t off)
{
	for (size_t i = 0; i < p->o->nr_maps; i++)
		if (p->o->maps[i].origin != BB_MAP_DATA && (size_t)p->o->maps[i].sec_idx == sec &&
		    p->o->maps[i].sec_off == off)
			return (long)i;
	return -1;
}

static int classify(struct parse *p, const struct bb_code_sec *cs, struct bb_code_rel *r,
		    size_t symi)
{
	const GElf_Sym *sym = &p->syms[symi];
	const struct bpf_insn *insn = &cs->insns[r->insn];
	const struct sec *target = &p->secs[sym->st_shndx];
	const char *name = sym_name(p, symi);
	long long at;

	if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL) {
		if (target->code < 0)
			return parse_fail(p, -EINVAL, "call to '%s', which is not code", name);
		r->kind = BB_RELOC_CALL;
		at = (long long)(sym->st_value / 8) + insn->imm + 1;
	} else if (insn->code != (BPF_LD | BPF_IMM | BPF_DW) || r->insn + 1 >= cs->cnt) {
		return parse_fail(p, -EINVAL, "relocation against '%s' at instruction %zu of '%s' "
				  "is on an instruction that is neither ld_imm64 nor a call",
				  name, r->insn, cs->name);
	} else if (target->code >= 0) {
		r->kind = BB_RELOC_FUNC_ADDR;
		at = (long long)sym->st_value + insn->imm;
		if (at % 8)
			return parse_fail(p, -EINVAL, "address of '%s'%+d is not on an instruction",
					  bb_printable(name), insn->imm);
		at /= 8;
	} else if (target->map >= 0) {
		at = (long long)sym->st_value + insn->imm;
		if (at < 0 || at >= (long long)target->sh.sh_size)
			return parse_fail(p, -EINVAL, "reference to '%s'%+d lies outside section "
					  "'%s'", name, insn->imm, target->name);
		r->kind = BB_RELOC_MAP_VALUE;
		r->map = (size_t)target->map;
		r->off = (__u32)at;
		return 0;
	} else if ((long)sym->st_shndx == p->maps_sec || (long)sym->st_shndx == p->btf_maps_sec) {
		long m = map_at(p, sym->st_shndx, sym->st_value);

		if (m < 0)
			return parse_fail(p, -EINVAL, "reference to '%s': no map defined at offset "
					  "%zu of '%s'", name, (size_t)sym->st_value, target->name);
		r->kind = BB_RELOC_MAP_FD;
		r->map = (size_t)m;
		return 0;
	} else {
		return parse_fail(p, -EINVAL, "reference to '%s' in section '%s', which barebpf "
				  "cannot relocate", name, target->name);
	}
	if (at < 0 || at >= (long long)p->code.secs[target->code].cnt)
		return parse_fail(p, -EINVAL, "call to '%s'%+d lands outside section '%s'", name,
				  insn->imm, target->name);
	r->target_sec = (size_t)target->code;
	r->target_insn = (size_t)at;
	return 0;
}

static int cmp_rel(const void *a, const void *b)
{
	const struct bb_code_rel *x = a, *y = b;

	return (x->insn > y->insn) - (x->insn < y->insn);
}

static int load_rel_entry(struct parse *p, const struct sec *rs, Elf_Data *d, size_t k,
			  struct bb_code_sec *cs)
{
	GElf_Rel rel;
	size_t symi, off;
	struct bb_code_rel *r;

	if (!gelf_getrel(d, (int)k, &rel))
		return parse_fail(p, -EINVAL, "section '%s': relocation %zu unreadable", rs->name, k);
	symi = GELF_R_SYM(rel.r_info);
	off = rel.r_offset;
	if (symi == 0 || symi >= p->nsyms)
		return parse_fail(p, -EINVAL, "section '%s': relocation %zu refers to symbol %zu, "
				  "which does not exist", rs->name, k, symi);
	if (off % 8 || off / 8 >= cs->cnt)
		return parse_fail(p, -EINVAL, "section '%s': relocation %zu at offset %zu lies "
				  "outside section '%s' (%zu bytes)", rs->name, k, off, cs->name,
				  cs->cnt * 8);
	if (p->syms[symi].st_shndx >= p->nsecs)
		return parse_fail(p, -ENOENT, "relocation against '%s': the symbol is not defined "
				  "in this object", sym_name(p, symi));
	if (record_elf_reloc(p, cs->name, off, (unsigned int)GELF_R_TYPE(rel.r_info), symi))
		return -ENOMEM;
	r = &cs->rels[cs->nr_rels++];
	memset(r, 0, sizeof(*r));
	r->insn = off / 8;
	r->sym = sym_name(p, symi);
	if (p->syms[symi].st_shndx == SHN_UNDEF)
		return parse_extern_reloc(p, cs, r, symi);
	return classify(p, cs, r, symi);
}

static int load_relocs(struct parse *p)
{
	for (size_t i = 1; i < p->nsecs; i++) {
		const struct sec *rs = &p->secs[i];
		struct bb_code_sec *cs;
		Elf_Data *d;
		size_t n;
		int err;

		if (rs->sh.sh_type != SHT_REL || p->secs[rs->sh.sh_info].code < 0 || !rs->data)
			continue;
		cs = &p->code.secs[p->secs[rs->sh.sh_info].code];
		d = elf_getdata(elf_getscn(p->elf, i), NULL);
		n = rs->sh.sh_size / sizeof(Elf64_Rel);
		cs->rels = realloc(cs->rels, (cs->nr_rels + n + 1) * sizeof(*cs->rels));
		if (!cs->rels)
			return -ENOMEM;
		for (size_t k = 0; k < n; k++)
			if ((err = load_rel_entry(p, rs, d, k, cs)))
				return err;
		if (cs->nr_rels)
			qsort(cs->rels, cs->nr_rels, sizeof(*cs->rels), cmp_rel);
	}
	return 0;
}

static int add_prog(struct parse *p, size_t ci, size_t fi)
{
	struct bb_object *o = p->o;
	const struct bb_code_sec *cs = &p->code.secs[ci];
	struct bb_prog *prog = realloc(o->progs, (o->nr_progs + 1) * sizeof(*prog));

	if (!prog)
		return -ENOMEM;
	o->progs = prog;
	prog = &o->progs[o->nr_progs++];
	memset(prog, 0, sizeof(*prog));
	prog->section = cs->name;
	if (!(prog->name = strdup(cs->funcs[fi].name)))
		return -ENOMEM;
	/* SEC("?kind/...") is the kind with autoload off, as libbpf reads it. */
	prog->autoload = cs->name[0] != '?';
	prog->sec = bb_section_find(cs->name + !prog->autoload, &prog->target);
	prog->type = prog->sec ? prog->sec->def.prog_type : BPF_PROG_TYPE_UNSPEC;
	return bb_reloc_link(&p->code, ci, fi, prog);
}

static int load_programs(struct parse *p)
{
	int err;

	for (size_t ci = 0; ci < p->code.nr; ci++) {
		if (!strcmp(p->code.secs[ci].name, ".text"))
			continue;
		for (size_t fi = 0; fi < p->code.secs[ci].nr_funcs; fi++)
			if ((err = add_prog(p, ci, fi)))
				return err;
	}
	if (!p->o->nr_progs)
		bb_warn("object '%s': has no programs (no executable section besides .text)",
			p->obj);
	return 0;
}

static void free_code(struct bb_code *code)
{
	for (size_t i = 0; i < code->nr; i++) {
		free((void *)code->secs[i].insns);
		free(code->secs[i].funcs);
		free(code->secs[i].rels);
	}
	free(code->secs);
}

static int parse_all(struct parse *p, size_t size)
{
	int err;

	if ((err = check_header(p, size)) || (err = load_sections(p, size)) ||
	    (err = load_symbols(p)) || (err = load_license_version(p)) ||
	    (err = load_btf(p)) || (err = parse_btf_ext(p)) || (err = parse_legacy_maps(p)) ||
	    (err = parse_btf_maps(p)) || (err = parse_data_maps(p)) ||
	    (err = parse_fixup_btf(p)) || (err = parse_externs(p)) ||
	    (err = load_code(p)) || (err = load_relocs(p)))
		return err;
	if ((err = load_programs(p)) || (err = parse_map_slots(p)))
		return err;
	return parse_ext_info(p);
}

int bb_object_open_mem(const void *buf, size_t size, const char *name, struct bb_object **out)
{
	struct parse p = { .obj = name };
	char *copy = malloc(size ? size : 1);
	int err = -ENOMEM;

	*out = NULL;
	p.o = calloc(1, sizeof(*p.o));
	if (!copy || !p.o || !(p.o->name = strdup(name)))
		goto out;
	if (!size) {
		err = parse_fail(&p, -EINVAL, "empty file");
		goto out;
	}
	memcpy(copy, buf, size);
	elf_version(EV_CURRENT);
	p.elf = elf_memory(copy, size);
	if (!p.elf) {
		err = parse_fail(&p, -EINVAL, "not an ELF file (%s)", elf_errmsg(-1));
		goto out;
	}
	p.code.obj = name;
	err = parse_all(&p, size);
out:
	if (p.elf)
		elf_end(p.elf);
	free_code(&p.code);
	free(p.syms);
	free(p.secs);
	free(copy);
	if (err)
		bb_object_free(p.o);
	else
		*out = p.o;
	return err;
}

int bb_object_open_file(const char *path, struct bb_object **out)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t size;
	char *buf;
	int err;

	*out = NULL;
	err = bb_read_file(path, (size_t)1 << 30, BB_FILE_REGULAR, &buf, &size);
	if (err) {
		bb_err("object '%s': cannot read: %s", path, err == -EINVAL ?
		       "not a regular file" : bb_strerror(err));
		return err;
	}
	err = bb_object_open_mem(buf, size, base, out);
	free(buf);
	return err;
}

void bb_object_free(struct bb_object *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nr_progs; i++) {
		free(o->progs[i].name);
		free(o->progs[i].insns);
		free(o->progs[i].relocs);
		free(o->progs[i].segs);
		free(o->progs[i].func_info);
		free(o->progs[i].line_info);
		free(o->progs[i].core_relos);
	}
	for (size_t i = 0; i < o->nr_maps; i++) {
		free(o->maps[i].name);
		free(o->maps[i].data);
		free(o->maps[i].inner);
		free(o->maps[i].slots);
	}
	for (size_t i = 0; i < o->nr_secs; i++)
		free(o->sec_names[i]);
	for (size_t i = 0; i < o->nr_syms; i++)
		free(o->sym_names[i]);
	free(o->sec_names);
	free(o->sym_names);
	free(o->progs);
	free(o->maps);
	free(o->vars);
	free(o->elf_relocs);
	free(o->externs);
	bb_btf_ext_free(o->btf_ext);
	bb_btf_free(o->btf);
	free(o->name);
	free(o);
}
