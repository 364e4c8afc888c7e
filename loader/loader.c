#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "attach.h"
#include "btf.h"
#include "btf_target.h"
#include "file.h"
#include "helpers.h"
#include "core.h"
#include "usdt_attach.h"
#include "extern_values.h"
#include "kconfig.h"
#include "kmod_btf.h"
#include "bpf.h"
#include "barebpf.h"
#include "object.h"
#include "pins.h"
#include "log.h"
#include "map_slots.h"
#include "reloc.h"
#include "sys.h"

#define LOG_MIN (64u << 10)
#define LOG_MAX (256u << 20)

struct bb_loader {
	struct bb_object *obj;
	int btf_fd;		/* the object's BTF in the kernel, or -1 */
	int btf_tried;
	const char *kernel_btf_path;
	const char *kconfig_path;	/* --kconfig FILE, or NULL */
	int externs_done;
	int *fd_array;		/* module BTF fds of the externs, slot 0 unused, or NULL */
	size_t nr_fd_array;
	struct usdt_env usdt;	/* spec ids and the cookie decision, shared by all USDT programs */
	struct bb_btf *kernel_btf;
	struct bb_file kernel_btf_file;	/* mapped while kernel_btf borrows it */
	int kernel_btf_err;	/* reading or parsing the kernel BTF failed: said once */
	struct bb_core_target *core_target;
	int core_err;		/* indexing the kernel BTF failed: said once */
	__u32 running_version;	/* uname's release, asked once, for kprobes only */
	int *map_fds;
	int *prog_fds;
	struct bb_link *links;
	size_t nr_links;
	unsigned char *map_reused;	/* map i came from a pin (bb_loader_reuse_pinned) */
};

int bb_loader_new(struct bb_object *obj, const struct bb_load_opts *opts,
		  struct bb_loader **out)
{
	struct bb_loader *l = calloc(1, sizeof(*l));

	*out = NULL;
	if (!l || !(l->map_fds = malloc((obj->nr_maps + 1) * sizeof(int))) ||
	    !(l->prog_fds = malloc((obj->nr_progs + 1) * sizeof(int))) ||
	    !(l->links = calloc(obj->nr_progs + 1, sizeof(*l->links)))) {
		if (l) {
			free(l->map_fds);
			free(l->prog_fds);
		}
		free(l);
		bb_object_free(obj);
		return -ENOMEM;
	}
	for (size_t i = 0; i < obj->nr_maps; i++)
		l->map_fds[i] = -1;
	for (size_t i = 0; i < obj->nr_progs; i++)
		l->prog_fds[i] = -1;
	l->obj = obj;
	l->btf_fd = -1;
	l->usdt.next_id = 0;
	if (opts && opts->sz >= offsetof(struct bb_load_opts, kernel_btf) + sizeof(char *))
		l->kernel_btf_path = opts->kernel_btf;
	if (opts && opts->sz >= offsetof(struct bb_load_opts, kconfig) + sizeof(char *))
		l->kconfig_path = opts->kconfig;
	*out = l;
	return 0;
}

/* The object's BTF gives the kernel map key/value types and, with .BTF.ext,
 * function and line info. A kernel that refuses it still loads the programs. */
static const char *kernel_btf_path(const struct bb_loader *l)
{
	return l->kernel_btf_path ? l->kernel_btf_path : "/sys/kernel/btf/vmlinux";
}

/* The type the kernel's BTF log says it refused: "[12] Invalid kind:16". */
static unsigned int refused_type(const char *log)
{
	const char *p = log ? strstr(log, "] Invalid") : NULL;

	while (p && p > log && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return p ? (unsigned int)strtoul(p, NULL, 10) : 0;
}

/* The log buffer is allocated only once a load fails and is tried again. */
static int btf_load_logged(const struct bb_btf *btf, char **log)
{
	size_t size;
	const void *raw = bb_btf_raw(btf, &size);
	int fd = sys_bpf_btf_load(raw, (__u32)size, NULL, 0, 0);

	if (fd < 0 && fd != -EPERM && !*log)
		*log = calloc(1, LOG_MIN);
	if (fd < 0 && fd != -EPERM && *log) {
		**log = 0;
		fd = sys_bpf_btf_load(raw, (__u32)size, *log, LOG_MIN, 1);
	}
	return fd;
}

/* The object's BTF gives the kernel map key/value types and, with .BTF.ext,
 * function and line info. A kernel that refuses a kind it does not know gets
 * the BTF rewritten (bb_btf_sanitize); one that refuses it anyway still loads
 * the programs, without it. */
static void load_btf(struct bb_loader *l)
{
	char *log = NULL;
	struct bb_btf *fixed = NULL;
	int fd, tries = 0;

	l->btf_tried = 1;
	if (!l->obj->btf)
		return;
	fd = btf_load_logged(l->obj->btf, &log);
	while (fd < 0 && fd != -EPERM && tries++ < 4) {
		struct bb_btf *next = NULL;

		if (bb_btf_sanitize(fixed ? fixed : l->obj->btf, refused_type(log), &next) < 0)
			break;
		bb_btf_free(fixed);
		fixed = next;
		fd = btf_load_logged(fixed, &log);
	}
	bb_btf_free(fixed);
	if (fd >= 0)
		l->btf_fd = fd;
	else if (fd != -EPERM) /* without privileges, maps and programs fail and say so */
		bb_warn("object '%s': the kernel rejected its BTF (%s); loading without it%s%s",
			l->obj->name, bb_strerror(fd), log && log[0] ? "; the kernel said:\n" : "",
			log ? log : "");
	free(log);
}

const struct bb_object *bb_loader_object(const struct bb_loader *l)
{
	return l->obj;
}

/* The kernel allows [A-Za-z0-9_.] in 15 bytes; global data maps get the object's
 * name in front so that bpftool shows whose they are. */
static void kernel_map_name(const struct bb_object *o, const struct bb_map_def *m,
			    char name[BPF_OBJ_NAME_LEN])
{
	char full[64];
	size_t j = 0;

	if (m->origin == BB_MAP_DATA)
		snprintf(full, sizeof(full), "%.*s%s", (int)strcspn(o->name, ".") < 8 ?
			 (int)strcspn(o->name, ".") : 8, o->name, m->name);
	else
		snprintf(full, sizeof(full), "%s", m->name);
	for (size_t i = 0; full[i] && j < BPF_OBJ_NAME_LEN - 1; i++)
		if (isalnum((unsigned char)full[i]) || full[i] == '_' || full[i] == '.')
			name[j++] = full[i];
	name[j] = '\0';
}

/* Kernels before 5.11 charge maps and programs to RLIMIT_MEMLOCK and answer
 * EPERM when it runs out: lifted when that answer comes (each caller asks
 * once per object it creates, so a real EPERM is not retried for ever). */
static int lift_memlock(void)
{
	struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
	int err;

	err = setrlimit(RLIMIT_MEMLOCK, &r) ? -errno : 0;
	bb_why("kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK: lift it and retry");
	return (int)bb_narrate(err, NULL, "prlimit64(0, RLIMIT_MEMLOCK, {rlim_cur=RLIM64_INFINITY, "
			       "rlim_max=RLIM64_INFINITY}, NULL)");
}

/* Optional attributes an older kernel may refuse (cgroup arrays, sockmaps,
 * stack traces take no BTF types before 5.x; no map names before 4.15),
 * and the memlock limit of kernels before 5.11: each dropped or lifted when
 * the kernel's answer asks, whatever was dropped before; never probed for. */
static int create_retrying(const char *what, struct sys_bpf_map_params *p)
{
	int fd = sys_bpf_map_create(p), lifted = 0;

	for (;;) {
		if (fd == -EPERM && !lifted) {
			lifted = 1;
			if (lift_memlock())
				return fd;
		} else if (fd < 0 && fd != -EPERM && p->btf_fd) {
			bb_debug("map '%s': the kernel refused its BTF types (%s); trying without "
				 "them", what, bb_strerror(fd));
			p->btf_fd = p->btf_key_type_id = p->btf_value_type_id = 0;
		} else if (fd == -EINVAL && p->name && p->name[0]) {
			bb_debug("map '%s': the kernel refused it named; trying without a name", what);
			p->name = NULL;
		} else {
			return fd;
		}
		fd = sys_bpf_map_create(p);
	}
}

/* libbpf rounds a ring buffer up to a power-of-two number of pages, which the
 * kernel requires; objects are written for that. */
static __u32 ringbuf_size(__u32 size)
{
	__u64 page = (__u64)sysconf(_SC_PAGESIZE), n = page;

	while (n < size && n <= UINT32_MAX / 2)
		n <<= 1;
	return size ? (__u32)n : 0;
}

static void map_params(struct bb_loader *l, const struct bb_map_def *m, char *name,
		       struct sys_bpf_map_params *p)
{
	*p = (struct sys_bpf_map_params){
		.name = name, .map_type = m->type, .key_size = m->key_size,
		.value_size = m->value_size, .max_entries = m->max_entries, .map_flags = m->flags,
	};
	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		int ncpu = bb_possible_cpus();

		p->max_entries = p->max_entries ? p->max_entries : ncpu > 0 ? (__u32)ncpu : 1;
		p->key_size = p->key_size ? p->key_size : 4;
		p->value_size = p->value_size ? p->value_size : 4;
	}
	if ((m->type == BPF_MAP_TYPE_RINGBUF || m->type == BPF_MAP_TYPE_USER_RINGBUF) &&
	    ringbuf_size(m->max_entries) != m->max_entries) {
		p->max_entries = ringbuf_size(m->max_entries);
		bb_debug("map '%s': %u bytes rounded up to %u, a power-of-two number of pages, "
			 "as libbpf does", m->name, m->max_entries, p->max_entries);
	}
	if (l->btf_fd >= 0 && (m->btf_key_type_id || m->btf_value_type_id) && !m->inner) {
		p->btf_fd = (__u32)l->btf_fd;
		p->btf_key_type_id = m->btf_key_type_id;
		p->btf_value_type_id = m->btf_value_type_id;
	}
}

/* A map-in-map is created with a map like its inner maps, closed after. */
static int inner_template(struct bb_loader *l, const struct bb_map_def *m)
{
	struct bb_map_def in = *m->inner;
	struct sys_bpf_map_params p;
	char what[96];
	int fd;

	snprintf(what, sizeof(what), "%s.inner", m->name);
	in.name = what;
	map_params(l, &in, NULL, &p);
	bb_why("a map of maps is created with a map like the ones it will hold");
	fd = create_retrying(what, &p);
	if (fd < 0)
		bb_err("map '%s': create failed: %s", what, bb_strerror(fd));
	return fd;
}

static int create_map(struct bb_loader *l, size_t i)
{
	const struct bb_map_def *m = &l->obj->maps[i];
	char name[BPF_OBJ_NAME_LEN];
	struct sys_bpf_map_params p;
	int fd;

	kernel_map_name(l->obj, m, name);
	map_params(l, m, name, &p);
	if (m->inner && (p.inner_map_fd = inner_template(l, m)) < 0)
		return p.inner_map_fd;
	fd = create_retrying(m->name, &p);
	if (p.inner_map_fd > 0)
		bb_sys_close(p.inner_map_fd, NULL);
	if (fd < 0) {
		bb_err("map '%s': create failed: %s%s", m->name, bb_strerror(fd),
		       fd == -EPERM ? " (needs root or CAP_BPF)" : "");
		return fd;
	}
	l->map_fds[i] = fd;
	return 0;
}

static int fill_map(struct bb_loader *l, size_t i)
{
	const struct bb_map_def *m = &l->obj->maps[i];
	__u32 zero = 0;
	int err = 0;

	if (m->data) {
		bb_why("write the global variables' initial values before any program is loaded");
		err = sys_bpf_map_update_elem(l->map_fds[i], &zero, m->data, BPF_ANY);
	}
	if (!err && m->frozen)
		err = sys_bpf_map_freeze(l->map_fds[i]);
	if (err)
		bb_err("map '%s': setting its initial value failed: %s", m->name, bb_strerror(err));
	return err;
}

/* The kernel's BTF, read and parsed once for CO-RE and for BTF-typed targets. */
static int load_kernel_btf(struct bb_loader *l, const struct bb_prog *prog, const char *need)
{
	const char *path = kernel_btf_path(l);
	const char *why = NULL;
	struct bb_file f;
	int err;

	if (l->kernel_btf || l->kernel_btf_err)
		return l->kernel_btf_err;
	err = bb_file_load(path, (size_t)1 << 30, &f);
	if (err) {
		bb_err("%s '%s': %s, but the kernel's BTF %s cannot be read: %s%s",
		       prog ? "program" : "object", prog ? prog->name : l->obj->name, need, path,
		       bb_strerror(err),
		       l->kernel_btf_path ? "" : " (kernel without CONFIG_DEBUG_INFO_BTF? use --btf FILE)");
		return l->kernel_btf_err = err;
	}
	err = bb_btf_parse_borrow(f.data, f.size, &l->kernel_btf, &why);
	if (err)
		bb_file_unload(&f);
	else
		l->kernel_btf_file = f;	/* no copy: kept mapped until the loader goes */
	if (err)
		bb_err("kernel BTF %s: %s", path, why ? why : bb_strerror(err));
	else
		bb_debug("BTF: %s: %u types", path, bb_btf_count(l->kernel_btf));
	return l->kernel_btf_err = err;
}

static int load_core_target(struct bb_loader *l, const struct bb_prog *prog)
{
	char need[64];
	int err;

	if (l->core_target || l->core_err)
		return l->core_err;
	snprintf(need, sizeof(need), "has %zu CO-RE relocations", prog->nr_core_relos);
	err = load_kernel_btf(l, prog, need);
	if (!err && (err = bb_core_target_new(l->kernel_btf, &l->core_target)))
		bb_err("kernel BTF %s: %s", kernel_btf_path(l), bb_strerror(err));
	return l->core_err = err;
}

/* fentry, tp_btf, lsm, iter...: the kernel type the program attaches to. */
static int set_btf_target(struct bb_loader *l, const struct bb_prog *prog,
			  struct sys_bpf_prog_params *p, int *obj_fd)
{
	const struct bb_section *s = prog->sec;
	int err;

	*obj_fd = -1;
	if (!s || !s->btf_name)
		return 0;
	p->expected_attach_type = s->def.expected_attach_type;
	p->prog_flags = s->flags & BB_SEC_SLEEPABLE ? BPF_F_SLEEPABLE : 0;
	if (!prog->target) {
		bb_err("program '%s': section '%s' names no target, and the kernel loads a %s "
		       "program only with one (expected %s/%s)", prog->name,
		       bb_printable(prog->section), s->def.kind, s->def.prefix, s->def.target);
		return -EINVAL;
	}
	if ((err = load_kernel_btf(l, prog, "attaches by BTF")))
		return err;
	err = btf_target_find(prog, l->kernel_btf, kernel_btf_path(l), &p->attach_btf_id, obj_fd);
	if (!err && *obj_fd >= 0)
		p->attach_btf_obj_fd = (__u32)*obj_fd;
	return err;
}

static int apply_core(struct bb_loader *l, const struct bb_prog *prog, struct bpf_insn *insns)
{
	int err;

	if (!prog->nr_core_relos)
		return 0;
	if ((err = load_core_target(l, prog)))
		return err;
	return bb_core_apply(l->obj->btf, l->core_target, prog->core_relos, prog->nr_core_relos,
			     insns, prog->insn_cnt, prog->name);
}

/* The fd_array slot of module's BTF, opened the first time it is asked for. */
static int module_slot(struct bb_loader *l, const char *module)
{
	const struct bb_object *o = l->obj;
	int *a, fd;

	for (size_t i = 0; i < o->nr_externs; i++)
		if (o->externs[i].btf_fd_idx && !strcmp(o->externs[i].module, module))
			return o->externs[i].btf_fd_idx;
	if (l->nr_fd_array > INT16_MAX - 1)
		return -E2BIG;
	if (!(a = realloc(l->fd_array, (l->nr_fd_array + 2) * sizeof(int))))
		return -ENOMEM;
	l->fd_array = a;
	if (!l->nr_fd_array)
		a[l->nr_fd_array++] = -1;	/* offset 0 means vmlinux: never read */
	if ((fd = kmod_btf_fd(module)) < 0)
		return fd;
	a[l->nr_fd_array] = fd;
	return (int)l->nr_fd_array++;
}

/* Externs found in a module's BTF: the kernel wants that BTF's fd. */
static int open_module_btfs(struct bb_loader *l)
{
	for (size_t i = 0; i < l->obj->nr_externs; i++) {
		struct bb_extern *e = &l->obj->externs[i];
		int slot;

		if (!e->resolved || !e->module[0] || e->btf_fd_idx)
			continue;
		if ((slot = module_slot(l, e->module)) < 0)
			return slot;
		e->btf_fd_idx = slot;
		bb_debug("extern '%s': module %s's BTF is fd %d, fd_array[%d]", e->name, e->module,
			 l->fd_array[slot], slot);
	}
	return 0;
}

/* .kconfig values before the maps are filled, ksyms and kfuncs before any
 * program is loaded; the kernel's BTF is read only when they need it. */
static int resolve_externs(struct bb_loader *l)
{
	struct bb_object *o = l->obj;
	int err;

	if (l->externs_done || !o->nr_externs)
		return 0;
	/* With --btf FILE (for CO-RE) the externs still need the running kernel's. */
	if (!l->kernel_btf_path && externs_need_kernel_btf(o) &&
	    (err = load_kernel_btf(l, NULL, "has .ksyms or LINUX_HAS_* externs")))
		return err;
	if ((err = externs_resolve(o, l->kconfig_path, l->kernel_btf_path ? NULL : l->kernel_btf)) ||
	    (err = open_module_btfs(l)))
		return err;
	l->externs_done = 1;
	return 0;
}

int bb_loader_create_maps(struct bb_loader *l)
{
	int err, created = 0;

	if ((err = resolve_externs(l)))
		return err;
	if (!l->btf_tried)
		load_btf(l);
	for (size_t i = 0; i < l->obj->nr_maps; i++) {
		if (l->map_fds[i] >= 0)
			continue;
		if ((err = create_map(l, i)) || (err = fill_map(l, i)))
			return err;
		created = 1;
	}
	return created ? bb_map_slots_fill_maps(l->obj, l->map_fds, l->map_reused) : 0;
}

/* Kernels before 5.0 compare kern_version of kprobe programs with their own. */
static __u32 running_kernel_version(void)
{
	char release[65];

	if (bb_sys_uname(release, sizeof(release), "kernels before 5.0 want kern_version of "
			 "kprobe programs to be theirs"))
		return 0;
	return bb_version_code(release);
}

/* The kernel reads kern_version of kprobe programs only: no uname for others. */
static __u32 kern_version_for(struct bb_loader *l, const struct bb_prog *prog)
{
	if (l->obj->kern_version)
		return l->obj->kern_version;
	if (prog->type != BPF_PROG_TYPE_KPROBE)
		return 0;
	if (!l->running_version)
		l->running_version = running_kernel_version();
	return l->running_version;
}

/* "invalid func unknown#177": a helper newer than the kernel, named. */
static const char *unknown_helper(const char *log, char *buf, size_t size)
{
	const char *p = log ? strstr(log, "unknown#") : NULL;
	int id = p ? atoi(p + 8) : 0;
	const char *name = bb_helper_name(id), *since = bb_helper_since(id);

	if (!name)
		return "";
	snprintf(buf, size, ": this kernel does not know the helper %s (#%d)%s%s%s", name, id,
		 since ? ", which came with Linux " : "", since ? since : "",
		 since ? " or later" : "");
	return buf;
}

static void report_rejection(const struct bb_object *o, const struct bb_prog *prog, int err,
			     const char *log)
{
	size_t n = log ? strlen(log) : 0;
	const char *hint;
	char buf[300];

	while (n && log[n - 1] == '\n')
		n--;
	hint = externs_rejection_hint(o, log, buf, sizeof(buf));
	if (!hint[0])
		hint = prog->sec && prog->sec->btf_name ? btf_target_hint(prog, err, n != 0)
							 : unknown_helper(log, buf, sizeof(buf));
	if (n)
		bb_err("program '%s': load failed: %s%s; the verifier said:\n%.*s", prog->name,
		       bb_strerror(err), hint, (int)n, log);
	else
		bb_err("program '%s': load failed: %s%s; the kernel left no verifier log%s",
		       prog->name, bb_strerror(err), hint,
		       err == -EPERM && !hint[0] ? "; loading needs root or CAP_BPF" : "");
}

/* The first attempt runs without a log, as the log slows the verifier; a
 * rejected program is loaded again with a log that grows while it is too small. */
static int load_with_log(const struct bb_object *o, const struct bb_prog *prog,
			 struct sys_bpf_prog_params *p)
{
	int fd = sys_bpf_prog_load(p), err;
	char *log = NULL;

	if (fd == -EPERM && !lift_memlock())
		fd = sys_bpf_prog_load(p);
	if ((err = fd) >= 0)
		return fd;
	for (__u32 size = LOG_MIN; size <= LOG_MAX; size *= 4) {
		char *n = realloc(log, size);

		if (!n)
			break;
		log = n;
		log[0] = '\0';
		p->log_buf = log;
		p->log_size = size;
		p->log_level = 1;
		fd = sys_bpf_prog_load(p);
		if (fd != -ENOSPC)
			break;
	}
	if (fd < 0)
		report_rejection(o, prog, err, log);
	free(log);
	return fd >= 0 ? fd : err;
}

static void fill_params(struct bb_loader *l, const struct bb_prog *prog,
			const struct bpf_insn *insns, struct sys_bpf_prog_params *p)
{
	if (prog->sec && !prog->sec->btf_name) {	/* cgroup/connect4, xdp.frags, ... */
		p->expected_attach_type = prog->sec->def.expected_attach_type;
		if (prog->sec->flags & BB_SEC_XDP_FRAGS)
			p->prog_flags |= BPF_F_XDP_HAS_FRAGS;
	}
	p->name = prog->name;
	p->prog_type = prog->type;
	p->insns = insns;
	p->insn_cnt = (__u32)prog->insn_cnt;
	p->license = l->obj->license;
	p->kern_version = kern_version_for(l, prog);
	p->fd_array = l->fd_array;	/* NULL unless an extern is in a module's BTF */
	p->fd_array_cnt = (__u32)l->nr_fd_array;
	if (l->btf_fd >= 0 && prog->nr_func_info) {
		/* With BTF the verifier log quotes source lines and checks global functions. */
		p->prog_btf_fd = (__u32)l->btf_fd;
		p->func_info = prog->func_info;
		p->func_info_cnt = (__u32)prog->nr_func_info;
		p->func_info_rec_size = sizeof(*prog->func_info);
		p->line_info = prog->line_info;
		p->line_info_cnt = (__u32)prog->nr_line_info;
		p->line_info_rec_size = sizeof(*prog->line_info);
	}
}

int bb_loader_load_prog(struct bb_loader *l, size_t i)
{
	const struct bb_prog *prog = &l->obj->progs[i];
	struct sys_bpf_prog_params p = { 0 };
	struct bpf_insn *insns;
	int fd, obj_fd = -1;

	if (i >= l->obj->nr_progs)
		return -ENOENT;
	if (l->prog_fds[i] >= 0)
		return 0;
	if ((fd = bb_loader_create_maps(l)))
		return fd;
	if (prog->type == BPF_PROG_TYPE_UNSPEC) {
		bb_err("program '%s': section '%s' is not a program type barebpf knows "
		       "(see 'barebpf --help' for the sections it understands)", prog->name,
		       bb_printable(prog->section));
		return -EINVAL;
	}
	insns = malloc(prog->insn_cnt * sizeof(*insns));
	if (!insns)
		return -ENOMEM;
	fd = bb_reloc_apply(prog, l->map_fds, l->obj->nr_maps, insns);
	if (!fd)
		externs_apply(l->obj, prog, insns, l->fd_array);
	if (!fd)
		fd = apply_core(l, prog, insns);
	if (!fd)
		fd = set_btf_target(l, prog, &p, &obj_fd);
	if (fd)
		goto out;
	fill_params(l, prog, insns, &p);
	fd = load_with_log(l->obj, prog, &p);
	if (fd >= 0) {
		l->prog_fds[i] = fd;
		fd = bb_map_slots_fill_prog(l->obj, l->map_fds, l->map_reused, i, fd);
	}
out:
	if (obj_fd >= 0)	/* the program holds the module's BTF now */
		bb_sys_close(obj_fd, NULL);
	free(insns);
	return fd;
}

/* USDT programs write the spec maps, so they attach with the loader's help. */
static int attach_usdt(struct bb_loader *l, size_t i, const struct bb_attach_opts *opts)
{
	int specs = bb_object_find_map(l->obj, "__bpf_usdt_specs");
	int ips = bb_object_find_map(l->obj, "__bpf_usdt_ip_to_spec_id");
	pid_t pid = opts && opts->sz >= offsetof(struct bb_attach_opts, pid) + sizeof(pid_t)
			    ? opts->pid : 0;

	l->usdt.specs_fd = specs >= 0 ? l->map_fds[specs] : -1;
	l->usdt.ip_fd = ips >= 0 ? l->map_fds[ips] : -1;
	if (specs >= 0) {
		l->usdt.specs_max = l->obj->maps[specs].max_entries;
		l->usdt.specs_value_size = l->obj->maps[specs].value_size;
	}
	return usdt_attach(&l->obj->progs[i], l->prog_fds[i], pid, &l->usdt,
			   &l->links[l->nr_links]);
}

int bb_loader_attach_prog(struct bb_loader *l, size_t i, const struct bb_attach_opts *opts)
{
	struct bb_attach_maps maps = { l->obj->maps, l->map_fds, l->obj->nr_maps };
	int err;

	if (i >= l->obj->nr_progs)
		return -ENOENT;
	if (l->prog_fds[i] < 0)
		return -EBADF;
	if (l->nr_links == l->obj->nr_progs)
		return -EBUSY;
	if (l->obj->progs[i].sec && l->obj->progs[i].sec->attach == BB_ATTACH_USDT)
		err = attach_usdt(l, i, opts);
	else
		err = bb_attach(&l->obj->progs[i], l->prog_fds[i], opts, &maps,
				&l->links[l->nr_links]);
	if (!err)
		l->nr_links++;
	return err;
}

/* Reads fd to end of file into a malloc'd, NUL-terminated buffer. */

int bb_loader_iter_read(struct bb_loader *l, size_t i, char **out, size_t *len)
{
	const struct bb_link *link = NULL;
	int fd, err;

	*out = NULL;
	*len = 0;
	if (i >= l->obj->nr_progs)
		return -ENOENT;
	for (size_t k = 0; k < l->nr_links; k++)
		if (l->links[k].prog == l->obj->progs[i].name && l->links[k].method == BB_ATTACH_ITER)
			link = &l->links[k];
	if (!link)
		return -EBADF;
	fd = sys_bpf_iter_create(link->fd);
	if (fd < 0) {
		bb_err("program '%s': iterator: BPF_ITER_CREATE failed: %s", link->prog,
		       bb_strerror(fd));
		return fd;
	}
	err = bb_read_fd(fd, (size_t)1 << 30, out, len);
	if (err)
		bb_err("program '%s': iterator: read failed: %s", link->prog, bb_strerror(err));
	bb_sys_close(fd, NULL);
	return err;
}

int bb_loader_load(struct bb_loader *l)
{
	int err = bb_loader_create_maps(l);

	for (size_t i = 0; !err && i < l->obj->nr_progs; i++) {
		if (l->obj->progs[i].autoload)
			err = bb_loader_load_prog(l, i);
		else
			bb_info("program '%s': not loaded: section '%s' has autoload off",
				bb_printable(l->obj->progs[i].name),
				bb_printable(l->obj->progs[i].section));
	}
	return err;
}

int bb_loader_attach(struct bb_loader *l, const struct bb_attach_opts *opts)
{
	int attached = 0, err;

	for (size_t i = 0; i < l->obj->nr_progs; i++) {
		const struct bb_prog *p = &l->obj->progs[i];

		if (l->prog_fds[i] < 0)
			continue;
		if (!p->sec || !p->sec->def.attachable ||
		    (!p->target && !(p->sec->flags & BB_SEC_WHOLE))) {
			bb_warn("program '%s': loaded, not attached: section '%s' names no %s",
				bb_printable(p->name), bb_printable(p->section),
				p->sec && p->sec->def.attachable ? "target" : "event to attach to");
			continue;
		}
		if ((err = bb_loader_attach_prog(l, i, opts)))
			return err;
		attached++;
	}
	return attached;
}

static void pin_path(const struct bb_map_def *m, const char *dir, char *path, size_t size)
{
	char name[256];
	const char *n = m->name;
	size_t j = 0;

	/* bpffs refuses names with dots */
	for (n += *n == '.'; *n && j < sizeof(name) - 1; n++)
		name[j++] = *n == '.' ? '_' : *n;
	name[j] = '\0';
	snprintf(path, size, "%s/%s", dir, name);
}

/* Every map's pin name in barebpf's record of dir. */
static int record_maps(const struct bb_loader *l, const char *dir)
{
	size_t n = l->obj->nr_maps, skip = strlen(dir) + 1;
	char (*paths)[512] = calloc(n + 1, sizeof(*paths));
	const char **names = calloc(n + 1, sizeof(*names));
	int err = paths && names ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < n; i++) {
		pin_path(&l->obj->maps[i], dir, paths[i], sizeof(paths[i]));
		names[i] = paths[i] + skip;
	}
	if (!err)
		err = pins_record(dir, names, n);
	free(paths);
	free(names);
	return err;
}

int bb_loader_pin_maps(struct bb_loader *l, const char *dir)
{
	char path[512];
	size_t i;
	int err = 0;

	for (i = 0; i < l->obj->nr_maps && !err; i++) {
		if (l->map_reused && l->map_reused[i])
			continue;	/* pinned there already */
		pin_path(&l->obj->maps[i], dir, path, sizeof(path));
		err = l->map_fds[i] < 0 ? -EBADF : sys_bpf_obj_pin(l->map_fds[i], path);
		if (err)
			bb_err("map '%s': cannot pin at %s: %s%s", l->obj->maps[i].name, path,
			       bb_strerror(err), err == -EPERM || err == -EINVAL ?
			       " (is it on a bpf filesystem? mount -t bpf bpf DIR)" : "");
	}
	/* All or nothing: unpin what was pinned before the failure. */
	for (i = err ? i - 1 : 0; i-- > 0;) {
		if (l->map_reused && l->map_reused[i])
			continue;
		pin_path(&l->obj->maps[i], dir, path, sizeof(path));
		bb_sys_unlink(path, "all or nothing: undo the pins made before the failure");
	}
	return err ? err : record_maps(l, dir);
}

/* What the map would be created with: perf event arrays default to a slot
 * per possible CPU. */
static __u32 want_max_entries(const struct bb_map_def *m)
{
	int ncpu;

	if (m->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY || m->max_entries)
		return m->max_entries;
	ncpu = bb_possible_cpus();
	return ncpu > 0 ? (__u32)ncpu : 1;
}

static __u32 want_size(const struct bb_map_def *m, __u32 size)
{
	return m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !size ? 4 : size;
}

/* The pinned map must be the one the object declares, field by field. */
static int check_pinned(const struct bb_map_def *m, const char *path, int fd)
{
	struct bpf_map_info info;
	const char *field = NULL;
	__u32 got = 0, want = 0;
	int err = sys_bpf_map_get_info(fd, &info);

	if (err) {
		bb_err("map '%s': cannot read the info of %s: %s", m->name, path, bb_strerror(err));
		return err;
	}
	if (info.type != m->type)
		field = "type", got = info.type, want = m->type;
	else if (info.key_size != want_size(m, m->key_size))
		field = "key_size", got = info.key_size, want = want_size(m, m->key_size);
	else if (info.value_size != want_size(m, m->value_size))
		field = "value_size", got = info.value_size, want = want_size(m, m->value_size);
	else if (info.max_entries != want_max_entries(m))
		field = "max_entries", got = info.max_entries, want = want_max_entries(m);
	if (!field)
		return 0;
	if (!strcmp(field, "type"))
		bb_err("map '%s': the map pinned at %s is a %s map, the object's is %s", m->name,
		       path, bb_map_type_name(got), bb_map_type_name(want));
	else
		bb_err("map '%s': the map pinned at %s has %s %u, the object's has %u", m->name,
		       path, field, got, want);
	return -EINVAL;
}

int bb_loader_reuse_pinned(struct bb_loader *l, const char *dir)
{
	char path[512];
	int fd, err;

	if (!l->map_reused && !(l->map_reused = calloc(l->obj->nr_maps + 1, 1)))
		return -ENOMEM;
	for (size_t i = 0; i < l->obj->nr_maps; i++) {
		if (l->map_fds[i] >= 0)
			continue;
		pin_path(&l->obj->maps[i], dir, path, sizeof(path));
		bb_why("reuse the map pinned here, if there is one");
		fd = sys_bpf_obj_get(path);
		if (fd == -ENOENT)
			continue;
		if (fd < 0) {
			bb_err("map '%s': cannot open the pin %s: %s", l->obj->maps[i].name, path,
			       bb_strerror(fd));
			return fd;
		}
		if ((err = check_pinned(&l->obj->maps[i], path, fd))) {
			bb_sys_close(fd, NULL);
			return err;
		}
		bb_debug("map '%s': reusing the map pinned at %s", l->obj->maps[i].name, path);
		l->map_fds[i] = fd;
		l->map_reused[i] = 1;
	}
	return 0;
}

static int pin_one(int fd, const char *dir, const char *path)
{
	const char *name = path + strlen(dir) + 1;
	int err = sys_bpf_obj_pin(fd, path);

	return err ? err : pins_record(dir, &name, 1);
}

/* Programs as DIR/prog_NAME, BPF links as DIR/link_NAME (perf-event
 * attachments are no bpf objects and cannot be pinned). */
int bb_loader_pin_progs(struct bb_loader *l, const char *dir)
{
	char path[512];
	int err;

	for (size_t i = 0; i < l->obj->nr_progs; i++) {
		if (l->prog_fds[i] < 0)
			continue;
		snprintf(path, sizeof(path), "%s/prog_%s", dir, l->obj->progs[i].name);
		if ((err = pin_one(l->prog_fds[i], dir, path))) {
			bb_err("program '%s': cannot pin at %s: %s", l->obj->progs[i].name, path,
			       bb_strerror(err));
			return err;
		}
	}
	for (size_t i = 0; i < l->nr_links; i++) {
		enum bb_attach_method how = l->links[i].method;

		if (l->links[i].fd < 0 || (how != BB_ATTACH_RAW_TRACEPOINT && how != BB_ATTACH_BTF &&
					   how != BB_ATTACH_ITER))
			continue;
		snprintf(path, sizeof(path), "%s/link_%s", dir, l->links[i].prog);
		if ((err = pin_one(l->links[i].fd, dir, path))) {
			bb_err("program '%s': cannot pin its link at %s: %s", l->links[i].prog, path,
			       bb_strerror(err));
			return err;
		}
	}
	return 0;
}

int bb_loader_prog_fd(const struct bb_loader *l, size_t i)
{
	return i < l->obj->nr_progs ? l->prog_fds[i] : -ENOENT;
}

int bb_loader_map_fd(const struct bb_loader *l, size_t i)
{
	return i < l->obj->nr_maps ? l->map_fds[i] : -ENOENT;
}

void bb_loader_detach(struct bb_loader *l)
{
	while (l->nr_links)
		bb_link_destroy(&l->links[--l->nr_links]);
}

void bb_loader_free(struct bb_loader *l)
{
	if (!l)
		return;
	bb_loader_detach(l);
	for (size_t i = 0; i < l->obj->nr_progs; i++)
		if (l->prog_fds[i] >= 0)
			bb_sys_close(l->prog_fds[i], "unload the program (the kernel frees it with "
				     "its last fd)");
	for (size_t i = 0; i < l->obj->nr_maps; i++)
		if (l->map_fds[i] >= 0)
			bb_sys_close(l->map_fds[i], NULL);
	if (l->btf_fd >= 0)
		bb_sys_close(l->btf_fd, NULL);
	for (size_t i = 1; i < l->nr_fd_array; i++)
		bb_sys_close(l->fd_array[i], NULL);
	free(l->fd_array);
	bb_core_target_free(l->core_target);
	bb_btf_free(l->kernel_btf);
	if (l->kernel_btf)
		bb_file_unload(&l->kernel_btf_file);
	bb_object_free(l->obj);
	free(l->links);
	free(l->map_reused);
	free(l->prog_fds);
	free(l->map_fds);
	free(l);
}
