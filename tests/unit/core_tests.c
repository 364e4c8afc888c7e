/* Unit tests of .BTF.ext parsing and CO-RE relocation, without privileges.
 * The fixtures of tests/core/ are relocated against /sys/kernel/btf/vmlinux
 * and every patched value is compared with what the tests read from that BTF
 * themselves (a plain lookup by name, without flavors or compatibility
 * rules), so they hold on any kernel; BAREBPF_CORE_TARGET=FILE relocates
 * against another kernel's BTF instead. A test returns 1 (passed), 0 (failed)
 * or -1 (skipped: core_tests_skip_why says why). The tests install their own
 * log sink at debug level: a runner reinstalls its own after each. */
#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "btf.h"
#include "btf_ext.h"
#include "core.h"
#include "log.h"
#include "unit.h"

extern const struct unit_test core_tests[];
extern const size_t core_tests_count;
extern const char *core_tests_skip_why;

#define VMLINUX "/sys/kernel/btf/vmlinux"
#define TARGET_ENV "BAREBPF_CORE_TARGET"	/* another kernel's BTF to relocate against */
#define POISON_IMM 195896080
#define NONE (~0ull)

/* ---- log capture ---- */

static char logbuf[1 << 16];
static size_t loglen;

static void capture(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx;
	static const char *const tag[] = { "E ", "W ", "I ", "D " };
	int n = snprintf(logbuf + loglen, sizeof(logbuf) - loglen, "%s%s\n", tag[level], msg);

	if (n > 0 && (size_t)n < sizeof(logbuf) - loglen)
		loglen += (size_t)n;
}

static void log_reset(void)
{
	loglen = 0;
	logbuf[0] = '\0';
	bb_set_log(capture, NULL);
	bb_set_log_level(BB_LOG_DEBUG);
}

static int logged(const char *needle)
{
	return strstr(logbuf, needle) != NULL;
}

/* Whether anything was logged as an error or a warning. */
static int complaints(void)
{
	return !strncmp(logbuf, "E ", 2) || !strncmp(logbuf, "W ", 2) || logged("\nE ") ||
	       logged("\nW ");
}

/* ---- files and fixtures ---- */

static int read_all(const char *path, unsigned char **out, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, got;
	unsigned char *buf = malloc(cap);

	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return -errno;
	}
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			unsigned char *b = realloc(buf, cap *= 2);

			if (!b)
				break;
			buf = b;
		}
	}
	fclose(f);
	*out = buf;
	*size = n;
	return 0;
}

struct fixture {
	unsigned char *buf;
	size_t size;
	Elf *elf;
	struct bb_btf *btf;
	struct bb_btf_ext *ext;
	const void *ext_raw;
	size_t ext_size;
};

static Elf_Data *section(Elf *elf, const char *name)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *n;

		if (gelf_getshdr(scn, &sh) && (n = elf_strptr(elf, shstrndx, sh.sh_name)) &&
		    !strcmp(n, name))
			return elf_getdata(scn, NULL);
	}
	return NULL;
}

static void fixture_close(struct fixture *fx)
{
	bb_btf_ext_free(fx->ext);
	bb_btf_free(fx->btf);
	if (fx->elf)
		elf_end(fx->elf);
	free(fx->buf);
	memset(fx, 0, sizeof(*fx));
}

static int fixture_open(const char *dir, const char *name, struct fixture *fx)
{
	char path[512];
	const char *why = "";
	Elf_Data *btf, *ext;

	memset(fx, 0, sizeof(*fx));
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	elf_version(EV_CURRENT);
	if (read_all(path, &fx->buf, &fx->size)) {
		printf("    cannot read %s\n", path);
		return 0;
	}
	fx->elf = elf_memory((char *)fx->buf, fx->size);
	btf = fx->elf ? section(fx->elf, ".BTF") : NULL;
	ext = fx->elf ? section(fx->elf, ".BTF.ext") : NULL;
	if (!btf || !ext || bb_btf_parse(btf->d_buf, btf->d_size, &fx->btf, &why) ||
	    bb_btf_ext_parse(ext->d_buf, ext->d_size, fx->btf, &fx->ext, &why)) {
		printf("    %s: no readable .BTF and .BTF.ext %s\n", path, why ? why : "");
		fixture_close(fx);
		return 0;
	}
	fx->ext_raw = ext->d_buf;
	fx->ext_size = ext->d_size;
	return 1;
}

static struct bpf_insn *prog_insns(const struct fixture *fx, const char *sec, size_t *cnt)
{
	Elf_Data *d = section(fx->elf, sec);
	struct bpf_insn *insns;

	if (!d || !d->d_size)
		return NULL;
	insns = malloc(d->d_size);
	if (insns)
		memcpy(insns, d->d_buf, d->d_size);
	*cnt = d->d_size / sizeof(*insns);
	return insns;
}

/* The section's CO-RE records with instruction indexes: each fixture section
 * holds one program and no subprograms, so the index is insn_off / 8. */
static struct bb_core_relo *prog_relos(const struct fixture *fx, const char *sec, size_t *n)
{
	const struct bb_btf_ext_sec *s = bb_btf_ext_find(&fx->ext->core, sec);
	struct bb_core_relo *r;

	*n = 0;
	if (!s || !(r = calloc(s->nr, sizeof(*r))))
		return NULL;
	for (__u32 i = 0; i < s->nr; i++) {
		const struct bpf_core_relo *c = bb_btf_ext_rec(&fx->ext->core, s, i);

		r[i] = (struct bb_core_relo){ c->insn_off / 8, c->type_id, c->access_str_off,
					      c->kind };
	}
	*n = s->nr;
	return r;
}

/* ---- the target: this kernel's BTF, read once ---- */

static struct bb_btf *vmlinux;
static struct bb_core_target *target;
static const char *no_target;
const char *core_tests_skip_why;

static int have_target(void)
{
	const char *path = getenv(TARGET_ENV) ? getenv(TARGET_ENV) : VMLINUX;
	unsigned char *buf;
	size_t size;
	const char *why = "";
	struct timespec a, b;
	int err;

	if (target || no_target) {
		core_tests_skip_why = no_target;
		return target != NULL;
	}
	if ((err = read_all(path, &buf, &size))) {
		no_target = "no readable " VMLINUX " (kernel without CONFIG_DEBUG_INFO_BTF?)";
		core_tests_skip_why = no_target;
		printf("    %s: %s\n", path, bb_strerror(err));
		return 0;
	}
	err = bb_btf_parse(buf, size, &vmlinux, &why);
	free(buf);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (!err)
		err = bb_core_target_new(vmlinux, &target);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (err) {
		no_target = "the kernel's BTF is not readable by bb_btf_parse";
		core_tests_skip_why = no_target;
		printf("    %s: %s\n", path, why ? why : bb_strerror(err));
		return 0;
	}
	printf("    note: %s: %u types, %zu bytes, name index built in %.1f ms\n", path,
	       bb_btf_count(vmlinux), size,
	       (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	return 1;
}

/* ---- the tests' own reading of BTF ---- */

static int int_signed(const struct btf_type *t)
{
	return (BTF_INT_ENCODING(*(const __u32 *)bb_btf_extra(t)) & BTF_INT_SIGNED) != 0;
}

static int kind_of(const struct bb_btf *b, unsigned int id)
{
	const struct btf_type *t = bb_btf_type(b, bb_btf_resolve(b, id));

	return t ? bb_btf_kind(t) : BTF_KIND_UNKN;
}

struct field {
	unsigned long long bit;	/* bit offset from the root */
	unsigned int type, bits; /* bits: bitfield size, 0 if not a bitfield */
};

/* Member name of struct/union id, searched depth first through anonymous members. */
static int named_member(const struct bb_btf *b, unsigned int id, const char *name, struct field *f)
{
	const struct btf_type *t = bb_btf_type(b, bb_btf_resolve(b, id));
	const struct btf_member *m;
	int kf;

	if (!t || (bb_btf_kind(t) != BTF_KIND_STRUCT && bb_btf_kind(t) != BTF_KIND_UNION))
		return 0;
	m = bb_btf_extra(t);
	kf = BTF_INFO_KFLAG(t->info);
	for (unsigned int i = 0; i < bb_btf_vlen(t); i++) {
		const char *n = bb_btf_str(b, m[i].name_off);
		unsigned long long base = f->bit;

		f->bit += kf ? BTF_MEMBER_BIT_OFFSET(m[i].offset) : m[i].offset;
		if (!strcmp(n, name)) {
			f->type = m[i].type;
			f->bits = kf ? BTF_MEMBER_BITFIELD_SIZE(m[i].offset) : 0;
			return 1;
		}
		if (!*n && named_member(b, m[i].type, name, f))
			return 1;
		f->bit = base;
	}
	return 0;
}

/* Where path ("se.vruntime", "rlim[7].rlim_cur") lies in the first struct
 * called root; 0 if it does not exist there. */
static int lookup(const struct bb_btf *b, const char *root, const char *path, struct field *f)
{
	char buf[256], *tok, *save = NULL;
	int id = bb_btf_find(b, root, BTF_KIND_STRUCT);

	if (id < 0)
		return 0;
	memset(f, 0, sizeof(*f));
	f->type = (unsigned int)id;
	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		char *idx = strchr(tok, '[');

		if (idx)
			*idx = '\0';
		if (!named_member(b, f->type, tok, f))
			return 0;
		for (; idx; idx = strchr(idx + 1, '[')) {
			const struct btf_type *t = bb_btf_type(b, bb_btf_resolve(b, f->type));
			const struct btf_array *a;

			if (!t || bb_btf_kind(t) != BTF_KIND_ARRAY)
				return 0;
			a = bb_btf_extra(t);
			f->type = a->type;
			f->bit += strtoull(idx + 1, NULL, 10) * 8 *
				  (unsigned long long)bb_btf_size(b, a->type);
		}
	}
	return 1;
}

/* The access of a local relocation as a path ("se.vruntime", "comm[0]"), or
 * the enumerator's name; "" for type relocations. */
static void local_path(const struct bb_btf *b, const struct bb_core_relo *r, char *out, size_t n)
{
	const char *s = bb_btf_str(b, r->access_str_off);
	unsigned int id = r->type_id;
	size_t len = 0;
	char *end;

	out[0] = '\0';
	if (r->kind >= BPF_CORE_TYPE_ID_LOCAL && r->kind != BPF_CORE_ENUMVAL_EXISTS &&
	    r->kind != BPF_CORE_ENUMVAL_VALUE)
		return;
	strtoul(s, &end, 10);
	if (r->kind == BPF_CORE_ENUMVAL_EXISTS || r->kind == BPF_CORE_ENUMVAL_VALUE) {
		const struct btf_type *t = bb_btf_type(b, bb_btf_resolve(b, id));

		snprintf(out, n, "%s", bb_btf_str(b, ((const struct btf_enum *)bb_btf_extra(t))
						      [strtoul(s, NULL, 10)].name_off));
		return;
	}
	for (s = end; *s == ':' && len < n; s = end) {
		unsigned long i = strtoul(s + 1, &end, 10);
		const struct btf_type *t = bb_btf_type(b, bb_btf_resolve(b, id));

		if (bb_btf_kind(t) == BTF_KIND_ARRAY) {
			id = ((const struct btf_array *)bb_btf_extra(t))->type;
			len += (size_t)snprintf(out + len, n - len, "[%lu]", i);
			continue;
		}
		const struct btf_member *m = (const struct btf_member *)bb_btf_extra(t) + i;

		id = m->type;
		if (m->name_off)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "." : "",
						bb_btf_str(b, m->name_off));
	}
}

/* The name without a ___flavor suffix, as the tests see it. */
static const char *plain(const char *name, char *buf, size_t n)
{
	const char *f = strstr(name, "___");

	snprintf(buf, n, "%.*s", f ? (int)(f - name) : (int)strlen(name), name);
	return buf;
}

/* Index of the nth (from 0) relocation of kind on type root (flavor kept) with
 * this path; -1 if there is none. */
static long find_relo(const struct bb_btf *b, const struct bb_core_relo *r, size_t n,
		      __u32 kind, const char *root, const char *path, int nth)
{
	char p[256];

	for (size_t i = 0; i < n; i++) {
		if (r[i].kind != kind || strcmp(bb_btf_name(b, r[i].type_id), root))
			continue;
		local_path(b, &r[i], p, sizeof(p));
		if ((!path || !strcmp(p, path)) && nth-- == 0)
			return (long)i;
	}
	return -1;
}

static int poisoned(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->imm == POISON_IMM && !in->src_reg;
}

/* The value an instruction carries after relocation, NONE if poisoned. */
static unsigned long long insn_value(const struct bpf_insn *in)
{
	if (poisoned(in))
		return NONE;
	if (in->code == (BPF_LD | BPF_IMM | BPF_DW))
		return (__u32)in[0].imm | (unsigned long long)(__u32)in[1].imm << 32;
	if (BPF_CLASS(in->code) == BPF_LDX || BPF_CLASS(in->code) == BPF_ST ||
	    BPF_CLASS(in->code) == BPF_STX)
		return (unsigned long long)in->off;
	return (unsigned long long)(__s64)in->imm;
}

/* A fixture's program relocated against the running kernel; on failure
 * nothing is left to free. */
struct relocated {
	struct fixture fx;
	struct bpf_insn *insns;
	size_t cnt;
	struct bb_core_relo *relos;
	size_t n;
	int err;
};

static void relocated_free(struct relocated *rl)
{
	free(rl->insns);
	free(rl->relos);
	fixture_close(&rl->fx);
}

static int relocate(const char *dir, const char *obj, const char *sec, struct relocated *rl)
{
	memset(rl, 0, sizeof(*rl));
	if (!fixture_open(dir, obj, &rl->fx))
		return 0;
	rl->insns = prog_insns(&rl->fx, sec, &rl->cnt);
	rl->relos = prog_relos(&rl->fx, sec, &rl->n);
	if (!rl->insns || !rl->relos) {
		printf("    %s: no section %s or no CO-RE records for it\n", obj, sec);
		relocated_free(rl);
		return 0;
	}
	log_reset();
	rl->err = bb_core_apply(rl->fx.btf, target, rl->relos, rl->n, rl->insns, rl->cnt,
				"fixture");
	return 1;
}

/* The patched value of a relocation found by find_relo; NONE if poisoned or missing. */
static unsigned long long value_of(const struct relocated *rl, __u32 kind, const char *root,
				   const char *path, int nth)
{
	long i = find_relo(rl->fx.btf, rl->relos, rl->n, kind, root, path, nth);

	if (i < 0) {
		printf("    no %s relocation of %s %s\n", bb_core_kind_name(kind), root,
		       path ? path : "");
		return NONE - 1;
	}
	return insn_value(&rl->insns[rl->relos[i].insn]);
}

/* ---- .BTF.ext ---- */

static int test_ext_fixtures(const char *dir)
{
	static const char *const objs[][2] = {
		{ "core_read.bpf.o", "tracepoint/syscalls/sys_enter_execve" },
		{ "core_btf.bpf.o", "tracepoint/syscalls/sys_enter_getpid" },
		{ "core_exists.bpf.o", "tracepoint/syscalls/sys_enter_getppid" },
		{ "core_unguarded.bpf.o", "tracepoint/syscalls/sys_enter_getuid" },
	};
	int ok = 1;

	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		struct fixture fx;
		const struct bb_btf_ext_sec *f, *l, *c;
		size_t cnt = 0;
		struct bpf_insn *insns;

		CHECK(fixture_open(dir, objs[i][0], &fx));
		if (!fx.ext)
			continue;
		insns = prog_insns(&fx, objs[i][1], &cnt);
		CHECK(fx.ext->func.rec_size >= sizeof(struct bpf_func_info));
		CHECK(fx.ext->line.rec_size >= sizeof(struct bpf_line_info));
		CHECK(fx.ext->core.rec_size >= sizeof(struct bpf_core_relo));
		f = bb_btf_ext_find(&fx.ext->func, objs[i][1]);
		l = bb_btf_ext_find(&fx.ext->line, objs[i][1]);
		c = bb_btf_ext_find(&fx.ext->core, objs[i][1]);
		CHECK(f && l && c && insns);
		if (f && insns) {
			const struct bpf_func_info *fi = bb_btf_ext_rec(&fx.ext->func, f, 0);
			const struct btf_type *t = bb_btf_type(fx.btf, fi->type_id);

			CHECK(f->nr == 1 && fi->insn_off == 0 && t && bb_btf_kind(t) == BTF_KIND_FUNC);
		}
		for (__u32 j = 0; l && insns && j < l->nr; j++) {
			const struct bpf_line_info *li = bb_btf_ext_rec(&fx.ext->line, l, j);
			const char *file = bb_btf_str(fx.btf, li->file_name_off);

			CHECK(li->insn_off / 8 < cnt && strstr(file, ".bpf.c"));
		}
		for (__u32 j = 0; c && insns && j < c->nr; j++) {
			const struct bpf_core_relo *r = bb_btf_ext_rec(&fx.ext->core, c, j);

			CHECK(r->insn_off / 8 < cnt && bb_btf_type(fx.btf, r->type_id) &&
			      *bb_btf_str(fx.btf, r->access_str_off) &&
			      r->kind <= BPF_CORE_TYPE_MATCHES);
		}
		free(insns);
		fixture_close(&fx);
	}
	return ok;
}

/* The .BTF.ext header as written by llvm, for damaging it. */
struct ext_hdr {
	__u16 magic;
	__u8 version, flags;
	__u32 hdr_len, func_off, func_len, line_off, line_len, core_off, core_len;
};

static int parse_copy(const struct fixture *fx, const unsigned char *buf, size_t size,
		      const char **why)
{
	struct bb_btf_ext *ext = NULL;
	int err = bb_btf_ext_parse(buf, size, fx->btf, &ext, why);

	/* what parses must keep every record inside the copy */
	for (int k = 0; ext && k < 3; k++) {
		const struct bb_btf_ext_info *info = k == 0   ? &ext->func
						     : k == 1 ? &ext->line
							      : &ext->core;

		for (size_t s = 0; s < info->nr_secs; s++) {
			const unsigned char *p = info->secs[s].recs;

			if (p < ext->data || p + (size_t)info->secs[s].nr * info->rec_size >
						     ext->data + ext->size)
				err = -EFAULT;
		}
	}
	bb_btf_ext_free(ext);
	return err;
}

/* Damages a copy of the header (or of the first u32 at a block offset) and
 * expects -EINVAL with a reason mentioning what. */
static int damaged(const struct fixture *fx, size_t at, __u32 value, size_t width,
		   const char *what)
{
	unsigned char *buf = malloc(fx->ext_size);
	const char *why = NULL;
	int err;

	memcpy(buf, fx->ext_raw, fx->ext_size);
	memcpy(buf + at, &value, width);
	err = parse_copy(fx, buf, fx->ext_size, &why);
	free(buf);
	if (err != -EINVAL || !why || !strstr(why, what)) {
		printf("    damage at %zu = %u: got %d (%s), expected a reason with \"%s\"\n", at,
		       value, err, why ? why : "no reason", what);
		return 0;
	}
	return 1;
}

static int test_ext_malformed(const char *dir)
{
	struct fixture fx;
	struct ext_hdr h;
	const char *why;
	size_t core, first_sec;
	int ok = 1;

	if (!fixture_open(dir, "core_exists.bpf.o", &fx))
		return 0;
	memcpy(&h, fx.ext_raw, sizeof(h));
	CHECK(h.hdr_len == 32 && h.core_len > 0);
	core = h.hdr_len + h.core_off;	/* the core block: record size, then sections */
	first_sec = core + 4;
	for (size_t cut = 0; cut < fx.ext_size; cut++)
		CHECK(parse_copy(&fx, fx.ext_raw, cut, &why) == -EINVAL);
	CHECK(parse_copy(&fx, fx.ext_raw, fx.ext_size, &why) == 0);
	CHECK(damaged(&fx, 0, 0x1234, 2, "bad magic"));
	CHECK(damaged(&fx, 0, 0x9FeB, 2, "byte order"));
	CHECK(damaged(&fx, 2, 2, 1, "version 2"));
	CHECK(damaged(&fx, 4, 8, 4, "header length"));
	CHECK(damaged(&fx, 4, (__u32)fx.ext_size + 1, 4, "header length"));
	CHECK(damaged(&fx, 8, (__u32)fx.ext_size, 4, "func_info at offset"));
	CHECK(damaged(&fx, 16, h.line_off + 2, 4, "line_info at offset"));
	CHECK(damaged(&fx, 28, 0xfffffff0, 4, "core_relo at offset"));
	CHECK(damaged(&fx, h.hdr_len + h.line_off, 12, 4, "line_info record size 12"));
	CHECK(damaged(&fx, core, 18, 4, "core_relo record size 18"));
	CHECK(damaged(&fx, core, 8, 4, "core_relo record size 8"));
	CHECK(damaged(&fx, first_sec, 0xffffff, 4, "is not a name"));
	CHECK(damaged(&fx, first_sec + 4, 0, 4, "has no records"));
	CHECK(damaged(&fx, first_sec + 4, 0x7fffffff, 4, "run past the end"));
	CHECK(damaged(&fx, first_sec + 8, 3, 4, "not a multiple of 8"));
	{	/* an older header, without core_relo, still parses */
		unsigned char *buf = malloc(fx.ext_size);
		struct bb_btf_ext *ext = NULL;
		__u32 len = 24;

		memcpy(buf, fx.ext_raw, fx.ext_size);
		memcpy(buf + 4, &len, 4);
		/* the blocks are relative to the header's end: shift them */
		memmove(buf + 24, buf + 32, fx.ext_size - 32);
		CHECK(bb_btf_ext_parse(buf, fx.ext_size - 8, fx.btf, &ext, &why) == 0);
		CHECK(ext && ext->core.nr_secs == 0 && ext->func.nr_secs == 1);
		bb_btf_ext_free(ext);
		free(buf);
	}
	fixture_close(&fx);
	return ok;
}

/* Random damage must give -EINVAL or a parse whose records stay in bounds. */
static int test_ext_random_damage(const char *dir)
{
	static const char *const objs[] = { "core_read.bpf.o", "core_btf.bpf.o",
					    "core_exists.bpf.o" };
	unsigned int seed = 4242;
	int ok = 1, refused = 0, parsed = 0;

	for (size_t o = 0; o < sizeof(objs) / sizeof(objs[0]); o++) {
		struct fixture fx;
		unsigned char *buf;

		if (!fixture_open(dir, objs[o], &fx))
			return 0;
		buf = malloc(fx.ext_size);
		for (int round = 0; round < 1000; round++) {
			const char *why;
			int err;

			memcpy(buf, fx.ext_raw, fx.ext_size);
			for (int k = 0; k < 1 + round % 4; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[(seed >> 8) % fx.ext_size] ^= (unsigned char)(1u << (seed % 8));
			}
			err = parse_copy(&fx, buf, fx.ext_size, &why);
			CHECK(err == 0 || err == -EINVAL);
			err ? refused++ : parsed++;
		}
		free(buf);
		fixture_close(&fx);
	}
	CHECK(refused > 0 && parsed > 0);
	return ok;
}

/* ---- CO-RE against the running kernel ---- */

/* Every field offset relocation lands where the target's own layout says. */
static int offsets_match(const struct relocated *rl)
{
	char path[256], root[128];
	int ok = 1;

	for (size_t i = 0; i < rl->n; i++) {
		const struct bb_core_relo *r = &rl->relos[i];
		unsigned long long got = insn_value(&rl->insns[r->insn]);
		struct field f;

		if (r->kind != BPF_CORE_FIELD_BYTE_OFFSET)
			continue;
		local_path(rl->fx.btf, r, path, sizeof(path));
		plain(bb_btf_name(rl->fx.btf, r->type_id), root, sizeof(root));
		if (!lookup(vmlinux, root, path, &f)) {
			CHECK(got == NONE);
			continue;
		}
		if (f.bits)
			continue;	/* bitfields: checked by their own test */
		if (got != f.bit / 8)
			printf("    %s.%s: patched %llu, the target has it at %llu\n", root, path, got,
			       f.bit / 8);
		CHECK(got == f.bit / 8);
	}
	return ok;
}

static int test_core_read(const char *dir)
{
	static const char *const want[][2] = {
		{ "task_struct", "tgid" }, { "task_struct", "real_parent" },
		{ "task_struct", "se.vruntime" }, { "task_struct", "signal" },
		{ "signal_struct", "rlim[7].rlim_cur" }, { "task_struct", "comm[0]" },
		{ "task_struct", "mm" }, { "mm_struct", "exe_file" }, { "file", "f_path.dentry" },
		{ "dentry", "d_name.len" }, { "dentry", "d_name.name" },
	};
	struct relocated rl;
	int ok = 1;

	if (!have_target())
		return -1;
	if (!relocate(dir, "core_read.bpf.o", "tracepoint/syscalls/sys_enter_execve", &rl))
		return 0;
	CHECK(rl.err == 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(find_relo(rl.fx.btf, rl.relos, rl.n, BPF_CORE_FIELD_BYTE_OFFSET, want[i][0],
				want[i][1], 0) >= 0);
	CHECK(offsets_match(&rl));
	CHECK(logged("D program 'fixture': CO-RE relocation #0 at insn "));
	CHECK(logged("field_byte_offset of struct task_struct.se.vruntime ("));
	CHECK(!complaints());
	relocated_free(&rl);
	return ok;
}

static int size_code(unsigned long long bytes)
{
	return bytes == 1 ? BPF_B : bytes == 2 ? BPF_H : bytes == 4 ? BPF_W : BPF_DW;
}

/* The five values BPF_CORE_READ_BITFIELD uses must extract exactly the
 * target's bits: a load of size bytes at byte_off, shifted left then right. */
static int bitfield_ok(const struct relocated *rl, const char *name)
{
	struct field f;
	unsigned long long off, size, lshift, rshift, sign;
	const struct btf_type *t;
	int ok = 1;

	CHECK(lookup(vmlinux, "task_struct", name, &f) && f.bits);
	off = value_of(rl, BPF_CORE_FIELD_BYTE_OFFSET, "task_struct", name, 0);
	size = value_of(rl, BPF_CORE_FIELD_BYTE_SIZE, "task_struct", name, 0);
	lshift = value_of(rl, BPF_CORE_FIELD_LSHIFT_U64, "task_struct", name, 0);
	rshift = value_of(rl, BPF_CORE_FIELD_RSHIFT_U64, "task_struct", name, 0);
	sign = value_of(rl, BPF_CORE_FIELD_SIGNED, "task_struct", name, 0);
	CHECK(size == 1 || size == 2 || size == 4 || size == 8);
	CHECK(off % size == 0 && off * 8 <= f.bit && f.bit + f.bits <= (off + size) * 8);
	CHECK(rshift == 64 - f.bits);
	CHECK(lshift + (f.bit - off * 8) + f.bits == 64);
	t = bb_btf_type(vmlinux, bb_btf_resolve(vmlinux, f.type));
	CHECK(t && sign == (unsigned)int_signed(t));
	CHECK(value_of(rl, BPF_CORE_FIELD_RSHIFT_U64, "task_struct", name, 1) == rshift);
	return ok;
}

static int test_core_btf_loads(const char *dir)
{
	struct relocated rl;
	struct field f;
	long i;
	int ok = 1;

	if (!have_target())
		return -1;
	if (!relocate(dir, "core_btf.bpf.o", "tracepoint/syscalls/sys_enter_getpid", &rl))
		return 0;
	CHECK(rl.err == 0);
	CHECK(offsets_match(&rl));
	/* direct loads carry the offset in the instruction */
	i = find_relo(rl.fx.btf, rl.relos, rl.n, BPF_CORE_FIELD_BYTE_OFFSET, "task_struct", "pid", 0);
	CHECK(i >= 0 && BPF_CLASS(rl.insns[rl.relos[i].insn].code) == BPF_LDX);
	/* flags is declared 8 bytes wide locally: the load takes the target's width */
	i = find_relo(rl.fx.btf, rl.relos, rl.n, BPF_CORE_FIELD_BYTE_OFFSET, "task_struct___wide",
		      "flags", 0);
	CHECK(i >= 0 && lookup(vmlinux, "task_struct", "flags", &f));
	if (i >= 0) {
		const struct bpf_insn *in = &rl.insns[rl.relos[i].insn];

		CHECK(in->code == (BPF_LDX | BPF_MEM | size_code((unsigned long long)
								   bb_btf_size(vmlinux, f.type))));
		CHECK(in->off == (int)(f.bit / 8));
	}
	if (bb_btf_size(vmlinux, f.type) != 8)
		CHECK(logged(", load of 8 -> "));
	CHECK(bitfield_ok(&rl, "sched_reset_on_fork"));
	CHECK(bitfield_ok(&rl, "in_execve"));
	CHECK(lookup(vmlinux, "task_struct", "comm", &f));
	CHECK(value_of(&rl, BPF_CORE_FIELD_BYTE_SIZE, "task_struct", "comm", 0) ==
	      (unsigned long long)bb_btf_size(vmlinux, f.type));
	CHECK(lookup(vmlinux, "task_struct", "pid", &f) && kind_of(vmlinux, f.type) == BTF_KIND_INT);
	CHECK(value_of(&rl, BPF_CORE_FIELD_SIGNED, "task_struct", "pid", 0) ==
	      (unsigned)int_signed(bb_btf_type(vmlinux, bb_btf_resolve(vmlinux, f.type))));
	CHECK(!complaints());
	relocated_free(&rl);
	return ok;
}

/* The value of enumerator name of the first enum called type, 64 bits wide. */
static int enum_value(const char *type, const char *name, unsigned long long *v)
{
	int id = bb_btf_find(vmlinux, type, BTF_KIND_ENUM64);
	const struct btf_type *t;

	if (id < 0)
		id = bb_btf_find(vmlinux, type, BTF_KIND_ENUM);
	if (id < 0)
		return 0;
	t = bb_btf_type(vmlinux, (unsigned int)id);
	for (unsigned int i = 0; i < bb_btf_vlen(t); i++) {
		if (bb_btf_kind(t) == BTF_KIND_ENUM64) {
			const struct btf_enum64 *e = (const struct btf_enum64 *)bb_btf_extra(t) + i;

			*v = (unsigned long long)e->val_hi32 << 32 | e->val_lo32;
			if (!strcmp(bb_btf_str(vmlinux, e->name_off), name))
				return 1;
		} else {
			const struct btf_enum *e = (const struct btf_enum *)bb_btf_extra(t) + i;

			/* As libbpf reads a 32-bit enumerator: a negative one (kernels
			 * before 6.0 set no kind_flag) is sign-extended. */
			*v = (unsigned long long)(long long)e->val;
			if (!strcmp(bb_btf_str(vmlinux, e->name_off), name))
				return 1;
		}
	}
	return 0;
}

static int test_core_exists(const char *dir)
{
	struct relocated rl;
	struct field f;
	unsigned long long v;
	int has_state, has_new, task, ok = 1;
	long i;

	if (!have_target())
		return -1;
	if (!relocate(dir, "core_exists.bpf.o", "tracepoint/syscalls/sys_enter_getppid", &rl))
		return 0;
	CHECK(rl.err == 0);
	CHECK(offsets_match(&rl));
	has_new = lookup(vmlinux, "task_struct", "__state", &f);
	has_state = lookup(vmlinux, "task_struct", "state", &f);
	CHECK(value_of(&rl, BPF_CORE_FIELD_EXISTS, "task_struct", "__state", 0) == (unsigned)has_new);
	CHECK(value_of(&rl, BPF_CORE_FIELD_EXISTS, "task_struct___old", "state", 0) ==
	      (unsigned)has_state);
	if (!has_state) {	/* the guarded read is poisoned, and the log says why */
		CHECK(value_of(&rl, BPF_CORE_FIELD_BYTE_OFFSET, "task_struct___old", "state", 0) ==
		      NONE);
		CHECK(logged("field_byte_offset of struct task_struct___old.state (0:0): poisoned, "
			     "no compatible field in the 1 target type(s) named 'task_struct'"));
	}
	task = bb_btf_find(vmlinux, "task_struct", BTF_KIND_STRUCT);
	CHECK(task > 0);
	CHECK(value_of(&rl, BPF_CORE_TYPE_EXISTS, "task_struct", NULL, 0) == 1);
	CHECK(value_of(&rl, BPF_CORE_TYPE_SIZE, "task_struct", NULL, 0) ==
	      (unsigned long long)bb_btf_size(vmlinux, (unsigned int)task));
	CHECK(value_of(&rl, BPF_CORE_TYPE_ID_TARGET, "task_struct", NULL, 0) == (unsigned)task);
	i = find_relo(rl.fx.btf, rl.relos, rl.n, BPF_CORE_TYPE_ID_LOCAL, "task_struct", NULL, 0);
	CHECK(i >= 0 && insn_value(&rl.insns[rl.relos[i].insn]) == rl.relos[i].type_id);
	CHECK(value_of(&rl, BPF_CORE_TYPE_EXISTS, "pid_t", NULL, 0) ==
	      (bb_btf_find(vmlinux, "pid_t", BTF_KIND_TYPEDEF) > 0));
	/* a type no kernel has: the questions answer 0, the guarded field read is poisoned */
	CHECK(value_of(&rl, BPF_CORE_TYPE_EXISTS, "barebpf_no_such_type", NULL, 0) == 0);
	CHECK(value_of(&rl, BPF_CORE_TYPE_SIZE, "barebpf_no_such_type", NULL, 0) == 0);
	CHECK(value_of(&rl, BPF_CORE_FIELD_BYTE_OFFSET, "barebpf_no_such_type", "x", 0) == NONE);
	CHECK(logged("poisoned, the target has no type named 'barebpf_no_such_type'"));
	/* enum values */
	CHECK(enum_value("pid_type", "PIDTYPE_TGID", &v));
	CHECK(value_of(&rl, BPF_CORE_ENUMVAL_EXISTS, "pid_type", "PIDTYPE_TGID", 0) == 1);
	CHECK(value_of(&rl, BPF_CORE_ENUMVAL_VALUE, "pid_type", "PIDTYPE_TGID", 0) == v);
	CHECK(value_of(&rl, BPF_CORE_ENUMVAL_EXISTS, "pid_type___future",
		       "PIDTYPE_BAREBPF___future", 0) == 0);
	i = find_relo(rl.fx.btf, rl.relos, rl.n, BPF_CORE_ENUMVAL_VALUE, "pid_type___future",
		      "PIDTYPE_BAREBPF___future", 0);
	CHECK(i >= 0 && poisoned(&rl.insns[rl.relos[i].insn]) &&
	      poisoned(&rl.insns[rl.relos[i].insn + 1]));	/* both halves of the ld_imm64 */
	/* an enum64 in kernels since 6.0; clang 14 records it as a 32-bit enum */
	if (enum_value("perf_callchain_context", "PERF_CONTEXT_MAX", &v))
		CHECK(value_of(&rl, BPF_CORE_ENUMVAL_VALUE, "perf_callchain_context",
			       "PERF_CONTEXT_MAX", 0) == v);
	if (enum_value("perf_event_state", "PERF_EVENT_STATE_ERROR", &v))	/* negative */
		CHECK(value_of(&rl, BPF_CORE_ENUMVAL_VALUE, "perf_event_state",
			       "PERF_EVENT_STATE_ERROR", 0) == v);
	CHECK(!complaints());
	relocated_free(&rl);
	return ok;
}

/* Candidate sizes of the structs named name; *distinct counts different sizes. */
static long long struct_size(const char *name, int *distinct)
{
	long long first = -1;

	*distinct = 0;
	for (unsigned int id = 1; id < bb_btf_count(vmlinux); id++) {
		const struct btf_type *t = bb_btf_type(vmlinux, id);

		if (bb_btf_kind(t) != BTF_KIND_STRUCT || strcmp(bb_btf_name(vmlinux, id), name))
			continue;
		if (first < 0)
			first = t->size, *distinct = 1;
		else if (t->size != first)
			*distinct = 2;
	}
	return first;
}

static int test_core_unguarded(const char *dir)
{
	struct relocated rl;
	struct field f;
	long long size;
	int distinct, ok = 1;

	if (!have_target())
		return -1;
	if (!relocate(dir, "core_unguarded.bpf.o", "tracepoint/syscalls/sys_enter_getuid", &rl))
		return 0;
	CHECK(rl.err == 0);
	size = struct_size("console", &distinct);
	if (distinct > 1) {	/* ambiguous: poisoned, and a warning says so */
		CHECK(value_of(&rl, BPF_CORE_TYPE_SIZE, "console", NULL, 0) == NONE);
		CHECK(logged("W program 'fixture': CO-RE relocation #") && logged(": ambiguous: "));
	} else {
		CHECK(value_of(&rl, BPF_CORE_TYPE_SIZE, "console", NULL, 0) ==
		      (unsigned long long)(distinct ? size : 0));
	}
	/* a signed 4-byte pid cannot be loaded as 8 bytes */
	CHECK(lookup(vmlinux, "task_struct", "pid", &f));
	if (bb_btf_size(vmlinux, f.type) != 8) {
		CHECK(value_of(&rl, BPF_CORE_FIELD_BYTE_OFFSET, "task_struct___wide_pid", "pid", 0) ==
		      NONE);
		CHECK(logged("only unsigned integers and pointers can be loaded at another size"));
	}
	if (!lookup(vmlinux, "task_struct", "state", &f))
		CHECK(value_of(&rl, BPF_CORE_FIELD_BYTE_OFFSET, "task_struct___old", "state", 0) ==
		      NONE);
	relocated_free(&rl);
	return ok;
}

/* Appends strings to a copy of a BTF blob's string section; offs[i] gets the
 * offset of strs[i]. */
static struct bb_btf *btf_with(const struct bb_btf *btf, const char *const *strs, size_t n,
			       __u32 *offs)
{
	size_t size, extra = 0, pos;
	const unsigned char *raw = bb_btf_raw(btf, &size);
	struct btf_header h;
	unsigned char *buf;
	struct bb_btf *out = NULL;
	const char *why;

	memcpy(&h, raw, sizeof(h));
	if (h.hdr_len + h.str_off + h.str_len != size)
		return NULL;	/* strings are not last */
	for (size_t i = 0; i < n; i++)
		extra += strlen(strs[i]) + 1;
	buf = malloc(size + extra);
	memcpy(buf, raw, size);
	pos = size;
	for (size_t i = 0; i < n; i++) {
		offs[i] = (__u32)(pos - h.hdr_len - h.str_off);
		memcpy(buf + pos, strs[i], strlen(strs[i]) + 1);
		pos += strlen(strs[i]) + 1;
	}
	h.str_len += (__u32)extra;
	memcpy(buf, &h, sizeof(h));
	if (bb_btf_parse(buf, size + extra, &out, &why))
		out = NULL;
	free(buf);
	return out;
}

/* TYPE_MATCHES of a fixture's local type on a two-instruction program (clang
 * 15 and later emit it, clang 14 cannot): the patched immediate, or -1. */
static int type_matches(const char *dir, const char *obj, const char *name, int kind)
{
	static const char *const zero[] = { "0" };
	struct bpf_insn prog[2] = { { .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 1 },
				    { .code = BPF_JMP | BPF_EXIT } };
	struct fixture fx;
	struct bb_btf *b = NULL;
	struct bb_core_relo r = { .kind = BPF_CORE_TYPE_MATCHES };
	int id, res = -1;

	if (!fixture_open(dir, obj, &fx))
		return -1;
	id = bb_btf_find(fx.btf, name, kind);
	b = btf_with(fx.btf, zero, 1, &r.access_str_off);
	r.type_id = (__u32)id;
	log_reset();
	if (id > 0 && b && bb_core_apply(b, target, &r, 1, prog, 2, "matches") == 0)
		res = prog[0].imm;
	bb_btf_free(b);
	fixture_close(&fx);
	return res;
}

static int test_core_type_matches(const char *dir)
{
	static const char *const pid_types[] = { "PIDTYPE_PID", "PIDTYPE_TGID", "PIDTYPE_PGID",
						 "PIDTYPE_SID", "PIDTYPE_MAX" };
	struct field f;
	unsigned long long v;
	int expect, ok = 1;

	if (!have_target())
		return -1;
	CHECK(type_matches(dir, "core_exists.bpf.o", "pid_t", BTF_KIND_TYPEDEF) ==
	      (bb_btf_find(vmlinux, "pid_t", BTF_KIND_TYPEDEF) > 0));
	expect = bb_btf_find(vmlinux, "pid_type", BTF_KIND_ENUM) > 0;
	for (size_t i = 0; i < sizeof(pid_types) / sizeof(pid_types[0]); i++)
		expect = expect && enum_value("pid_type", pid_types[i], &v);
	CHECK(type_matches(dir, "core_exists.bpf.o", "pid_type", BTF_KIND_ENUM) == expect);
	/* locally flags is 8 bytes, state a long */
	expect = lookup(vmlinux, "task_struct", "flags", &f) && bb_btf_size(vmlinux, f.type) == 8;
	CHECK(type_matches(dir, "core_btf.bpf.o", "task_struct___wide", BTF_KIND_STRUCT) == expect);
	expect = lookup(vmlinux, "task_struct", "state", &f) && bb_btf_size(vmlinux, f.type) == 8 &&
		 kind_of(vmlinux, f.type) == BTF_KIND_INT;
	CHECK(type_matches(dir, "core_exists.bpf.o", "task_struct___old", BTF_KIND_STRUCT) == expect);
	expect = lookup(vmlinux, "list_head", "next", &f) &&
		 kind_of(vmlinux, f.type) == BTF_KIND_PTR &&
		 lookup(vmlinux, "list_head", "prev", &f) && kind_of(vmlinux, f.type) == BTF_KIND_PTR;
	CHECK(type_matches(dir, "core_exists.bpf.o", "list_head", BTF_KIND_STRUCT) == expect);
	CHECK(type_matches(dir, "core_exists.bpf.o", "barebpf_no_such_type", BTF_KIND_STRUCT) == 0);
	CHECK(logged("type_matches of struct barebpf_no_such_type: 1 -> 0 (no match in the target)"));
	return ok;
}

static int anonymous_struct(const struct bb_btf *b)
{
	for (unsigned int id = 1; id < bb_btf_count(b); id++)
		if (bb_btf_kind(bb_btf_type(b, id)) == BTF_KIND_STRUCT && !*bb_btf_name(b, id))
			return (int)id;
	return -1;
}

/* Applies one relocation to a copy of the program and expects err and a
 * logged error containing what. */
static int refused(const struct bb_btf *btf, const struct bpf_insn *prog, struct bb_core_relo r,
		   size_t cnt, int err, const char *what)
{
	struct bpf_insn *insns = malloc(cnt * sizeof(*insns));
	char head[96];
	int got;

	memcpy(insns, prog, cnt * sizeof(*insns));
	log_reset();
	got = bb_core_apply(btf, target, &r, 1, insns, cnt, "bad");
	free(insns);
	snprintf(head, sizeof(head), "E program 'bad': CO-RE relocation #0 at insn %zu: ", r.insn);
	if (got != err || !logged(head) || !logged(what)) {
		printf("    expected %d and \"%s\", got %d: %s", err, what, got, logbuf);
		return 0;
	}
	return 1;
}

/* A root index so large that the offset needs more than 31 bits. */
static int too_big_for_alu(const struct bb_btf *b, __u32 type_id)
{
	long long sz = bb_btf_size(b, type_id), n = 0x90000000ll / sz + 1;
	struct bpf_insn prog[2] = { { .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = (__s32)(n * sz) },
				    { .code = BPF_JMP | BPF_EXIT } };
	char idx[32];
	const char *one[] = { idx };
	struct bb_core_relo r = { .type_id = type_id, .kind = BPF_CORE_FIELD_BYTE_OFFSET };
	struct bb_btf *b2;
	int ok = 1;

	snprintf(idx, sizeof(idx), "%lld", n);
	b2 = btf_with(b, one, 1, &r.access_str_off);
	log_reset();
	CHECK(b2 && bb_core_apply(b2, target, &r, 1, prog, 2, "bad") == -ERANGE);
	CHECK(logged("does not fit a 32-bit immediate"));
	bb_btf_free(b2);
	return ok;
}

static int test_core_malformed(const char *dir)
{
	static const char *const strs[] = { "0:x", ":0", "0:", "99999999999", "0:99999", "5", "1" };
	struct bpf_insn ldx[2] = { { .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 1 },
				   { .code = BPF_JMP | BPF_EXIT } };
	struct relocated rl;
	struct bb_core_relo alu, ld, fld;
	struct bb_btf *b;
	__u32 s[7], anon;
	size_t n;
	int ok = 1;

	if (!have_target())
		return -1;
	/* the pristine program, to damage one relocation at a time */
	if (!relocate(dir, "core_exists.bpf.o", "tracepoint/syscalls/sys_enter_getppid", &rl))
		return 0;
	free(rl.insns);
	rl.insns = prog_insns(&rl.fx, "tracepoint/syscalls/sys_enter_getppid", &rl.cnt);
	b = btf_with(rl.fx.btf, strs, 7, s);
	if (!b || !rl.insns) {
		relocated_free(&rl);
		bb_btf_free(b);
		return 0;
	}
	n = rl.cnt;
	alu = rl.relos[find_relo(b, rl.relos, rl.n, BPF_CORE_TYPE_SIZE, "task_struct", NULL, 0)];
	ld = rl.relos[find_relo(b, rl.relos, rl.n, BPF_CORE_ENUMVAL_VALUE, "pid_type", "PIDTYPE_TGID",
				0)];
	fld = rl.relos[find_relo(b, rl.relos, rl.n, BPF_CORE_FIELD_BYTE_OFFSET, "task_struct",
				 "__state", 0)];
	anon = (__u32)anonymous_struct(b);
	{
		const struct {
			struct bb_core_relo r;
			size_t cnt;
			const char *what;
		} bad[] = {
			{ { alu.insn, 999999, alu.access_str_off, alu.kind }, n, "type id is not in" },
			{ { alu.insn, alu.type_id, 0xfffffff, alu.kind }, n, "not a list of indexes" },
			{ { fld.insn, fld.type_id, s[0], fld.kind }, n, "not a list of indexes" },
			{ { fld.insn, fld.type_id, s[1], fld.kind }, n, "not a list of indexes" },
			{ { fld.insn, fld.type_id, s[2], fld.kind }, n, "not a list of indexes" },
			{ { fld.insn, fld.type_id, s[3], fld.kind }, n, "not a list of indexes" },
			{ { fld.insn, fld.type_id, s[4], fld.kind }, n, "member index past the last" },
			{ { ld.insn, ld.type_id, s[5], ld.kind }, n, "enum value index out of range" },
			{ { alu.insn, alu.type_id, s[6], alu.kind }, n, "other than \"0\"" },
			{ { ld.insn, alu.type_id, ld.access_str_off, ld.kind }, n, "not an enum" },
			{ { alu.insn, alu.type_id, alu.access_str_off, 13 }, n, "unknown kind 13" },
			{ { n, alu.type_id, alu.access_str_off, alu.kind }, n, "the program has" },
			{ { n - 1, alu.type_id, alu.access_str_off, alu.kind }, n, "be relocated" },
			{ { ld.insn, ld.type_id, ld.access_str_off, ld.kind }, ld.insn + 1, "cut off" },
			{ { alu.insn, fld.type_id, fld.access_str_off, fld.kind }, n, "local value" },
			{ { alu.insn, anon, alu.access_str_off, BPF_CORE_TYPE_EXISTS }, n, "anonym" },
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			CHECK(refused(b, rl.insns, bad[i].r, bad[i].cnt, -EINVAL, bad[i].what));
	}
	CHECK(refused(b, ldx, (struct bb_core_relo){ 0, alu.type_id, alu.access_str_off, alu.kind }, 2,
		      -EINVAL, "only take a plain field offset"));
	CHECK(too_big_for_alu(b, fld.type_id));
	bb_btf_free(b);
	relocated_free(&rl);
	return ok;
}

/* Random relocation records against the fixtures: errors or patches, never a crash. */
static int test_core_random(const char *dir)
{
	static const char *const objs[][2] = {
		{ "core_read.bpf.o", "tracepoint/syscalls/sys_enter_execve" },
		{ "core_btf.bpf.o", "tracepoint/syscalls/sys_enter_getpid" },
		{ "core_exists.bpf.o", "tracepoint/syscalls/sys_enter_getppid" },
	};
	unsigned int seed = 777;
	int ok = 1, applied = 0, errors = 0;

	if (!have_target())
		return -1;
	for (size_t o = 0; o < sizeof(objs) / sizeof(objs[0]); o++) {
		struct relocated rl;
		struct bpf_insn *insns;

		if (!relocate(dir, objs[o][0], objs[o][1], &rl))
			return 0;
		free(rl.insns);
		rl.insns = prog_insns(&rl.fx, objs[o][1], &rl.cnt);
		insns = malloc(rl.cnt * sizeof(*insns));
		bb_set_log(NULL, NULL);
		for (int round = 0; round < 700 && rl.n; round++) {
			struct bb_core_relo r;
			int err;

			seed = seed * 1103515245u + 12345u;
			r = rl.relos[(seed >> 4) % rl.n];
			seed = seed * 1103515245u + 12345u;
			switch (seed % 5) {
			case 0: r.type_id = (seed >> 8) % (bb_btf_count(rl.fx.btf) + 2); break;
			case 1: r.access_str_off = (seed >> 8) % 4096; break;
			case 2: r.kind = (seed >> 8) % 14; break;
			case 3: r.insn = (seed >> 8) % (rl.cnt + 1); break;
			default: r.kind = rl.relos[(seed >> 8) % rl.n].kind; break;
			}
			memcpy(insns, rl.insns, rl.cnt * sizeof(*insns));
			err = bb_core_apply(rl.fx.btf, target, &r, 1, insns, rl.cnt, "random");
			CHECK(err == 0 || err == -EINVAL || err == -ERANGE);
			err ? errors++ : applied++;
		}
		free(insns);
		relocated_free(&rl);
	}
	CHECK(applied > 0 && errors > 0);
	return ok;
}

/* A randomly damaged local BTF that still parses must not crash the relocator. */
static int test_core_damaged_btf(const char *dir)
{
	unsigned int seed = 31337;
	int ok = 1, parsed = 0;
	struct relocated rl;
	const unsigned char *raw;
	unsigned char *buf;
	struct bpf_insn *insns;
	size_t size;

	if (!have_target())
		return -1;
	if (!relocate(dir, "core_btf.bpf.o", "tracepoint/syscalls/sys_enter_getpid", &rl))
		return 0;
	free(rl.insns);
	rl.insns = prog_insns(&rl.fx, "tracepoint/syscalls/sys_enter_getpid", &rl.cnt);
	raw = bb_btf_raw(rl.fx.btf, &size);
	buf = malloc(size);
	insns = malloc(rl.cnt * sizeof(*insns));
	bb_set_log(NULL, NULL);
	for (int round = 0; round < 1500; round++) {
		struct bb_btf *b;
		const char *why;
		int err;

		memcpy(buf, raw, size);
		for (int k = 0; k < 1 + round % 6; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[24 + (seed >> 8) % (size - 24)] ^= (unsigned char)(1u << (seed % 8));
		}
		if (bb_btf_parse(buf, size, &b, &why))
			continue;
		parsed++;
		memcpy(insns, rl.insns, rl.cnt * sizeof(*insns));
		err = bb_core_apply(b, target, rl.relos, rl.n, insns, rl.cnt, "damaged");
		CHECK(err == 0 || err == -EINVAL || err == -ERANGE);
		bb_btf_free(b);
	}
	CHECK(parsed > 0);
	free(insns);
	free(buf);
	relocated_free(&rl);
	return ok;
}

const struct unit_test core_tests[] = {
	{ "btf.ext: fixtures' func_info, line_info and CO-RE records", test_ext_fixtures },
	{ "btf.ext: truncated and damaged headers and records refused", test_ext_malformed },
	{ "btf.ext: 3000 randomly damaged .BTF.ext sections", test_ext_random_damage },
	{ "core: offsets through pointers, nested structs, arrays, anonymous members",
	  test_core_read },
	{ "core: direct loads, narrowed load, bitfields", test_core_btf_loads },
	{ "core: existence, sizes, type ids, enum values; missing types poison", test_core_exists },
	{ "core: ambiguous and unsafe relocations poison", test_core_unguarded },
	{ "core: type_matches", test_core_type_matches },
	{ "core: malformed relocations are errors", test_core_malformed },
	{ "core: 2100 random relocations", test_core_random },
	{ "core: 1500 randomly damaged local BTFs", test_core_damaged_btf },
};
const size_t core_tests_count = sizeof(core_tests) / sizeof(core_tests[0]);
