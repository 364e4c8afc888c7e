/* .kconfig externs (config text, gzip, version strings, encoding by BTF type)
 * and USDT argument specs of both architectures. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "barebpf.h"
#include "kconfig.h"
#include "object.h"
#include "unit.h"
#include "extern_values.h"
#include "usdt.h"
#include "usdt_attach.h"
#include "arch.h"
#include "btf.h"

static char unit_last_msg[2048];

static void capture(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx;
	if (level <= BB_LOG_WARN)
		snprintf(unit_last_msg, sizeof(unit_last_msg), "%s", msg);
}

static const char config[] =
	"#\n# Automatically generated file; DO NOT EDIT.\n"
	"CONFIG_HZ=250\nCONFIG_BPF_SYSCALL=y\n# CONFIG_KPROBES is not set\n"
	"CONFIG_EXT4_FS=m\nCONFIG_LOCALVERSION=\"-test \\\"q\\\"\"\nCONFIG_PHYS=0x1000000\n";

static int test_kconfig_text(const char *dir)
{
	const char *v;
	size_t n;
	int ok = 1;

	(void)dir;
	CHECK(!bb_kconfig_find(config, strlen(config), "CONFIG_HZ", &v, &n) && n == 3 &&
	      !strncmp(v, "250", 3));
	CHECK(!bb_kconfig_find(config, strlen(config), "CONFIG_KPROBES", &v, &n) && n == 1 &&
	      v[0] == 'n');
	CHECK(!bb_kconfig_find(config, strlen(config), "CONFIG_EXT4_FS", &v, &n) && v[0] == 'm');
	CHECK(bb_kconfig_find(config, strlen(config), "CONFIG_H", &v, &n) == -ENOENT);
	CHECK(bb_kconfig_find(config, strlen(config), "CONFIG_NOPE", &v, &n) == -ENOENT);
	return ok;
}

static int test_kconfig_gzip(const char *dir)
{
	unsigned char gz[1024];
	z_stream zs;
	char *out = NULL;
	size_t n = 0;
	int ok = 1;

	(void)dir;
	memset(&zs, 0, sizeof(zs));
	CHECK(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
	zs.next_in = (unsigned char *)config;
	zs.avail_in = sizeof(config) - 1;
	zs.next_out = gz;
	zs.avail_out = sizeof(gz);
	CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
	deflateEnd(&zs);
	CHECK(gz[0] == 0x1f && gz[1] == 0x8b);
	CHECK(!bb_gunzip(gz, zs.total_out, 1 << 20, &out, &n));
	CHECK(out && n == sizeof(config) - 1 && !memcmp(out, config, n) && !out[n]);
	free(out);
	CHECK(bb_gunzip(gz, zs.total_out / 2, 1 << 20, &out, &n) < 0 && !out); /* truncated */
	CHECK(bb_gunzip(config, 20, 1 << 20, &out, &n) == -EINVAL);	/* not gzip */
	return ok;
}

static int test_kernel_versions(const char *dir)
{
	int ok = 1;

	(void)dir;
	CHECK(bb_kernel_version_code("6.1.0-18-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 "
				     "(2024-02-01)", NULL) == ((6u << 16) | (1 << 8) | 76));
	CHECK(bb_kernel_version_code("5.10.0-32-amd64", "#1 SMP Debian 5.10.223-1 (2024-08-10)",
				     "") == ((5u << 16) | (10 << 8) | 223));
	CHECK(bb_kernel_version_code("4.19.0-27-amd64", "#1 SMP Debian 4.19.316-1 (2024-06-25)",
				     NULL) == ((4u << 16) | (19 << 8) | 255)); /* capped */
	CHECK(bb_kernel_version_code("5.15.0-105-generic", "#115-Ubuntu SMP",
				     "Ubuntu 5.15.0-105.115-generic 5.15.149\n") ==
	      ((5u << 16) | (15 << 8) | 149));
	CHECK(bb_kernel_version_code("6.18.44-fc-v857", "#1 SMP PREEMPT_DYNAMIC @0", NULL) ==
	      ((6u << 16) | (18 << 8) | 44));
	CHECK(bb_kernel_version_code("4.19", "", NULL) == ((4u << 16) | (19 << 8)));
	CHECK(bb_kernel_version_code("garbage", "", NULL) == 0);
	CHECK(bb_version_code("6.1.") == ((6u << 16) | (1 << 8)) && bb_version_code("6") == 0 &&
	      bb_version_code("256.1.0") == 0 && bb_version_code(".1.2") == 0 &&
	      bb_version_code("5.4.300-x") == ((5u << 16) | (4 << 8) | 255));
	return ok;
}

static struct bb_object *open_obj(const char *dir, const char *name)
{
	char path[512];
	struct bb_object *o = NULL;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	bb_object_open_file(path, &o);
	return o;
}

static const struct bb_extern *ext(const struct bb_object *o, const char *name)
{
	for (size_t i = 0; i < o->nr_externs; i++)
		if (!strcmp(o->externs[i].name, name))
			return &o->externs[i];
	return NULL;
}

static int write_config(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* The object's externs, the .kconfig map, and values from a --kconfig file. */
static int test_kconfig_object(const char *dir)
{
	struct bb_object *o = open_obj(dir, "kconfig.bpf.o");
	char path[] = "/tmp/barebpf-unit-kconfig-XXXXXX";
	const struct bb_extern *hz, *ev, *lv, *up;
	const unsigned char *data;
	int ok = 1, fd = mkstemp(path);

	bb_set_log(capture, NULL);
	CHECK(o && fd >= 0);
	if (!o || fd < 0)
		return 0;
	close(fd);
	CHECK(o->nr_externs == 9 && o->kconfig_map >= 0);
	CHECK(o->maps[o->kconfig_map].flags == BPF_F_RDONLY_PROG && o->maps[o->kconfig_map].frozen);
	hz = ext(o, "CONFIG_HZ");
	ev = ext(o, "CONFIG_BPF_EVENTS");
	lv = ext(o, "CONFIG_LOCALVERSION");
	up = ext(o, "CONFIG_UPROBES");
	CHECK(hz && ev && lv && up && lv->weak && !hz->weak && hz->size == 4 && lv->size == 16);
	write_config(path, "CONFIG_HZ=1000\nCONFIG_BPF_SYSCALL=y\nCONFIG_BPF_EVENTS=m\n"
		     "CONFIG_UPROBES=y\n");
	CHECK(!externs_fill_kconfig(o, path, NULL));
	data = o->maps[o->kconfig_map].data;
	CHECK(hz && *(const int *)(data + hz->off) == 1000);
	CHECK(ev && *(const int *)(data + ev->off) == 2);	/* TRI_MODULE */
	CHECK(up && data[up->off] == 'y');
	CHECK(lv && !data[lv->off] && !lv->resolved);	/* weak, missing: zeros */
	bb_object_free(o);
	o = open_obj(dir, "kconfig.bpf.o");
	write_config(path, "CONFIG_BPF_SYSCALL=y\nCONFIG_BPF_EVENTS=y\nCONFIG_UPROBES=y\n");
	CHECK(o && externs_fill_kconfig(o, path, NULL) == -ENOENT);
	CHECK(strstr(unit_last_msg, "CONFIG_HZ") && strstr(unit_last_msg, path));
	bb_object_free(o);
	o = open_obj(dir, "kconfig.bpf.o");
	write_config(path, "CONFIG_HZ=y\nCONFIG_BPF_SYSCALL=y\nCONFIG_BPF_EVENTS=y\n");
	CHECK(o && externs_fill_kconfig(o, path, NULL) == -EINVAL);
	CHECK(strstr(unit_last_msg, "CONFIG_HZ") && strstr(unit_last_msg, "integer"));
	bb_object_free(o);
	unlink(path);
	return ok;
}

static int arg_is(const struct bb_usdt_arg *a, int size, int sign, int kind, const char *reg,
		  long long val)
{
	return a->size == size && a->is_signed == sign && (int)a->kind == kind &&
	       (!reg || !strcmp(a->reg, reg)) && a->val == val;
}

static int test_usdt_args(const char *dir)
{
	struct bb_usdt_arg a[BB_USDT_MAX_ARGS];
	const char *why;
	size_t n;
	int ok = 1;

	(void)dir;
	CHECK(!bb_usdt_parse_args("-4@-1204(%rbp) 8@%rdx -4@$5 2@(%rax) 1@%al", a, &n, &why) &&
	      n == 5);
	CHECK(arg_is(&a[0], 4, 1, BB_USDT_ARG_REG_DEREF, "rbp", -1204));
	CHECK(arg_is(&a[1], 8, 0, BB_USDT_ARG_REG, "rdx", 0));
	CHECK(arg_is(&a[2], 4, 1, BB_USDT_ARG_CONST, NULL, 5));
	CHECK(arg_is(&a[3], 2, 0, BB_USDT_ARG_REG_DEREF, "rax", 0));
	CHECK(arg_is(&a[4], 1, 0, BB_USDT_ARG_REG, "al", 0));
	CHECK(!bb_usdt_parse_args("-4@[sp, 96] -8@x4 4@5 8@[x29] -4@[x1, -12] 8@-3", a, &n, &why) &&
	      n == 6);
	CHECK(arg_is(&a[0], 4, 1, BB_USDT_ARG_REG_DEREF, "sp", 96));
	CHECK(arg_is(&a[1], 8, 1, BB_USDT_ARG_REG, "x4", 0));
	CHECK(arg_is(&a[2], 4, 0, BB_USDT_ARG_CONST, NULL, 5));
	CHECK(arg_is(&a[3], 8, 0, BB_USDT_ARG_REG_DEREF, "x29", 0));
	CHECK(arg_is(&a[4], 4, 1, BB_USDT_ARG_REG_DEREF, "x1", -12));
	CHECK(arg_is(&a[5], 8, 0, BB_USDT_ARG_CONST, NULL, -3));
	CHECK(!bb_usdt_parse_args("", a, &n, &why) && n == 0);
	CHECK(bb_usdt_parse_args("8@(%rax,%rbx,8)", a, &n, &why) == -EINVAL && why);
	CHECK(bb_usdt_parse_args("3@%rax", a, &n, &why) == -EINVAL);
	CHECK(bb_usdt_parse_args("%rax", a, &n, &why) == -EINVAL);
	CHECK(bb_usdt_parse_args("-4@[sp, 96", a, &n, &why) == -EINVAL);
	CHECK(bb_usdt_parse_args("4@$1 4@$1 4@$1 4@$1 4@$1 4@$1 4@$1 4@$1 4@$1 4@$1 4@$1 4@$1 "
				 "4@$1", a, &n, &why) == -E2BIG);
	return ok;
}

/* This architecture's registers in struct pt_regs, and the spec libbpf reads. */
static int test_usdt_spec(const char *dir)
{
	struct bb_usdt_arg a[BB_USDT_MAX_ARGS];
	struct usdt_spec spec;
	const char *why;
	size_t n;
	int ok = 1, x86 = !strcmp(ARCH_NAME, "x86_64");

	(void)dir;
	CHECK(usdt_reg_offset(x86 ? "rdi" : "x0") == (x86 ? 112 : 0));
	CHECK(usdt_reg_offset(x86 ? "r8d" : "w3") == (x86 ? 72 : 24));
	CHECK(usdt_reg_offset(x86 ? "rsp" : "sp") == (x86 ? 152 : 248));
	CHECK(usdt_reg_offset("nope") == -ENOENT);
	CHECK(!bb_usdt_parse_args(x86 ? "-4@-8(%rbp) 2@%ax 8@$-3" : "-4@[x29, -8] 2@w0 8@-3", a, &n,
				  &why));
	CHECK(!usdt_make_spec(a, n, &spec, &why) && spec.arg_cnt == 3);
	CHECK(spec.args[0].arg_type == 2 && spec.args[0].reg_off == (x86 ? 32 : 232) &&
	      (long long)spec.args[0].val_off == -8 && spec.args[0].arg_signed &&
	      spec.args[0].arg_bitshift == 32);
	CHECK(spec.args[1].arg_type == 1 && spec.args[1].reg_off == (x86 ? 80 : 0) &&
	      spec.args[1].arg_bitshift == 48 && !spec.args[1].arg_signed);
	CHECK(spec.args[2].arg_type == 0 && (long long)spec.args[2].val_off == -3 &&
	      spec.args[2].arg_bitshift == 0);
	CHECK(!bb_usdt_parse_args(x86 ? "8@%x4" : "8@%rax", a, &n, &why) ? 
	      usdt_make_spec(a, n, &spec, &why) == -EINVAL : 1);
	return ok;
}

static int test_usdt_notes(const char *dir)
{
	char path[512];
	struct bb_usdt_notes notes;
	int ok = 1, tick = 0, guarded = 0;

	snprintf(path, sizeof(path), "%s/../usdt_target", dir);
	if (access(path, R_OK))
		return 1;	/* the VM payload has no build tree; the kernel tests use it */
	CHECK(!bb_usdt_read_notes(path, &notes));
	for (size_t i = 0; i < notes.nr; i++) {
		const struct bb_usdt_note *n = &notes.notes[i];

		if (!strcmp(n->provider, "barebpf") && !strcmp(n->name, "tick"))
			tick += !n->sema && n->offset && strstr(n->args, "@$1234") != NULL;
		if (!strcmp(n->provider, "barebpf") && !strcmp(n->name, "guarded"))
			guarded += n->sema && n->sema_offset && n->offset;
	}
	CHECK(tick == 1 && guarded == 1 && notes.is_exec);
	bb_usdt_free_notes(&notes);
	return ok;
}

static int usdt_sites(const struct bb_object *o, const char *prog, char *path, size_t size)
{
	int i = bb_object_find_prog(o, prog);

	return i < 0 ? i : bb_object_usdt_sites(o, (size_t)i, path, size, NULL, NULL);
}

/* What inspect says of usdt programs whose target shows no sites. */
static int test_usdt_sites(const char *dir)
{
	struct bb_object *o = open_obj(dir, "usdt_inspect.bpf.o"), *h = open_obj(dir, "hello.bpf.o");
	struct bb_usdt_notes notes;
	char path[512];
	int ok = 1;

	bb_set_log(capture, NULL);
	CHECK(o && h);
	if (!o || !h)
		return 0;
	CHECK(usdt_sites(o, "on_not_elf", path, sizeof(path)) == -ENOEXEC &&
	      !strcmp(path, "/dev/null") && strstr(unit_last_msg, "not a 64-bit ELF"));
	CHECK(usdt_sites(o, "on_nosuch_lib", path, sizeof(path)) == -ENOENT &&
	      !strcmp(path, "libbarebpf-no-such-lib.so.1") && strstr(unit_last_msg, "ld.so.cache"));
	CHECK(usdt_sites(o, "on_nosuch_file", path, sizeof(path)) == -ENOENT &&
	      !strcmp(path, "/tmp/barebpf-inspect-no-such-file") && strstr(unit_last_msg, "open"));
	CHECK(bb_object_usdt_sites(h, 0, path, sizeof(path), NULL, NULL) == -EINVAL && !*path);
	CHECK(bb_object_usdt_sites(o, 1000, path, sizeof(path), NULL, NULL) == -ENOENT);
	snprintf(path, sizeof(path), "%s/hello.bpf.o", dir);
	CHECK(!bb_usdt_read_notes(path, &notes) && !notes.nr);
	bb_object_free(o);
	bb_object_free(h);
	return ok;
}

/* No VAR of the object's BTF is left extern: the kernel refuses that linkage. */
static int no_extern_vars(const struct bb_btf *btf)
{
	for (unsigned int id = 1; id < bb_btf_count(btf); id++) {
		const struct btf_type *t = bb_btf_type(btf, id);

		if (bb_btf_kind(t) == BTF_KIND_VAR &&
		    ((const struct btf_var *)(t + 1))->linkage == BTF_VAR_GLOBAL_EXTERN)
			return 0;
	}
	return 1;
}

/* Every extern resolved as if in a module's BTF at fd_array[1] (fd 42): calls
 * name the slot in off, a typed ld_imm64 carries the fd itself. */
static int module_patched(struct bb_object *o, enum bb_reloc_kind kind)
{
	static const int fd_array[] = { -1, 42 };
	const struct bb_prog *prog = &o->progs[0];
	struct bpf_insn *in = malloc(prog->insn_cnt * sizeof(*in));
	int ok = in != NULL, seen = 0;

	for (size_t i = 0; i < o->nr_externs; i++) {
		o->externs[i].resolved = 1;
		o->externs[i].kernel_btf_id = 77;
		o->externs[i].btf_fd_idx = 1;
	}
	if (in) {
		memcpy(in, prog->insns, prog->insn_cnt * sizeof(*in));
		externs_apply(o, prog, in, fd_array);
	}
	for (size_t i = 0; ok && i < prog->nr_relocs; i++) {
		const struct bpf_insn *x = &in[prog->relocs[i].insn];

		if (prog->relocs[i].kind != kind)
			continue;
		seen++;
		ok = kind == BB_RELOC_KFUNC ? x->src_reg == BPF_PSEUDO_KFUNC_CALL && x->off == 1 &&
					      x->imm == 77
					    : x->src_reg == BPF_PSEUDO_BTF_ID && x->imm == 77 &&
					      x[1].imm == 42;
	}
	free(in);
	return ok && seen > 0;
}

/* .ksyms: untyped (const void) and typed externs, kfuncs; the DATASEC turned
 * into a struct; a missing weak kfunc's call poisoned with its index. */
static int test_ksyms_object(const char *dir)
{
	struct bb_object *a = open_obj(dir, "ksym_addr.bpf.o"), *t = open_obj(dir, "ksym_percpu.bpf.o");
	struct bb_object *k = open_obj(dir, "kfunc.bpf.o");
	const struct bb_extern *e;
	struct bpf_insn *insns;
	int ok = 1, poisoned = 0;

	CHECK(a && t && k);
	if (!a || !t || !k)
		goto out;
	e = ext(a, "schedule");
	CHECK(e && e->kind == BB_EXTERN_KSYM && !e->type_id && !e->weak);
	e = ext(a, "barebpf_no_such_symbol");
	CHECK(e && e->kind == BB_EXTERN_KSYM && !e->type_id && e->weak);
	e = ext(t, "runqueues");
	CHECK(e && e->kind == BB_EXTERN_KSYM && e->type_id);
	e = ext(k, "bpf_lookup_system_key");
	CHECK(e && e->kind == BB_EXTERN_KFUNC && e->weak);
	CHECK(no_extern_vars(a->btf) && no_extern_vars(t->btf));
	CHECK(bb_btf_find(t->btf, ".ksyms", BTF_KIND_DATASEC) < 0);
	insns = malloc(k->progs[0].insn_cnt * sizeof(*insns));
	CHECK(insns != NULL);
	if (!insns)
		goto out;
	memcpy(insns, k->progs[0].insns, k->progs[0].insn_cnt * sizeof(*insns));
	externs_apply(k, &k->progs[0], insns, NULL);	/* nothing resolved: all poisoned */
	for (size_t i = 0; i < k->progs[0].nr_relocs; i++) {
		const struct bb_reloc *r = &k->progs[0].relocs[i];

		if (r->kind == BB_RELOC_KFUNC)
			poisoned += insns[r->insn].code == (BPF_JMP | BPF_CALL) && !insns[r->insn].src_reg &&
				    insns[r->insn].imm == POISON_KFUNC + (int)r->map;
	}
	CHECK(poisoned == 5);	/* two lookups, two puts, barebpf_no_such_kfunc */
	free(insns);
	CHECK(module_patched(k, BB_RELOC_KFUNC) && module_patched(t, BB_RELOC_KSYM));
out:
	bb_object_free(a);
	bb_object_free(t);
	bb_object_free(k);
	return ok;
}

const struct unit_test extern_tests[] = {
	{ "usdt: argument specs, x86_64 and arm64 spellings", test_usdt_args },
	{ "usdt: registers of this architecture, libbpf's spec layout", test_usdt_spec },
	{ "usdt: .note.stapsdt sites, semaphores, file offsets", test_usdt_notes },
	{ "usdt: the sites view: no ELF, no library, no file, no usdt program", test_usdt_sites },
	{ "kconfig: config text, '# ... is not set' as n", test_kconfig_text },
	{ "kconfig: /proc/config.gz inflated with zlib", test_kconfig_gzip },
	{ "kconfig: kernel versions (Debian uname -v, Ubuntu signature, release)",
	  test_kernel_versions },
	{ "kconfig: externs, the .kconfig map, values by type, missing strong ones",
	  test_kconfig_object },
	{ "ksyms: untyped, typed and kfunc externs; no extern VAR left; weak kfuncs poisoned",
	  test_ksyms_object },
};

const size_t extern_tests_count = sizeof(extern_tests) / sizeof(extern_tests[0]);
