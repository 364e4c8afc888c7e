#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "bpf.h"
#include "libpath.h"
#include "log.h"
#include "perf.h"
#include "probe.h"
#include "sys.h"
#include "usdt_attach.h"

_Static_assert(sizeof(struct usdt_arg_spec) == 16, "libbpf's struct __bpf_usdt_arg_spec");
_Static_assert(sizeof(struct usdt_spec) == 208, "libbpf's struct __bpf_usdt_spec");

struct usdt_site {
	int perf_fd, link_fd;
	int has_probe;
	struct probe probe;
};

struct usdt_link {
	struct usdt_site *sites;
	size_t nr;
};

struct usdt_reg {
	const char *a, *b, *c, *d;
	int off;
};

static const struct usdt_reg usdt_regs[] = ARCH_USDT_REGS;

static int name_is(const char *have, const char *want)
{
	return have && !strcmp(have, want);
}

int usdt_reg_offset(const char *name)
{
	for (size_t i = 0; i < sizeof(usdt_regs) / sizeof(usdt_regs[0]); i++) {
		const struct usdt_reg *r = &usdt_regs[i];

		if (name_is(r->a, name) || name_is(r->b, name) || name_is(r->c, name) ||
		    name_is(r->d, name))
			return r->off;
	}
	return -ENOENT;
}

int usdt_make_spec(const struct bb_usdt_arg *args, size_t n, struct usdt_spec *spec,
		   const char **why)
{
	memset(spec, 0, sizeof(*spec));
	for (size_t i = 0; i < n; i++) {
		struct usdt_arg_spec *s = &spec->args[i];
		int off = 0;

		if (args[i].kind != BB_USDT_ARG_CONST && (off = usdt_reg_offset(args[i].reg)) < 0)
			return *why = "a register this architecture does not have", -EINVAL;
		s->arg_type = args[i].kind;
		s->reg_off = (__s16)off;
		s->val_off = (__u64)args[i].val;
		s->arg_signed = (__u8)args[i].is_signed;
		s->arg_bitshift = (__s8)(64 - 8 * args[i].size);
	}
	spec->arg_cnt = (__s16)n;
	return 0;
}

/* PATH:PROVIDER:NAME split; PATH (a path or a library name) as written. */
static int usdt_split_target(const char *target, char *lib, size_t size, char *provider,
			     char *name, size_t nsize)
{
	const char *c2 = strrchr(target, ':'), *c1;

	for (c1 = c2 ? c2 - 1 : NULL; c1 && c1 > target && *c1 != ':'; c1--)
		;
	if (!c2 || !c1 || c1 <= target || c2 - c1 - 1 <= 0 || !c2[1] ||
	    (size_t)(c2 - c1) > nsize || strlen(c2 + 1) >= nsize || (size_t)(c1 - target) >= size)
		return -EINVAL;
	memcpy(lib, target, (size_t)(c1 - target));
	lib[c1 - target] = '\0';
	memcpy(provider, c1 + 1, (size_t)(c2 - c1 - 1));
	provider[c2 - c1 - 1] = '\0';
	strcpy(name, c2 + 1);
	return 0;
}

/* The spec id reaches the program in the cookie, or through the ip map. */
static int link_site(const struct bb_prog *prog, int prog_fd, struct usdt_env *env,
		     struct usdt_site *s, __u32 id, long long ip)
{
	int err;

	if (!env->no_cookie_links) {
		s->link_fd = sys_bpf_link_create_perf(prog_fd, s->perf_fd, id);
		if (s->link_fd >= 0)
			return perf_enable(s->perf_fd);
		if (s->link_fd != -EINVAL)
			return s->link_fd;
		bb_debug("program '%s': the kernel has no perf links with BPF cookies (EINVAL, "
			 "before 5.15): the spec id goes in __bpf_usdt_ip_to_spec_id", prog->name);
		env->no_cookie_links = 1;
	}
	if (env->ip_fd < 0 || ip < 0) {
		bb_err("program '%s': this kernel has no BPF cookies and %s", prog->name,
		       env->ip_fd < 0 ? "the object has no __bpf_usdt_ip_to_spec_id map" :
		       "a shared library's probe address is known only with --pid");
		return -EOPNOTSUPP;
	}
	bb_why("kernels without BPF cookies: the program finds its spec by probe address");
	if ((err = sys_bpf_map_update_elem(env->ip_fd, &ip, &id, BPF_ANY)))
		return err;
	if ((err = perf_set_bpf(s->perf_fd, prog_fd)))
		return err;
	return perf_enable(s->perf_fd);
}

static int attach_site(const struct bb_prog *prog, int prog_fd, pid_t pid,
		       struct usdt_env *env, const char *path, const struct bb_usdt_note *n,
		       long long ip, struct usdt_site *s)
{
	struct bb_usdt_arg args[BB_USDT_MAX_ARGS];
	struct usdt_spec spec;
	char target[PATH_MAX + 64], what[64];
	const char *why;
	size_t nargs;
	__u32 id = env->next_id;
	__u64 ev;
	int err;

	if ((err = bb_usdt_parse_args(n->args, args, &nargs, &why)) ||
	    (err = usdt_make_spec(args, nargs, &spec, &why))) {
		bb_err("program '%s': usdt %s:%s at %#llx: arguments '%s': %s", prog->name,
		       n->provider, n->name, (unsigned long long)n->addr, bb_printable(n->args), why);
		return err;
	}
	if (id >= env->specs_max) {
		bb_err("program '%s': more USDT sites than __bpf_usdt_specs holds (%u)", prog->name,
		       env->specs_max);
		return -E2BIG;
	}
	bb_why("the argument spec of this USDT site, read by bpf_usdt_arg()");
	if ((err = sys_bpf_map_update_elem(env->specs_fd, &id, &spec, BPF_ANY)))
		return err;
	env->next_id++;
	if (n->sema_offset)
		snprintf(target, sizeof(target), "%s:%#llx(%#llx)", path,
			 (unsigned long long)n->offset, (unsigned long long)n->sema_offset);
	else
		snprintf(target, sizeof(target), "%s:%#llx", path, (unsigned long long)n->offset);
	snprintf(what, sizeof(what), "usdt_%s_%s", n->provider, n->name);
	if ((err = probe_add(PROBE_UPROBE, 0, what, target, &s->probe, &ev)))
		return err;
	s->has_probe = 1;
	s->perf_fd = perf_tracepoint_open(ev, pid ? pid : -1, pid ? -1 : 0);
	if (s->perf_fd < 0) {
		bb_err("program '%s': usdt '%s': perf_event_open failed: %s", prog->name, target,
		       bb_strerror(s->perf_fd));
		return s->perf_fd;
	}
	err = link_site(prog, prog_fd, env, s, id, ip);
	if (err)
		bb_err("program '%s': usdt '%s': attach failed: %s", prog->name, target,
		       bb_strerror(err));
	return err;
}

static void destroy_site(struct usdt_site *s)
{
	if (s->link_fd >= 0)
		bb_sys_close(s->link_fd, NULL);
	if (s->perf_fd >= 0) {
		perf_disable(s->perf_fd);
		bb_sys_close(s->perf_fd, NULL);
	}
	if (s->has_probe)	/* only after the perf event is closed */
		probe_remove(&s->probe);
}

void usdt_link_destroy(struct usdt_link *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->nr; i++)
		destroy_site(&u->sites[i]);
	free(u->sites);
	free(u);
}

/* The address the process sees a site at: the file's own for an executable
 * (ET_EXEC), else where --pid's process mapped the library; -1 unknown. */
static long long site_ip(const struct bb_usdt_notes *notes, const struct bb_usdt_note *n,
			 pid_t pid, const char *path)
{
	unsigned long long base;

	if (notes->is_exec)
		return (long long)n->addr;
	if (pid > 0 && !libpath_load_base(pid, path, &base))
		return (long long)(base + n->addr);
	return -1;
}

static int attach_sites(const struct bb_prog *prog, int prog_fd, pid_t pid,
			struct usdt_env *env, const char *path, const char *provider,
			const char *name, struct usdt_link *u)
{
	struct bb_usdt_notes notes;
	int err = bb_usdt_read_notes(path, &notes);

	if (err)
		return err;
	u->sites = calloc(notes.nr ? notes.nr : 1, sizeof(*u->sites));
	if (!u->sites)
		err = -ENOMEM;
	for (size_t i = 0; !err && i < notes.nr; i++) {
		const struct bb_usdt_note *n = &notes.notes[i];
		struct usdt_site *s = &u->sites[u->nr];

		if (strcmp(n->provider, provider) || strcmp(n->name, name))
			continue;
		s->perf_fd = s->link_fd = -1;
		u->nr++;
		err = attach_site(prog, prog_fd, pid, env, path, n, site_ip(&notes, n, pid, path), s);
	}
	if (!err && !u->nr) {
		bb_err("program '%s': %s has no USDT probe %s:%s%s", prog->name, path, provider, name,
		       notes.nr ? "" : " (no valid .note.stapsdt note at all)");
		err = -ENOENT;
	}
	bb_usdt_free_notes(&notes);
	return err;
}

/* The PATH:PROVIDER:NAME of prog's section, lib as written, path the file it
 * resolves to (through pid's maps when pid is not 0). */
static int target_file(const struct bb_prog *prog, pid_t pid, char lib[PATH_MAX], char *path,
		       size_t size, char provider[128], char name[128])
{
	lib[0] = '\0';
	if (!prog->target || usdt_split_target(prog->target, lib, PATH_MAX, provider, name, 128)) {
		bb_err("program '%s': section '%s': expected usdt/PATH:PROVIDER:NAME", prog->name,
		       bb_printable(prog->section));
		return -EINVAL;
	}
	return libpath_resolve(lib, pid, path, size);
}

int usdt_attach(const struct bb_prog *prog, int prog_fd, pid_t pid, struct usdt_env *env,
		struct bb_link *link)
{
	char lib[PATH_MAX], path[PATH_MAX], provider[128], name[128];
	struct usdt_link *u;
	int err;

	memset(link, 0, sizeof(*link));
	link->prog = prog->name;
	link->fd = -1;
	link->method = BB_ATTACH_USDT;
	if ((err = target_file(prog, pid, lib, path, sizeof(path), provider, name)))
		return err;
	if (probe_check_path(path) || probe_check_symbol(provider) || probe_check_symbol(name)) {
		bb_err("program '%s': usdt '%s': the path, provider or name holds characters a "
		       "uprobe_events line cannot", prog->name, bb_printable(prog->target));
		return -EINVAL;
	}
	if (env->specs_fd < 0 || env->specs_value_size != sizeof(struct usdt_spec)) {
		bb_err("program '%s': usdt needs the map __bpf_usdt_specs of struct __bpf_usdt_spec "
		       "(%zu bytes; include <bpf/usdt.bpf.h>)", prog->name, sizeof(struct usdt_spec));
		return -EINVAL;
	}
	if (!(u = calloc(1, sizeof(*u))))
		return -ENOMEM;
	err = attach_sites(prog, prog_fd, pid, env, path, provider, name, u);
	if (err)
		usdt_link_destroy(u);
	else
		link->usdt = u;
	return err;
}

static void site_view(const struct bb_usdt_note *n, struct bb_usdt_site *s)
{
	struct usdt_spec spec;

	memset(s, 0, sizeof(*s));
	s->addr = n->addr;
	s->offset = n->offset;
	s->sema = n->sema;
	s->sema_offset = n->sema_offset;
	s->spec = n->args;
	if (bb_usdt_parse_args(n->args, s->args, &s->nr_args, &s->why))
		s->nr_args = 0;
	else
		usdt_make_spec(s->args, s->nr_args, &spec, &s->why);
}

static int each_site(const char *path, const char *provider, const char *name,
		     bb_usdt_site_fn fn, void *ctx)
{
	struct bb_usdt_notes notes;
	struct bb_usdt_site site;
	int err = bb_usdt_read_notes(path, &notes), nr = 0;

	for (size_t i = 0; !err && i < notes.nr; i++) {
		const struct bb_usdt_note *n = &notes.notes[i];

		if (strcmp(n->provider, provider) || strcmp(n->name, name))
			continue;
		nr++;
		site_view(n, &site);
		if (fn && (err = fn(ctx, &site)) > 0)
			err = 0;
	}
	bb_usdt_free_notes(&notes);
	return err ? err : nr;
}

int bb_object_usdt_sites(const struct bb_object *obj, size_t i, char *path, size_t size,
			 bb_usdt_site_fn fn, void *ctx)
{
	const struct bb_prog *p = i < obj->nr_progs ? &obj->progs[i] : NULL;
	char lib[PATH_MAX], file[PATH_MAX], provider[128], name[128];
	int err;

	if (size)
		path[0] = '\0';
	if (!p)
		return -ENOENT;
	if (!p->sec || p->sec->attach != BB_ATTACH_USDT) {
		bb_err("program '%s': section '%s' is no usdt section", p->name,
		       bb_printable(p->section));
		return -EINVAL;
	}
	err = target_file(p, 0, lib, file, sizeof(file), provider, name);
	snprintf(path, size, "%s", err ? lib : file);	/* the library not found, or the file */
	return err ? err : each_site(file, provider, name, fn, ctx);
}
