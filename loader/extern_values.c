#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "btf.h"
#include "extern_values.h"
#include "file.h"
#include "kconfig.h"
#include "kmod_btf.h"
#include "log.h"
#include "sys.h"

#define CONFIG_MAX ((size_t)64 << 20)
#define RUNNING_BTF "/sys/kernel/btf/vmlinux"

struct kconfig_src {
	char release[65], version[256], signature[256];
	char *text;		/* config text, or NULL */
	size_t size;
	char files[600];	/* the files looked at, for messages */
};

static int is_special(const char *name)
{
	return !strncmp(name, "LINUX_", 6);
}

int externs_need_kernel_btf(const struct bb_object *o)
{
	for (size_t i = 0; i < o->nr_externs; i++)
		if (o->externs[i].kind != BB_EXTERN_KCONFIG ||
		    !strncmp(o->externs[i].name, "LINUX_HAS_", 10))
			return 1;
	return 0;
}

static void add_file(struct kconfig_src *s, const char *path, int err)
{
	size_t n = strlen(s->files);

	snprintf(s->files + n, sizeof(s->files) - n, "%s%s (%s)", n ? ", " : "", path,
		 err ? bb_strerror(err) : "read");
}

static int read_config(struct kconfig_src *s, const char *path)
{
	size_t n = strlen(path), size;
	char *raw;
	int err;

	bb_why("the kernel's configuration gives the CONFIG_* externs their values");
	err = bb_read_file(path, CONFIG_MAX, 0, &raw, &size);
	if (!err && n > 3 && !strcmp(path + n - 3, ".gz")) {
		err = bb_gunzip(raw, size, CONFIG_MAX, &s->text, &s->size);
		free(raw);
	} else if (!err) {
		s->text = raw;
		s->size = size;
	}
	add_file(s, path, err);
	return err;
}

/* What the version and CONFIG_* externs are read from; each file only once. */
static void open_sources(const struct bb_object *o, struct kconfig_src *s, const char *path)
{
	char boot[128], *sig = NULL;
	size_t len;
	int configs = 0;

	for (size_t i = 0; i < o->nr_externs; i++)
		configs |= o->externs[i].kind == BB_EXTERN_KCONFIG && !is_special(o->externs[i].name);
	bb_sys_uname_version(s->release, sizeof(s->release), s->version, sizeof(s->version),
			     "the running kernel's version for LINUX_KERNEL_VERSION");
	bb_why("Ubuntu keeps the upstream version in /proc/version_signature");
	if (!bb_read_file("/proc/version_signature", 4096, 0, &sig, &len))
		snprintf(s->signature, sizeof(s->signature), "%s", sig);
	free(sig);
	if (!configs)
		return;
	if (path) {
		read_config(s, path);
		return;
	}
	snprintf(boot, sizeof(boot), "/boot/config-%s", s->release);
	if (read_config(s, boot))
		read_config(s, "/proc/config.gz");
}

static int enum_has(const struct bb_btf *btf, const char *type, const char *name)
{
	int id = btf ? bb_btf_find(btf, type, BTF_KIND_ENUM) : -1;
	const struct btf_type *t = id > 0 ? bb_btf_type(btf, (unsigned int)id) : NULL;

	for (unsigned int i = 0; t && i < bb_btf_vlen(t); i++)
		if (!strcmp(bb_btf_str(btf, bb_btf_enum_name_off(t, i)), name))
			return 1;
	return 0;
}

/* LINUX_* values: "y"/"n" or a number, in buf. NULL when the name is unknown. */
static const char *special_value(const struct kconfig_src *s, const struct bb_btf *kbtf,
				 const char *name, char *buf, size_t size)
{
	if (!strcmp(name, "LINUX_KERNEL_VERSION")) {
		snprintf(buf, size, "%u", bb_kernel_version_code(s->release, s->version,
								  s->signature));
		return buf;
	}
	if (!strcmp(name, "LINUX_HAS_SYSCALL_WRAPPER"))
		return kbtf && bb_btf_find(kbtf, ARCH_SYSCALL_PREFIX "bpf", BTF_KIND_FUNC) > 0
			       ? "y" : "n";
	if (!strcmp(name, "LINUX_HAS_BPF_COOKIE"))
		return enum_has(kbtf, "bpf_func_id", "BPF_FUNC_get_attach_cookie") ? "y" : "n";
	return NULL;
}

static int fill_one(struct bb_object *o, struct bb_extern *e, const struct kconfig_src *s,
		    const struct bb_btf *kbtf)
{
	unsigned char *dst = o->maps[o->kconfig_map].data + e->off;
	const char *val = NULL, *why;
	char buf[32];
	size_t len = 0;
	int err;

	if (is_special(e->name) && (val = special_value(s, kbtf, e->name, buf, sizeof(buf))))
		len = strlen(val);
	else if (!s->text || bb_kconfig_find(s->text, s->size, e->name, &val, &len))
		val = NULL;
	if (!val) {
		memset(dst, 0, e->size);
		if (e->weak)
			return 0;
		bb_err("extern '%s': the kernel's configuration does not set it (looked at %s)",
		       e->name, s->files[0] ? s->files : "no file: the name is not one barebpf "
		       "knows");
		return -ENOENT;
	}
	err = bb_kconfig_encode(o->btf, e->type_id, val, len, dst, e->size, &why);
	if (err) {
		bb_err("extern '%s': value '%.*s' does not fit: %s", e->name, (int)len, val, why);
		return err;
	}
	e->resolved = 1;
	bb_debug("extern '%s' = %.*s", e->name, (int)len, val);
	return 0;
}

int externs_fill_kconfig(struct bb_object *o, const char *kconfig_path,
			 const struct bb_btf *kbtf)
{
	struct kconfig_src s;
	int err = 0;

	if (o->kconfig_map < 0 || o->kconfig_filled)
		return 0;
	memset(&s, 0, sizeof(s));
	open_sources(o, &s, kconfig_path);
	for (size_t i = 0; !err && i < o->nr_externs; i++)
		if (o->externs[i].kind == BB_EXTERN_KCONFIG)
			err = fill_one(o, &o->externs[i], &s, kbtf);
	free(s.text);
	o->kconfig_filled = !err;
	return err;
}

/* Untyped ksyms: addresses from /proc/kallsyms, which shows zeros to whom
 * kptr_restrict hides them. */
static int kallsyms_fill(struct bb_object *o, size_t want)
{
	size_t len, found = 0, nonzero = 0, n;
	char *text, *line, *end, name[256];
	const char *type;
	unsigned long long addr;
	int err;

	bb_why("the addresses of the untyped __ksym externs");
	if ((err = bb_read_file("/proc/kallsyms", (size_t)1 << 28, 0, &text, &len))) {
		bb_err("/proc/kallsyms: cannot read it for %zu untyped __ksym extern(s): %s", want,
		       bb_strerror(err));
		return err;
	}
	for (line = text; line && *line && found < want; line = strchr(line, '\n'), line += !!line) {
		addr = strtoull(line, &end, 16);	/* "ADDR TYPE NAME [MODULE]" */
		if (end == line || !(type = bb_word(end, &n)) ||
		    !bb_word_copy(type + n, name, sizeof(name)))
			continue;
		nonzero += addr != 0;
		for (size_t i = 0; i < o->nr_externs; i++) {
			struct bb_extern *e = &o->externs[i];

			if (e->kind == BB_EXTERN_KSYM && !e->type_id && !e->resolved &&
			    !strcmp(e->name, name)) {
				e->addr = addr;
				bb_debug("extern '%s' = 0x%llx, from /proc/kallsyms", e->name, addr);
				e->resolved = 1;
				found++;
			}
		}
	}
	free(text);
	if (found && !nonzero) {
		for (size_t i = 0; i < o->nr_externs; i++)
			if (o->externs[i].kind == BB_EXTERN_KSYM && !o->externs[i].type_id)
				o->externs[i].resolved = 0;
		bb_err("/proc/kallsyms shows every address as 0 to this user (kernel.kptr_restrict, "
		       "or no CAP_SYSLOG): the untyped __ksym externs need them");
		return -EPERM;
	}
	return 0;
}

static int btf_kind(const struct bb_extern *e)
{
	return e->kind == BB_EXTERN_KFUNC ? BTF_KIND_FUNC : BTF_KIND_VAR;
}

static int wants_btf(const struct bb_extern *e)
{
	return !e->resolved && (e->kind == BB_EXTERN_KFUNC || (e->kind == BB_EXTERN_KSYM &&
								e->type_id));
}

/* Resolves what btf (vmlinux's, or module's own types) has; 1 once nothing
 * is left to look for, which ends kmod_btf_each's walk. */
static int resolve_in(const char *module, const struct bb_btf *btf, void *ctx)
{
	struct bb_object *o = ctx;
	int left = 0;

	for (size_t i = 0; i < o->nr_externs; i++) {
		struct bb_extern *e = &o->externs[i];
		int id = wants_btf(e) ? bb_btf_find_own(btf, e->name, btf_kind(e)) : -ENOENT;

		if (id > 0) {
			e->kernel_btf_id = (__u32)id;
			e->resolved = 1;
			snprintf(e->module, sizeof(e->module), "%s", module ? module : "");
			bb_debug("extern '%s': %s id %d in %s's BTF", e->name,
				 btf_kind(e) == BTF_KIND_FUNC ? "FUNC" : "VAR", id,
				 module ? module : "the kernel");
		}
		left += wants_btf(e);
	}
	return !left;
}

static void resolve_btf(struct bb_object *o, const struct bb_btf *kbtf)
{
	if (kbtf && !resolve_in(NULL, kbtf, o))
		kmod_btf_each(kbtf, resolve_in, o);
}

static void missing(const struct bb_extern *e, const struct bb_btf *kbtf)
{
	if (!kbtf && (e->kind == BB_EXTERN_KFUNC || e->type_id)) {
		bb_err("extern '%s': needs the running kernel's BTF (" RUNNING_BTF "), which "
		       "could not be read", e->name);
		return;
	}
	bb_err("extern '%s': no %s of that name in %s", e->name,
	       e->kind == BB_EXTERN_KFUNC ? "kernel function (FUNC)" :
	       e->type_id ? "kernel variable (VAR)" : "kernel symbol",
	       e->kind == BB_EXTERN_KSYM && !e->type_id ?
	       "/proc/kallsyms (which lists data symbols only with CONFIG_KALLSYMS_ALL)" :
	       "the BTF of the kernel (vmlinux) or of any loaded module");
}

int externs_resolve_ksyms(struct bb_object *o, const struct bb_btf *kbtf)
{
	size_t untyped = 0;
	int err = 0;

	for (size_t i = 0; i < o->nr_externs; i++)
		untyped += o->externs[i].kind == BB_EXTERN_KSYM && !o->externs[i].type_id &&
			   !o->externs[i].resolved;
	resolve_btf(o, kbtf);
	if (untyped && (err = kallsyms_fill(o, untyped)))
		return err;
	for (size_t i = 0; i < o->nr_externs; i++) {
		const struct bb_extern *e = &o->externs[i];

		if (e->kind != BB_EXTERN_KCONFIG && !e->resolved && !e->weak) {
			missing(e, kbtf);
			err = -ENOENT;
		}
	}
	return err;
}

void externs_apply(const struct bb_object *o, const struct bb_prog *prog,
		   struct bpf_insn *insns, const int *fd_array)
{
	for (size_t i = 0; i < prog->nr_relocs; i++) {
		const struct bb_reloc *r = &prog->relocs[i];
		const struct bb_extern *e = &o->externs[r->map];
		struct bpf_insn *in = &insns[r->insn];

		if (r->kind == BB_RELOC_KFUNC && e->resolved) {
			in->src_reg = BPF_PSEUDO_KFUNC_CALL;
			in->imm = (__s32)e->kernel_btf_id;
			in->off = (__s16)e->btf_fd_idx;	/* 0: vmlinux */
		} else if (r->kind == BB_RELOC_KFUNC) {
			*in = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
						 .imm = POISON_KFUNC + (__s32)r->map };
			bb_debug("program '%s': weak kfunc '%s' is missing: its call at %zu "
				 "is poisoned", prog->name, e->name, r->insn);
		} else if (r->kind == BB_RELOC_KSYM && e->resolved &&
			   (e->type_id || e->kind == BB_EXTERN_KFUNC)) {
			in[0].src_reg = BPF_PSEUDO_BTF_ID;
			in[0].imm = (__s32)e->kernel_btf_id;
			in[1].imm = e->btf_fd_idx ? fd_array[e->btf_fd_idx] : 0; /* 0: vmlinux */
		} else if (r->kind == BB_RELOC_KSYM) {
			in[0].src_reg = 0;
			in[0].imm = (__s32)(__u32)e->addr;
			in[1].imm = (__s32)(__u32)(e->addr >> 32);
		}
	}
}

/* The running kernel's BTF: extern ids are the kernel's own, whatever
 * --btf says for CO-RE. */
static struct bb_btf *read_running_btf(void)
{
	struct bb_btf *kbtf = NULL;
	const char *why;
	struct bb_file f;
	int err;

	bb_why("the BTF ids of the .ksyms externs and kfuncs are the running kernel's");
	if ((err = bb_file_load(RUNNING_BTF, (size_t)1 << 30, &f))) {
		bb_warn("kernel BTF " RUNNING_BTF ": %s", bb_strerror(err));
		return NULL;
	}
	if (bb_btf_parse(f.data, f.size, &kbtf, &why))
		bb_warn("kernel BTF " RUNNING_BTF ": %s", why ? why : "out of memory");
	bb_file_unload(&f);
	return kbtf;
}

int externs_resolve(struct bb_object *o, const char *kconfig, const struct bb_btf *running)
{
	struct bb_btf *own = NULL;
	int err, err2;

	if (!o->nr_externs)
		return 0;
	if (!running && externs_need_kernel_btf(o))
		running = own = read_running_btf();
	err = externs_fill_kconfig(o, kconfig, running);
	err2 = externs_resolve_ksyms(o, running);	/* both, so that each is said */
	bb_btf_free(own);
	return err ? err : err2;
}

int bb_object_resolve_externs(struct bb_object *o, const struct bb_load_opts *opts)
{
	const char *kconfig = opts && opts->sz >= offsetof(struct bb_load_opts, kconfig) +
				      sizeof(char *) ? opts->kconfig : NULL;

	return externs_resolve(o, kconfig, NULL);
}

/* What the verifier's words mean for an object's externs, or "". */
const char *externs_rejection_hint(const struct bb_object *o, const char *log, char *buf,
				   size_t size)
{
	const char *p = log ? strstr(log, "invalid func unknown#") : NULL, *q;
	long idx = p ? atol(p + 21) - POISON_KFUNC : -1;

	if (idx >= 0 && (size_t)idx < o->nr_externs && o->externs[idx].kind == BB_EXTERN_KFUNC &&
	    !o->externs[idx].resolved) {
		snprintf(buf, size, ": it calls the weak kfunc '%s', which this kernel does not "
			 "have, where the verifier can reach the call (guard it, e.g. with "
			 "bpf_ksym_exists() or a .kconfig value)", o->externs[idx].name);
		return buf;
	}
	p = log ? strstr(log, "failed to find the address for kernel symbol '") : NULL;
	if (p && (q = strchr(p += 46, '\''))) {
		snprintf(buf, size, ": the kernel looks up the address of the typed __ksym '%.*s' in "
			 "its kallsyms, which lists no data symbols on this kernel (built without "
			 "CONFIG_KALLSYMS_ALL)", (int)(q - p < 128 ? q - p : 128), p);
		return buf;
	}
	if (log && strstr(log, "in ldimm64 isn't KIND_VAR.\n")) {	/* 6.4+: "...or KIND_FUNC" */
		snprintf(buf, size, ": this kernel takes only variables in the ld_imm64 of a __ksym, "
			 "not the address of a kfunc (as bpf_ksym_exists() takes it)");
		return buf;
	}
	return "";
}
