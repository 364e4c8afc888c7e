/* Unit tests without privileges: the ELF model and the relocator on the compiled
 * examples, and on malformed objects made by damaging them in memory. */
#include <dirent.h>
#include <elf.h>
#include <linux/perf_event.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "btf.h"
#include "attach.h"
#include "btf.h"
#include "barebpf.h"
#include "btf.h"
#include "log.h"
#include "probe.h"
#include "object.h"
#include "reloc.h"
#include "ring.h"
#include "symbol.h"
#include "unit.h"

extern const struct unit_test dump_tests[], core_tests[], extern_tests[], cli_tests[];
extern const size_t dump_tests_count, core_tests_count, extern_tests_count, cli_tests_count;
extern const char *core_tests_skip_why;

static const char *dir;
static char last_msg[2048];
static int failures;

static void capture(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx;
	if (level <= BB_LOG_WARN)
		snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static unsigned char *slurp(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	unsigned char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "unit: cannot read %s\n", path);
		exit(2);
	}
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		exit(2);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static struct bb_object *open_example(const char *name)
{
	size_t size;
	unsigned char *buf = slurp(name, &size);
	struct bb_object *o = NULL;

	if (bb_object_open_mem(buf, size, name, &o))
		printf("    open %s failed: %s\n", name, last_msg);
	free(buf);
	return o;
}

/* Opens a damaged copy and returns the error; the message is in last_msg. */
static int open_damaged(const unsigned char *buf, size_t size)
{
	struct bb_object *o = NULL;
	int err;

	last_msg[0] = '\0';
	err = bb_object_open_mem(buf, size, "damaged.o", &o);
	bb_object_free(o);
	return err;
}

static const Elf64_Shdr *shdr(const unsigned char *buf, size_t i)
{
	const Elf64_Ehdr *eh = (const void *)buf;

	return (const void *)(buf + eh->e_shoff + i * eh->e_shentsize);
}

static const char *sec_name(const unsigned char *buf, size_t i)
{
	const Elf64_Ehdr *eh = (const void *)buf;

	return (const char *)buf + shdr(buf, eh->e_shstrndx)->sh_offset + shdr(buf, i)->sh_name;
}

static Elf64_Shdr *find_shdr(unsigned char *buf, const char *name)
{
	const Elf64_Ehdr *eh = (const void *)buf;

	for (size_t i = 1; i < eh->e_shnum; i++)
		if (!strcmp(sec_name(buf, i), name))
			return (Elf64_Shdr *)shdr(buf, i);
	return NULL;
}

static Elf64_Shdr *find_type(unsigned char *buf, unsigned int type, const char *prefix)
{
	const Elf64_Ehdr *eh = (const void *)buf;

	for (size_t i = 1; i < eh->e_shnum; i++)
		if (shdr(buf, i)->sh_type == type && !strncmp(sec_name(buf, i), prefix, strlen(prefix)))
			return (Elf64_Shdr *)shdr(buf, i);
	return NULL;
}

static int has(const char *needle)
{
	return strstr(last_msg, needle) != NULL;
}

static const struct bb_map_def *map(const struct bb_object *o, const char *name)
{
	int i = bb_object_find_map(o, name);

	return i < 0 ? NULL : &o->maps[i];
}

static int test_hello(void)
{
	struct bb_object *o = open_example("hello.bpf.o");
	int ok = 1;

	CHECK(o);
	if (!o)
		return 0;
	CHECK(o->nr_progs == 1);
	CHECK(!strcmp(o->progs[0].name, "hello"));
	CHECK(o->progs[0].type == BPF_PROG_TYPE_TRACEPOINT);
	CHECK(o->progs[0].sec && o->progs[0].sec->attach == BB_ATTACH_TRACEPOINT);
	CHECK(!strcmp(o->progs[0].target, "syscalls/sys_enter_execve"));
	CHECK(!strcmp(o->license, "GPL"));
	CHECK(o->btf != NULL);
	CHECK(map(o, ".rodata") && map(o, ".rodata")->frozen &&
	      map(o, ".rodata")->flags == BPF_F_RDONLY_PROG);
	bb_object_free(o);
	return ok;
}

static int test_btf_maps_and_globals(void)
{
	struct bb_object *o = open_example("opencount.bpf.o");
	const struct bb_map_def *m;
	int ok = 1, found = 0;

	CHECK(o);
	if (!o)
		return 0;
	m = map(o, "counts");
	CHECK(m && m->origin == BB_MAP_BTF && m->type == BPF_MAP_TYPE_HASH && m->key_size == 4 &&
	      m->value_size == 8 && m->max_entries == 10240);
	CHECK(map(o, ".data") && map(o, ".data")->value_size == 4 && !map(o, ".data")->frozen);
	CHECK(map(o, ".bss") && map(o, ".bss")->value_size == 8);
	m = map(o, ".data");
	CHECK(m && m->data && *(int *)m->data == 1); /* int enabled = 1 */
	for (size_t i = 0; i < o->nr_vars; i++)
		if (!strcmp(o->vars[i].name, "pid_target")) {
			found = 1;
			CHECK(!strcmp(o->maps[o->vars[i].map].name, ".rodata") && o->vars[i].size == 4);
		}
	CHECK(found);
	bb_object_free(o);
	return ok;
}

static int test_legacy_maps(void)
{
	struct bb_object *o = open_example("legacy_maps.bpf.o");
	int ok = 1;

	CHECK(o);
	if (!o)
		return 0;
	CHECK(o->nr_maps == 2);
	CHECK(map(o, "getpid_calls") && map(o, "getpid_calls")->origin == BB_MAP_LEGACY);
	CHECK(map(o, "last_getpid_ns") && map(o, "last_getpid_ns")->sec_off == 20);
	bb_object_free(o);
	return ok;
}

static const struct bb_segment *seg_at(const struct bb_prog *p, long insn)
{
	for (size_t i = 0; i < p->nr_segs; i++)
		if ((long)p->segs[i].out_insn == insn)
			return &p->segs[i];
	return NULL;
}

/* Every pseudo call must land on the first instruction of a linked function. */
static int calls_land_on_functions(const struct bb_prog *p)
{
	for (size_t i = 0; i < p->insn_cnt; i++) {
		const struct bpf_insn *in = &p->insns[i];

		if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL &&
		    !seg_at(p, (long)i + in->imm + 1))
			return 0;
	}
	return 1;
}

/* The program of that name, or NULL. */
static const struct bb_prog *prog_named(const struct bb_object *o, const char *name)
{
	int i = bb_object_find_prog(o, name);

	return i < 0 ? NULL : &o->progs[i];
}

static int test_subprograms(void)
{
	struct bb_object *o = open_example("subprog.bpf.o");
	const struct bb_prog *tp, *raw;
	int ok = 1;

	CHECK(o);
	if (!o)
		return 0;
	tp = prog_named(o, "tp_getpid");
	raw = prog_named(o, "raw_sys_enter");
	CHECK(tp && raw && o->nr_progs == 2);
	if (!tp || !raw)
		goto out;
	CHECK(tp->nr_segs == 3); /* itself, scale_twice, scale */
	CHECK(raw->nr_segs == 2); /* itself, scale */
	CHECK(!strcmp(raw->segs[1].func, "scale"));
	CHECK(raw->type == BPF_PROG_TYPE_RAW_TRACEPOINT && !strcmp(raw->target, "sys_enter"));
	CHECK(calls_land_on_functions(tp) && calls_land_on_functions(raw));
out:
	bb_object_free(o);
	return ok;
}

static int test_multiprog(void)
{
	struct bb_object *o = open_example("multiprog.bpf.o");
	const struct bb_prog *a, *b;
	int ok = 1;

	CHECK(o);
	if (!o)
		return 0;
	CHECK(o->nr_progs == 3);
	a = prog_named(o, "getppid_first");
	b = prog_named(o, "getppid_second");
	CHECK(a && b && a->section == b->section);
	CHECK(a && b && a->insn_cnt + b->insn_cnt == 20); /* the section's 160 bytes */
	bb_object_free(o);
	return ok;
}

static int test_reloc_apply(void)
{
	struct bb_object *o = open_example("opencount.bpf.o");
	struct bpf_insn *out;
	int fds[8], ok = 1;

	CHECK(o && o->nr_maps <= 8);
	if (!o || o->nr_maps > 8)
		return 0;
	for (size_t i = 0; i < o->nr_maps; i++)
		fds[i] = 100 + (int)i;
	for (size_t p = 0; p < o->nr_progs; p++) {
		const struct bb_prog *prog = &o->progs[p];

		out = malloc(prog->insn_cnt * sizeof(*out));
		CHECK(out && bb_reloc_apply(prog, fds, o->nr_maps, out) == 0);
		CHECK(prog->nr_relocs == 6);
		for (size_t r = 0; out && r < prog->nr_relocs; r++) {
			const struct bb_reloc *rl = &prog->relocs[r];
			const struct bpf_insn *in = &out[rl->insn];

			CHECK(in->code == (BPF_LD | BPF_IMM | BPF_DW));
			CHECK(in->imm == fds[rl->map]);
			CHECK(in->src_reg == (rl->kind == BB_RELOC_MAP_FD ? BPF_PSEUDO_MAP_FD
									  : BPF_PSEUDO_MAP_VALUE));
			CHECK(out[rl->insn + 1].imm == (rl->kind == BB_RELOC_MAP_VALUE ? (int)rl->off : 0));
			if (!strcmp(o->maps[rl->map].name, "counts"))
				CHECK(rl->kind == BB_RELOC_MAP_FD);
		}
		fds[0] = -1; /* a map that was never created is refused, not used */
		CHECK(bb_reloc_apply(prog, fds, o->nr_maps, out) == -EINVAL);
		CHECK(has("was not created"));
		free(out);
	}
	bb_object_free(o);
	return ok;
}

static int test_truncated(void)
{
	size_t size;
	unsigned char *buf = slurp("hello.bpf.o", &size);
	size_t cuts[] = { 0, 4, 16, 63, 64, 200, size / 2, size - 1 };
	int ok = 1;

	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		CHECK(open_damaged(buf, cuts[i]) == -EINVAL);
		CHECK(has("object 'damaged.o': "));
	}
	free(buf);
	return ok;
}

static int test_bad_section_index(void)
{
	size_t size;
	unsigned char *buf = slurp("hello.bpf.o", &size);
	Elf64_Shdr *sym = find_type(buf, SHT_SYMTAB, "");
	int ok = 1;

	sym->sh_link = 999;
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("bad section index") || has("bad section header"));
	free(buf);
	return ok;
}

static int test_reloc_outside_section(void)
{
	size_t size;
	unsigned char *buf = slurp("opencount.bpf.o", &size);
	Elf64_Shdr *rel = find_type(buf, SHT_REL, ".reltracepoint");
	Elf64_Rel *r = (Elf64_Rel *)(buf + rel->sh_offset);
	int ok = 1;

	r[0].r_offset = 0x100000;
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("lies outside section 'tracepoint/syscalls/sys_enter_openat'"));
	r[0].r_offset = 3; /* not on an instruction boundary */
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("lies outside"));
	free(buf);
	return ok;
}

static int test_reloc_unknown_symbol(void)
{
	size_t size;
	unsigned char *buf = slurp("opencount.bpf.o", &size);
	Elf64_Shdr *rel = find_type(buf, SHT_REL, ".reltracepoint");
	Elf64_Rel *r = (Elf64_Rel *)(buf + rel->sh_offset);
	int ok = 1;

	r[0].r_info = ELF64_R_INFO(100000, ELF64_R_TYPE(r[0].r_info));
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("refers to symbol 100000, which does not exist"));
	free(buf);
	return ok;
}

static int test_maps_wrong_size(void)
{
	size_t size;
	unsigned char *buf = slurp("legacy_maps.bpf.o", &size);
	Elf64_Shdr *maps = find_shdr(buf, "maps");
	int ok = 1;

	CHECK(maps && maps->sh_size == 40);
	maps->sh_size = 37;
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("section 'maps' is 37 bytes, not a multiple of its 2 map definitions"));
	maps->sh_size = 16;
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("too small"));
	free(buf);
	return ok;
}

static int test_not_bpf(void)
{
	size_t size;
	unsigned char *buf = slurp("hello.bpf.o", &size);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	int ok = 1;

	eh->e_machine = EM_X86_64;
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("not a BPF object"));
	eh->e_machine = EM_BPF;
	eh->e_type = ET_EXEC;
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("not a relocatable object"));
	free(buf);
	return ok;
}

static int test_btf_maps_need_btf(void)
{
	size_t size;
	unsigned char *buf = slurp("opencount.bpf.o", &size);
	Elf64_Shdr *btf = find_shdr(buf, ".BTF");
	int ok = 1;

	buf[btf->sh_offset] ^= 0xff; /* break the magic */
	CHECK(open_damaged(buf, size) == -EINVAL);
	CHECK(has("section '.maps' needs the object's BTF"));
	free(buf);
	return ok;
}

static int test_unknown_section(void)
{
	struct bb_object *o = open_example("unknown_section.bpf.o");
	int ok = 1;

	CHECK(o && o->nr_progs == 1 && o->progs[0].type == BPF_PROG_TYPE_UNSPEC);
	bb_object_free(o);
	return ok;
}

/* __array(values, ...) slots, the inner maps' definition, SEC("?...") and
 * a bad pinning value: compat_slots.bpf.o is built with libbpf-dev's headers. */
static int test_map_slots(void)
{
	struct bb_object *o = open_example("compat_slots.bpf.o");
	const struct bb_map_def *jump = o ? map(o, "jump") : NULL, *outer = o ? map(o, "outer") : NULL;
	int ok = 1, tail = o ? bb_object_find_prog(o, "tail") : -1;
	int refused = o ? bb_object_find_prog(o, "refused") : -1;

	CHECK(jump && jump->nr_slots == 1 && jump->slots[0].slot == 2 &&
	      jump->slots[0].index == (size_t)tail && jump->value_size == 4 && !jump->inner);
	CHECK(outer && outer->nr_slots == 1 && outer->slots[0].slot == 1 &&
	      !strcmp(o->maps[outer->slots[0].index].name, "inner_b"));
	CHECK(outer && outer->inner && outer->inner->type == BPF_MAP_TYPE_ARRAY &&
	      outer->inner->max_entries == 1 && outer->inner->value_size == 8);
	CHECK(refused >= 0 && !o->progs[refused].autoload && o->progs[tail].autoload &&
	      o->progs[refused].sec && !strcmp(o->progs[refused].target, "syscalls/sys_enter_kill"));
	bb_object_free(o);
	CHECK(!open_example("bad_pinning.bpf.o") && has("map 'counts': pinning 2 is neither"));
	return ok;
}

/* libbpf's usdt.bpf.h helpers are __weak __hidden: static in the BTF we load. */
static int test_hidden_static(void)
{
	struct bb_object *o = open_example("compat_usdt.bpf.o");
	int id = o ? bb_btf_find(o->btf, "bpf_usdt_arg", BTF_KIND_FUNC) : -1;
	int ok = 1;

	CHECK(id > 0 && bb_btf_vlen(bb_btf_type(o->btf, (unsigned int)id)) == BTF_FUNC_STATIC);
	bb_object_free(o);
	return ok;
}

static int kind_count(const struct bb_btf *btf, int kind)
{
	int n = 0;

	for (unsigned int id = 1; id < bb_btf_count(btf); id++)
		n += bb_btf_kind(bb_btf_type(btf, id)) == kind;
	return n;
}

/* What a 5.10 kernel refuses (FLOAT, DECL_TAG) rewritten, ids and sizes kept. */
static int test_btf_sanitize(void)
{
	struct bb_object *o = open_example("btf_kinds.bpf.o");
	struct bb_btf *fixed = NULL;
	int ok = 1, flt, n;

	CHECK(o && o->btf);
	if (!o || !o->btf)
		return 0;
	flt = bb_btf_find(o->btf, "float", BTF_KIND_FLOAT);
	CHECK(flt > 0 && kind_count(o->btf, BTF_KIND_DECL_TAG) == 2);
	n = flt > 0 ? bb_btf_sanitize(o->btf, (unsigned int)flt, &fixed) : -1;
	CHECK(n == 3 && fixed);
	if (fixed) {
		CHECK(bb_btf_count(fixed) == bb_btf_count(o->btf));
		CHECK(!kind_count(fixed, BTF_KIND_FLOAT) && !kind_count(fixed, BTF_KIND_DECL_TAG));
		CHECK(bb_btf_size(fixed, (unsigned int)flt) == 4);
		CHECK(kind_count(o->btf, BTF_KIND_FLOAT) == 1); /* the object's own is untouched */
	}
	bb_btf_free(fixed);
	fixed = NULL;
	/* A refused INT is nothing a rewrite can help. */
	CHECK(bb_btf_sanitize(o->btf, (unsigned int)bb_btf_find(o->btf, "unsigned int",
								BTF_KIND_INT), &fixed) == -ENOTSUP);
	bb_btf_free(fixed);
	bb_object_free(o);
	return ok;
}

static int test_btf_sections(void)
{
	const struct bb_section *s;
	const char *t;
	int ok = 1;

	s = bb_section_find("fentry.s/do_unlinkat", &t);
	CHECK(s && !strcmp(s->def.prefix, "fentry.s") && (s->flags & BB_SEC_SLEEPABLE) &&
	      s->def.expected_attach_type == BPF_TRACE_FENTRY && !strcmp(t, "do_unlinkat"));
	s = bb_section_find("fentry/nfs:nfs_open", &t);
	CHECK(s && !(s->flags & BB_SEC_SLEEPABLE) && (s->flags & BB_SEC_MODULE) &&
	      !strcmp(t, "nfs:nfs_open") && s->btf_kind == BTF_KIND_FUNC);
	s = bb_section_find("fentry", &t);
	CHECK(s && s->def.prog_type == BPF_PROG_TYPE_TRACING && !t);
	s = bb_section_find("fentry.sx/f", &t);
	CHECK(!s);
	s = bb_section_find("tp_btf/sched_switch", &t);
	CHECK(s && s->btf_kind == BTF_KIND_TYPEDEF && !strcmp(s->btf_name, "btf_trace_%s") &&
	      s->def.expected_attach_type == BPF_TRACE_RAW_TP);
	s = bb_section_find("lsm.s/file_open", &t);
	CHECK(s && s->def.prog_type == BPF_PROG_TYPE_LSM && (s->flags & BB_SEC_SLEEPABLE) &&
	      s->def.expected_attach_type == BPF_LSM_MAC);
	s = bb_section_find("iter/task", &t);
	CHECK(s && s->attach == BB_ATTACH_ITER && s->def.expected_attach_type == BPF_TRACE_ITER);
	s = bb_section_find("fmod_ret/f", &t);
	CHECK(s && s->def.expected_attach_type == BPF_MODIFY_RETURN);
	s = bb_section_find("xdp.frags/devmap", &t);
	CHECK(s && s->def.expected_attach_type == BPF_XDP_DEVMAP && !s->def.attachable &&
	      (s->flags & BB_SEC_XDP_FRAGS));
	s = bb_section_find("xdp/cpumap", &t);
	CHECK(s && s->def.expected_attach_type == BPF_XDP_CPUMAP && !s->def.attachable);
	s = bb_section_find("xdp", &t);
	CHECK(s && s->attach == BB_ATTACH_XDP && !s->def.expected_attach_type);
	return ok;
}

#define INFO(kind) ((__u32)(kind) << 24)

/* A BTF blob: header, types, strings. */
static size_t make_btf(unsigned char *buf, const void *types, __u32 tlen, const char *strs,
		       __u32 slen)
{
	struct btf_header h = { .magic = 0xeB9F, .version = 1, .hdr_len = sizeof(h),
				.type_off = 0, .type_len = tlen, .str_off = tlen, .str_len = slen };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), types, tlen);
	memcpy(buf + sizeof(h) + tlen, strs, slen);
	return sizeof(h) + tlen + slen;
}

/* Split BTF: ids and string offsets continue after the base's. */
static int test_split_btf(void)
{
	static const char bstr[] = "\0int\0base_fn", sstr[] = "mod_fn\0int";
	__u32 btypes[] = { 1, INFO(BTF_KIND_INT), 4, 32,
			   5, INFO(BTF_KIND_FUNC), 1 };
	__u32 stypes[] = { sizeof(bstr), INFO(BTF_KIND_FUNC), 1,
			   sizeof(bstr) + 7, INFO(BTF_KIND_FUNC), 3 };
	unsigned char b[256], sp[256];
	struct bb_btf *base = NULL, *split = NULL;
	const char *why;
	int ok = 1;

	CHECK(!bb_btf_parse(b, make_btf(b, btypes, sizeof(btypes), bstr, sizeof(bstr)), &base,
			    &why));
	CHECK(base && !bb_btf_parse_split(sp, make_btf(sp, stypes, sizeof(stypes), sstr,
							  sizeof(sstr)), base, &split, &why));
	if (split) {
		CHECK(bb_btf_count(split) == 5);
		CHECK(bb_btf_find(split, "mod_fn", BTF_KIND_FUNC) == 3);
		CHECK(bb_btf_find(split, "base_fn", BTF_KIND_FUNC) == 2);
		CHECK(!strcmp(bb_btf_name(split, 4), "int") && !strcmp(bb_btf_name(split, 1), "int"));
		CHECK(bb_btf_type(split, 2) == bb_btf_type(base, 2));
	}
	bb_btf_free(split);
	bb_btf_free(base);
	return ok;
}

/* Random damage must give an error or a valid object, never a crash (run
 * under ASan/UBSan this is a small fuzzer). */
static int test_random_damage(void)
{
	static const char *const names[] = { "hello.bpf.o", "opencount.bpf.o", "subprog.bpf.o",
					     "legacy_maps.bpf.o", "multiprog.bpf.o" };
	unsigned int seed = 12345;
	int ok = 1, opened = 0, refused = 0;

	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		size_t size;
		unsigned char *orig = slurp(names[n], &size), *buf = malloc(size);

		for (int round = 0; round < 400; round++) {
			memcpy(buf, orig, size);
			for (int k = 0; k < 1 + round % 8; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[(seed >> 8) % size] ^= (unsigned char)(1u << (seed % 8));
			}
			if (open_damaged(buf, size))
				refused++;
			else
				opened++;
		}
		free(buf);
		free(orig);
	}
	CHECK(refused > 0 && opened + refused == 2000);
	return ok;
}

/* Objects that once crashed barebpf (found by review and fuzzing): each must
 * now be refused with a message. */
static const char *crash_dir;

/* Every file in the reproducer directory is opened; the objects that must be
 * refused are listed, any other (from the fuzz targets) must not crash. */
static int must_be_refused(const char *name)
{
	static const char *const names[] = { "bss-huge-nobits.o", "globals-offset-wrap.o",
					     "maps-nobits.o", "maps-offset-wrap.o",
					     "zero-insn-prog-reloc-apply.o" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

static int test_crash_reproducers(void)
{
	const char *saved = dir;
	struct dirent *e;
	DIR *d;
	int ok = 1, seen = 0;

	if (!crash_dir)
		return -1;
	CHECK((d = opendir(crash_dir)) != NULL);
	while (d && (e = readdir(d))) {
		size_t size;
		unsigned char *buf;
		int err;

		if (e->d_name[0] == '.')
			continue;
		dir = crash_dir;
		buf = slurp(e->d_name, &size);
		dir = saved;
		err = open_damaged(buf, size);
		if (must_be_refused(e->d_name)) {
			CHECK(err < 0 && has("object 'damaged.o': "));
			seen++;
		}
		free(buf);
	}
	if (d)
		closedir(d);
	CHECK(seen == 5);
	return ok;
}

static int test_arch_regs(void)
{
	static const struct { const char *arch, *reg; int arg, off; } want[] = {
		{ "x86_64", "di", 0, 112 }, { "x86_64", "si", 1, 104 }, { "x86_64", "dx", 2, 96 },
		{ "x86_64", "cx", 3, 88 }, { "x86_64", "r8", 4, 72 },
		{ "arm64", "x0", 0, 0 }, { "arm64", "x1", 1, 8 }, { "arm64", "x2", 2, 16 },
		{ "arm64", "x3", 3, 24 }, { "arm64", "x4", 4, 32 },
	};
	static const struct { const char *reg; int off; } have[] = ARCH_PT_REGS_ARGS;
	int ok = 1, seen = 0;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (strcmp(want[i].arch, ARCH_NAME))
			continue;
		seen++;
		CHECK(!strcmp(have[want[i].arg].reg, want[i].reg));
		CHECK(have[want[i].arg].off == want[i].off);
	}
	CHECK(seen == 5);
	return ok;
}

static int test_set_globals(void)
{
	struct bb_object *o = open_example("opencount.bpf.o");
	const struct bb_map_def *ro;
	__u32 v;
	int ok = 1;

	CHECK(o);
	if (!o)
		return 0;
	ro = map(o, ".rodata");
	CHECK(bb_object_set_global(o, "pid_target=4242") == 0);
	memcpy(&v, ro->data, sizeof(v)); /* pid_target is at .rodata+0 */
	CHECK(v == 4242);
	CHECK(bb_object_set_global(o, "pid_target=0x10") == 0);
	memcpy(&v, ro->data, sizeof(v));
	CHECK(v == 16);
	CHECK(bb_object_set_global(o, "pid_target=-1") == -ERANGE);
	CHECK(has("'-1' is out of range; its type is unsigned int, an unsigned 4-byte integer "
		  "from 0 to 4294967295"));
	CHECK(bb_object_set_global(o, "pid_target=4294967296") == -ERANGE);
	CHECK(bb_object_set_global(o, "pid_target=12abc") == -EDOM);
	CHECK(has("'12abc' is not a number; its type is unsigned int, an unsigned 4-byte "
		  "integer from 0 to 4294967295"));
	CHECK(bb_object_set_global(o, "pid_target=abc") == -EDOM);
	CHECK(bb_object_set_global(o, "enabled=0") == 0 && *(int *)map(o, ".data")->data == 0);
	CHECK(bb_object_set_global(o, "total_events=7") == 0);
	CHECK(bb_object_set_global(o, "no_such_var=1") == -ENOENT);
	CHECK(has("global 'no_such_var': no such variable") && has("pid_target (.rodata)") &&
	      has("enabled (.data)") && has("total_events (.bss)"));
	CHECK(bb_object_set_global(o, "pid_target") == -EINVAL);
	bb_object_free(o);
	return ok;
}

static int test_probe_names(void)
{
	static const char *const bad_syms[] = { "", "do unlinkat", "do_unlinkat\n-:x/y", "a\tb",
						"sym;x", "a/b", "p:x" };
	static const char *const bad_paths[] = { "bin/bash", "/bin/ba sh", "/bin/bash:x",
						 "/bin/\nbash", "" };
	int ok = 1;

	CHECK(probe_check_symbol("do_unlinkat") == 0);
	CHECK(probe_check_symbol("do_sys_open.isra.0") == 0);
	for (size_t i = 0; i < sizeof(bad_syms) / sizeof(bad_syms[0]); i++)
		CHECK(probe_check_symbol(bad_syms[i]) == -EINVAL);
	CHECK(probe_check_path("/usr/lib/x86_64-linux-gnu/libc.so.6") == 0);
	for (size_t i = 0; i < sizeof(bad_paths) / sizeof(bad_paths[0]); i++)
		CHECK(probe_check_path(bad_paths[i]) == -EINVAL);
	return ok;
}

/* Sections that would inject a kprobe_events line are refused before any file
 * is touched: bb_attach fails without needing root or tracefs. */
static int test_probe_injection_refused(void)
{
	struct bb_object *o = open_example("kprobe_inject.bpf.o");
	int ok = 1;

	CHECK(o && o->nr_progs == 3);
	for (size_t i = 0; o && i < o->nr_progs; i++) {
		struct bb_link link;

		CHECK(bb_attach(&o->progs[i], -1, NULL, NULL, &link) == -EINVAL);
		CHECK(has("program '") && (has("expected kprobe/SYMBOL") || has("must be absolute")));
		CHECK(!strchr(last_msg, '\n'));
	}
	bb_object_free(o);
	return ok;
}

/* bb_attach on prog with its target replaced; the object's own is put back. */
static int attach_target(struct bb_prog *prog, const char *target)
{
	const char *saved = prog->target;
	struct bb_link link;
	int err;

	last_msg[0] = '\0';
	prog->target = target;
	err = bb_attach(prog, -1, NULL, NULL, &link);
	prog->target = saved;
	return err;
}

/* Offsets past 64 bits, or that wrap when added, are refused with ERANGE
 * before anything is written to uprobe_events or kprobe_events. */
static int test_probe_offset_range(void)
{
	struct bb_object *u = open_example("uprobe_trigger.bpf.o");
	struct bb_object *k = open_example("kprobe_offset.bpf.o");
	unsigned long off;
	int ok = 1;

	CHECK(u && k);
	if (!u || !k)
		goto out;
	/* A file every machine has, the VMs' initramfs too. */
	CHECK(attach_target(&u->progs[0], "/proc/self/exe:99999999999999999999999") == -ERANGE);
	CHECK(has("section '") && has("ERANGE"));
	CHECK(attach_target(&u->progs[0], "/proc/self/exe:0x10+0xffffffffffffffff") == -ERANGE);
	CHECK(attach_target(&u->progs[0], "/proc/self/exe:0x10+99999999999999999999999") == -ERANGE);
	CHECK(attach_target(&u->progs[0], "/proc/self/exe:0x10+-1") == -EINVAL);
	if (!bb_elf_func_offset("/bin/bash", "readline", &off)) {
		CHECK(attach_target(&u->progs[0], "/bin/bash:readline+0xffffffffffffffff") == -ERANGE);
		CHECK(has("section '") && has("ERANGE"));
	}
	CHECK(attach_target(&k->progs[0], "do_unlinkat+99999999999999999999") == -ERANGE);
	CHECK(has("section 'kprobe/do_unlinkat+0'") && has("ERANGE"));
	CHECK(attach_target(&k->progs[0], "do_unlinkat+-1") == -EINVAL);
out:
	bb_object_free(u);
	bb_object_free(k);
	return ok;
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* A FIFO as the uprobe path: refused at once, never opened (which blocks). */
static int test_uprobe_fifo(void)
{
	struct bb_object *u = open_example("uprobe_trigger.bpf.o");
	char fifo[64], target[96];
	unsigned long off;
	double t0 = seconds();
	int ok = 1;

	snprintf(fifo, sizeof(fifo), "/tmp/barebpf-unit-fifo-%d", (int)getpid());
	unlink(fifo);
	CHECK(u && !mkfifo(fifo, 0600));
	alarm(10); /* a regression hangs in open(); this ends it */
	CHECK(bb_elf_func_offset(fifo, "main", &off) == -EINVAL && has("not a regular file"));
	snprintf(target, sizeof(target), "%s:main", fifo);
	CHECK(u && attach_target(&u->progs[0], target) == -EINVAL && has("not a regular file"));
	snprintf(target, sizeof(target), "%s:0x10", fifo);
	CHECK(u && attach_target(&u->progs[0], target) == -EINVAL && has("not a regular file"));
	CHECK(bb_elf_func_offset("/dev/null", "main", &off) == -EINVAL);
	alarm(0);
	CHECK(seconds() - t0 < 1.0);
	unlink(fifo);
	bb_object_free(u);
	return ok;
}

/* A histogram whose BTF claims 2^31 slots: refused from the map's value size,
 * with nothing allocated or walked. */
static int test_hist_huge_btf(void)
{
	struct bb_object *o = open_example("readlat.bpf.o");
	unsigned long long *slots = (void *)1;
	unsigned char value[4096] = { 0 };
	const struct btf_member *m;
	struct btf_type *arr;
	size_t map = 0, nr = 0;
	double t0;
	int ok = 1, id;

	CHECK(o && o->btf);
	if (!o || !o->btf)
		goto out;
	while (map < o->nr_maps && strcmp(o->maps[map].name, "read_usecs"))
		map++;
	id = bb_btf_find(o->btf, "hist", BTF_KIND_STRUCT);
	CHECK(map < o->nr_maps && id > 0 && o->maps[map].value_size <= sizeof(value));
	if (map == o->nr_maps || id <= 0)
		goto out;
	m = bb_btf_extra(bb_btf_type(o->btf, (unsigned int)id));
	arr = bb_btf_type_mut(o->btf, m->type);
	CHECK(arr && bb_btf_kind(arr) == BTF_KIND_ARRAY);
	if (!arr || bb_btf_kind(arr) != BTF_KIND_ARRAY)
		goto out;
	((struct btf_array *)(arr + 1))->nelems = 1u << 31;
	t0 = seconds();
	CHECK(bb_map_histogram(o, map, value, 1, o->maps[map].value_size, &slots, &nr) == -EINVAL);
	CHECK(slots == NULL && seconds() - t0 < 0.1);
out:
	bb_object_free(o);
	return ok;
}

static int count_event(void *ctx, int cpu, const void *data, size_t size)
{
	(void)cpu, (void)data, (void)size;
	++*(int *)ctx;
	return 0;
}

/* Positions no kernel writes: far ahead, or unaligned. Skipped as corrupt at
 * once, never walked record by record (2^40 bytes of zero-length records). */
static int test_ring_positions(void)
{
	static unsigned char data[2 * 4096];
	struct perf_event_mmap_page meta = { .data_head = 1ull << 40 };
	unsigned long prod = 1ul << 40, cons = 0;
	struct bb_events *ev;
	double t0 = seconds();
	int ok = 1, n = 0;

	CHECK(!bb_events_new(count_event, NULL, &n, &ev));
	CHECK(!bb_events_add_mem(ev, 0, &meta, NULL, data, 4096, 0));
	CHECK(!bb_events_add_mem(ev, 1, &prod, &cons, data, 4096, -1));
	CHECK(bb_events_consume(ev) == 0 && bb_events_corrupt(ev) == 2);
	CHECK(meta.data_tail == meta.data_head && cons == prod);
	prod = cons + 64;
	cons += 4; /* unaligned */
	CHECK(bb_events_consume(ev) == 0 && bb_events_corrupt(ev) == 3 && cons == prod);
	CHECK(n == 0 && seconds() - t0 < 1.0);
	CHECK(bb_events_add_mem(ev, 0, &meta, NULL, data, 1000, 0) == -EINVAL);
	bb_events_free(ev);
	return ok;
}

/* The deadline of a perf ring: none while idle, BB_EVENTS_DELAY_MS after a
 * pass that found records, kept by passes that find nothing before it, and
 * dropped after two deadlines that find nothing (BATCH, then LAST). */
static int test_ring_deadline(void)
{
	static unsigned char data[4096];
	struct perf_event_mmap_page meta = { .data_head = 0 };
	struct perf_event_header h = { .type = PERF_RECORD_SAMPLE, .size = 16 };
	__u32 raw = 4;
	struct bb_events *ev;
	int ok = 1, n = 0, ms;

	memcpy(data, &h, sizeof(h));
	memcpy(data + sizeof(h), &raw, sizeof(raw));
	CHECK(!bb_events_new(count_event, NULL, &n, &ev));
	CHECK(!bb_events_add_mem(ev, 0, &meta, NULL, data, sizeof(data), 0));
	CHECK(bb_events_next_deadline_ms(ev) == -1 && bb_events_consume(ev) == 0);
	CHECK(bb_events_next_deadline_ms(ev) == -1);
	__atomic_store_n(&meta.data_head, 16, __ATOMIC_RELEASE);
	CHECK(bb_events_consume(ev) == 1 && n == 1);
	ms = bb_events_next_deadline_ms(ev);
	CHECK(ms > 0 && ms <= BB_EVENTS_DELAY_MS);
	CHECK(bb_events_consume(ev) == 0 && bb_events_next_deadline_ms(ev) > 0);
	for (int round = 0; round < 2; round++) {
		usleep((BB_EVENTS_DELAY_MS + 1) * 1000);
		CHECK(bb_events_next_deadline_ms(ev) == 0 && bb_events_poll(ev, 0) == 0);
		ms = bb_events_next_deadline_ms(ev);
		CHECK(round ? ms == -1 : ms > 0 && ms <= BB_EVENTS_DELAY_MS);
	}
	bb_events_free(ev);
	return ok;
}

/* error_log: the reason for our line; an "error:" that ends its line gives
 * an empty reason, never the text of the next line. */
static int test_error_log_parse(void)
{
	static const char log[] = "[ 1.0] trace_kprobe: error: Invalid argument\n"
				  "  Command: p:barebpf/p_x_1_2 nosuch+0\n";
	char why[128], event[64], *text = malloc(sizeof(log));
	int ok = 1;

	memcpy(text, log, sizeof(log));
	probe_error_log_parse(text, "p_x_1_2", why, sizeof(why));
	CHECK(!strcmp(why, "Invalid argument"));
	snprintf(text, sizeof(log), "error:\n  Command: p:barebpf/p_x_1_2 x\n");
	probe_error_log_parse(text, "p_x_1_2", why, sizeof(why));
	CHECK(why[0] == '\0');
	free(text);
	CHECK(!probe_events_line_ours("r10:barebpf/r_x_1_2 do_unlinkat", event) &&
	      !strcmp(event, "r_x_1_2"));
	CHECK(probe_events_line_ours("p:kprobes/x do_unlinkat", event) == -ENOENT);
	CHECK(probe_events_line_ours("garbage", event) == -ENOENT);
	CHECK(probe_events_line_ours("p:barebpfx/y z", event) == -ENOENT);
	CHECK(probe_events_line_ours("p:barebpf/ z", event) == -ENOENT);
	CHECK(!probe_events_line_ours("p:barebpf/p_y_1_2\n", event) && !strcmp(event, "p_y_1_2"));
	memset(why, 'e', 64);
	why[64] = '\0';
	text = malloc(200);
	snprintf(text, 200, "p:barebpf/%s x", why);	/* 64 bytes: too long */
	CHECK(probe_events_line_ours(text, event) == -ENOENT);
	free(text);
	return ok;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; int (*fn)(void); } tests[] = {
		{ "elf: tracepoint program, license, .rodata", test_hello },
		{ "elf: BTF-defined map and .data/.rodata/.bss globals", test_btf_maps_and_globals },
		{ "elf: legacy maps section", test_legacy_maps },
		{ "reloc: subprograms appended, calls fixed", test_subprograms },
		{ "elf: two programs in one section", test_multiprog },
		{ "reloc: map fds and value offsets applied", test_reloc_apply },
		{ "malformed: truncated file", test_truncated },
		{ "malformed: bad section index", test_bad_section_index },
		{ "malformed: relocation outside its section", test_reloc_outside_section },
		{ "malformed: relocation to an unknown symbol", test_reloc_unknown_symbol },
		{ "malformed: maps section of the wrong size", test_maps_wrong_size },
		{ "malformed: not a BPF relocatable object", test_not_bpf },
		{ "malformed: BTF maps without readable BTF", test_btf_maps_need_btf },
		{ "elf: unknown section kept as unknown type", test_unknown_section },
		{ "btf: kinds an old kernel refuses are rewritten", test_btf_sanitize },
		{ "maps: __array(values) slots, inner maps, SEC(\"?...\"), pinning", test_map_slots },
		{ "btf: hidden global functions loaded as static", test_hidden_static },
		{ "sections: fentry/fexit/fmod_ret/tp_btf/lsm/iter rows", test_btf_sections },
		{ "btf: split BTF on top of a base", test_split_btf },
		{ "malformed: 2000 randomly damaged objects", test_random_damage },
		{ "malformed: objects that once crashed barebpf", test_crash_reproducers },
		{ "arch: pt_regs argument table", test_arch_regs },
		{ "globals: --set by name, type and range checked", test_set_globals },
		{ "probe: symbol and path checks", test_probe_names },
		{ "probe: injecting section names refused before writing", test_probe_injection_refused },
		{ "probe: offsets past 64 bits or wrapping refused (ERANGE)", test_probe_offset_range },
		{ "probe: a FIFO as the uprobe path refused without opening it", test_uprobe_fifo },
		{ "format: histogram BTF claiming 2^31 slots refused fast", test_hist_huge_btf },
		{ "events: impossible ring positions skipped, never walked", test_ring_positions },
		{ "events: a perf ring's deadline armed by records, dropped when idle",
		  test_ring_deadline },
		{ "probe: error_log and probe-events lines parsed in bounds", test_error_log_parse },
	};

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: unit DIR-WITH-BPF-OBJECTS [DIR-WITH-CRASH-REPRODUCERS]\n");
		return 2;
	}
	dir = argv[1];
	crash_dir = argc == 3 ? argv[2] : NULL;
	bb_set_log(capture, NULL);
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int ok = tests[i].fn();

		if (ok < 0)
			printf("SKIP unit[%s]: %s: no reproducer directory given\n", ARCH_NAME,
			       tests[i].name);
		else
			printf("%s unit[%s]: %s\n", ok ? "PASS" : "FAIL", ARCH_NAME, tests[i].name);
		failures += !ok;
	}
	for (size_t i = 0; i < cli_tests_count; i++) {
		int ok = cli_tests[i].fn(dir);

		if (ok < 0)
			printf("SKIP unit[%s]: %s: built without libdw\n", ARCH_NAME, cli_tests[i].name);
		else
			printf("%s unit[%s]: %s\n", ok ? "PASS" : "FAIL", ARCH_NAME, cli_tests[i].name);
		failures += !ok;
	}
	for (size_t i = 0; i < dump_tests_count; i++) {
		int ok = dump_tests[i].fn(dir);

		printf("%s unit[%s]: %s\n", ok ? "PASS" : "FAIL", ARCH_NAME, dump_tests[i].name);
		failures += !ok;
	}
	for (size_t i = 0; i < extern_tests_count; i++) {
		int ok = extern_tests[i].fn(dir);

		printf("%s unit[%s]: %s\n", ok ? "PASS" : "FAIL", ARCH_NAME, extern_tests[i].name);
		failures += !ok;
	}
	for (size_t i = 0; i < core_tests_count; i++) {
		int ok = core_tests[i].fn(dir);

		bb_set_log(capture, NULL); /* the CO-RE tests listen at debug level */
		bb_set_log_level(BB_LOG_INFO);
		if (ok < 0)
			printf("SKIP unit[%s]: %s: %s\n", ARCH_NAME, core_tests[i].name,
			       core_tests_skip_why);
		else
			printf("%s unit[%s]: %s\n", ok ? "PASS" : "FAIL", ARCH_NAME, core_tests[i].name);
		failures += !ok;
	}
	return failures ? 1 : 0;
}
