#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf.h"
#include "btf_target.h"
#include "file.h"
#include "kmod_btf.h"
#include "log.h"
#include "sys.h"

static const char *kind_name(int kind)
{
	return kind == BTF_KIND_TYPEDEF ? "TYPEDEF" : "FUNC";
}

static int not_found(const struct bb_prog *prog, const char *type, const char *where)
{
	const char *t = bb_printable(prog->target);

	switch (prog->sec->def.expected_attach_type) {
	case BPF_TRACE_RAW_TP:
		bb_err("program '%s': tp_btf target '%s' is not a tracepoint of this kernel (no "
		       "TYPEDEF %s in %s)", prog->name, t, type, where);
		break;
	case BPF_LSM_MAC:
		bb_err("program '%s': lsm target '%s' is not an LSM hook of this kernel (no FUNC "
		       "%s in %s)", prog->name, t, type, where);
		break;
	case BPF_TRACE_ITER:
		bb_err("program '%s': iter target '%s' is not an iterator of this kernel (no FUNC "
		       "%s in %s)", prog->name, t, type, where);
		break;
	default:
		bb_err("program '%s': %s target '%s' is not traceable (missing from BTF, inlined, "
		       "or notrace): no FUNC %s in %s", prog->name, prog->sec->def.kind, t, type,
		       where);
	}
	return -ENOENT;
}

/* FUNC in /sys/kernel/btf/MODULE, split on top of vmlinux. */
static int find_in_module(const struct bb_prog *prog, const struct bb_btf *vmlinux,
			  const char *module, const char *func, __u32 *id, int *obj_fd)
{
	struct bb_btf *btf;
	char where[300];
	int err;

	if ((err = kmod_btf_read(module, vmlinux, &btf))) {
		bb_err("program '%s': its target is in module '%s', whose BTF it needs", prog->name, module);
		return err;
	}
	err = bb_btf_find_own(btf, func, BTF_KIND_FUNC);	/* the module's, not vmlinux's */
	bb_btf_free(btf);
	snprintf(where, sizeof(where), "/sys/kernel/btf/%s", module);
	if (err < 0)
		return not_found(prog, func, where);
	*id = (__u32)err;
	if ((*obj_fd = kmod_btf_fd(module)) < 0)
		return *obj_fd;
	bb_debug("BTF: %s target %s is FUNC [%u] in module %s (BTF fd %d)", prog->sec->def.kind,
		 func, *id, module, *obj_fd);
	return 0;
}

int btf_target_find(const struct bb_prog *prog, const struct bb_btf *vmlinux,
		    const char *vmlinux_path, __u32 *id, int *obj_fd)
{
	const struct bb_section *s = prog->sec;
	const char *colon = strchr(prog->target, ':');
	char name[256], module[64];
	int ret;

	*obj_fd = -1;
	if ((s->flags & BB_SEC_MODULE) && colon) {
		size_t n = (size_t)(colon - prog->target);

		if (n == 0 || n >= sizeof(module) || !colon[1] ||
		    strlen(colon + 1) >= sizeof(name))
			goto bad;
		memcpy(module, prog->target, n);
		module[n] = '\0';
		if (strchr(module, '/') || strchr(module, '.'))
			goto bad;
		return find_in_module(prog, vmlinux, module, colon + 1, id, obj_fd);
	}
	if ((size_t)snprintf(name, sizeof(name), s->btf_name, prog->target) >= sizeof(name))
		goto bad;
	ret = bb_btf_find(vmlinux, name, s->btf_kind);
	if (ret < 0)
		return not_found(prog, name, vmlinux_path);
	*id = (__u32)ret;
	bb_debug("BTF: %s target %s is %s%s%s [%u] in %s", s->def.kind, prog->target,
		 kind_name(s->btf_kind), strcmp(name, prog->target) ? " " : "",
		 strcmp(name, prog->target) ? name : "", *id, vmlinux_path);
	return 0;
bad:
	bb_err("program '%s': section '%s': expected %s/%s", prog->name,
	       bb_printable(prog->section), s->def.prefix, s->def.target);
	return -EINVAL;
}

/* The active LSMs, for a refused lsm program: "" when "bpf" is among them. */
static void lsm_hint(char *msg, size_t size)
{
	char *list = NULL;
	size_t n;

	if (bb_read_file("/sys/kernel/security/lsm", 4096, 0, &list, &n)) {
		snprintf(msg, size, "; and is 'bpf' an active LSM? /sys/kernel/security/lsm "
			 "cannot be read to tell (securityfs not mounted); the kernel must be "
			 "booted with the lsm= parameter listing bpf");
	} else if (!strstr(list, "bpf")) {
		while (n && list[n - 1] == '\n')
			list[--n] = '\0';
		snprintf(msg, size, ": the active LSMs are '%s', without 'bpf': boot with the "
			 "lsm= kernel parameter listing it, e.g. lsm=%s,bpf", list, list);
	} else {
		msg[0] = '\0';
	}
	free(list);
}

const char *btf_target_hint(const struct bb_prog *prog, int err, int have_log)
{
	static _Thread_local char msg[768];
	__u32 eat = prog->sec->def.expected_attach_type;
	int trampoline = eat == BPF_TRACE_FENTRY || eat == BPF_TRACE_FEXIT ||
			 eat == BPF_MODIFY_RETURN || eat == BPF_LSM_MAC;
	int refused = err == -524 || err == -EOPNOTSUPP || err == -ENOTSUP || err == -EPERM;

	msg[0] = '\0';
	if (eat == BPF_LSM_MAC) {
		lsm_hint(msg, sizeof(msg));
		if (msg[0] == ':')	/* bpf is not an active LSM: that is the cause */
			return msg;
	}
	if (trampoline && refused) {
		char lsm[256];

		snprintf(lsm, sizeof(lsm), "%.255s", msg);
		snprintf(msg, sizeof(msg), ": this kernel refuses BPF trampolines, which %s "
			 "programs need (an x86_64 or arm64 kernel with the BPF JIT and "
			 "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS; EPERM can also be lockdown)%s",
			 prog->sec->def.kind, lsm);
		return msg;
	}
	if (err == -EINVAL && !have_log)
		return prog->sec->def.prog_type == BPF_PROG_TYPE_LSM
			       ? ": a kernel before 5.7 has no BPF_PROG_TYPE_LSM"
			       : ": a kernel before 5.5 has no BPF_PROG_TYPE_TRACING";
	return msg;
}
