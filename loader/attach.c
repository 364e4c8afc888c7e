#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch.h"
#include "attach.h"
#include "bpf.h"
#include "btf_target.h"
#include "ksym.h"
#include "libpath.h"
#include "log.h"
#include "perf.h"
#include "symbol.h"
#include "sys.h"
#include "tracefs.h"
#include "usdt_attach.h"

/* perf_event_open on an event id, then SET_BPF and ENABLE: what strace shows. */
static int perf_attach(const struct bb_prog *prog, const char *what, __u64 id, pid_t pid,
		       int prog_fd, struct bb_link *link)
{
	int err, fd = perf_tracepoint_open(id, pid ? pid : -1, pid ? -1 : 0);

	if (fd < 0) {
		bb_err("program '%s': %s: perf_event_open failed: %s%s", prog->name, what,
		       bb_strerror(fd), fd == -ESRCH ? " (is --pid a running process?)" : "");
		return fd;
	}
	err = perf_set_bpf(fd, prog_fd);
	if (!err)
		err = perf_enable(fd);
	if (err) {
		bb_err("program '%s': %s: attach failed: %s", prog->name, what, bb_strerror(err));
		bb_sys_close(fd, NULL);
		return err;
	}
	link->fd = fd;
	return 0;
}

static int attach_tracepoint(const struct bb_prog *prog, int prog_fd, struct bb_link *link)
{
	char what[300];
	__u64 id;
	int err;

	err = tracefs_event_id(prog->target, &id);
	if (err == -EINVAL) {
		bb_err("program '%s': '%s' is not a tracepoint name (expected CATEGORY/NAME of "
		       "letters, digits and '_')", prog->name, bb_printable(prog->target));
		return err;
	}
	if (err) {
		bb_err("program '%s': tracepoint '%s': %s%s", prog->name, prog->target,
		       bb_strerror(err), err == -ENOENT ? " (no such event in tracefs)" : "");
		return err;
	}
	snprintf(what, sizeof(what), "tracepoint '%s'", prog->target);
	return perf_attach(prog, what, id, 0, prog_fd, link);
}

static int no_probe_events(const struct bb_prog *prog, int kprobe)
{
	if (kprobe)
		bb_err("program '%s': this kernel has no kprobe_events in debugfs or tracefs; it "
		       "was built without CONFIG_KPROBES / CONFIG_KPROBE_EVENTS", prog->name);
	else
		bb_err("program '%s': this kernel has no uprobe_events in debugfs or tracefs; it "
		       "was built without CONFIG_UPROBES / CONFIG_UPROBE_EVENTS", prog->name);
	return -EOPNOTSUPP;
}

/* The syntax comes from the section table, so the message matches the help. */
static int bad_target(const struct bb_prog *prog)
{
	const char *pfx = prog->sec->def.prefix;
	int uprobe = prog->sec->attach == BB_ATTACH_UPROBE;

	bb_err("program '%s': section '%s': expected %s/%s%s%s%s", prog->name,
	       bb_printable(prog->section), pfx, prog->sec->def.target,
	       uprobe ? " or " : "", uprobe ? pfx : "", uprobe ? "/PATH:OFFSET" :
	       prog->sec->flags & BB_SEC_SYSCALL ? "" :
	       ", the symbol of letters, digits, '_' and '.'");
	return -EINVAL;
}

/* An offset of the section: digits only (strtoul would take "-1" and wrap it),
 * and no more than an unsigned long holds. */
static int parse_offset(const char *s, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoul(s, &end, 0);
	if (*end)
		return -EINVAL;
	return errno == ERANGE ? -ERANGE : 0;
}

static int out_of_range(const struct bb_prog *prog, const char *what)
{
	bb_err("program '%s': section '%s': %s does not fit in 64 bits: %s (ERANGE)", prog->name,
	       bb_printable(prog->section), what, bb_strerror(-ERANGE));
	return -ERANGE;
}

/* SYM or SYM+OFF, checked so that it cannot change the meaning of the line. */
static int kprobe_target(const struct bb_prog *prog, char *out, size_t size)
{
	const char *plus = strchr(prog->target, '+');
	size_t n = plus ? (size_t)(plus - prog->target) : strlen(prog->target);
	char sym[256];
	unsigned long off;
	int err;

	if (n == 0 || n >= sizeof(sym))
		goto bad;
	memcpy(sym, prog->target, n);
	sym[n] = '\0';
	if (prog->sec->flags & BB_SEC_SYSCALL) {
		if (plus)
			goto bad;
		err = bb_syscall_function(sym, out, size);
		if (err == -EINVAL)
			goto bad;
		if (err == -ENOENT)
			bb_err("program '%s': syscall '%s': no kernel function %s%s or sys_%s",
			       prog->name, sym, ARCH_SYSCALL_PREFIX, sym, sym);
		else if (err)
			bb_err("program '%s': syscall '%s': cannot read the kernel's functions: %s",
			       prog->name, sym, bb_strerror(err));
		return err;
	}
	if (probe_check_symbol(sym))
		goto bad;
	if (plus) {
		if (prog->sec->flags & BB_SEC_RET)
			goto bad;
		err = parse_offset(plus + 1, &off);
		if (err == -ERANGE)
			return out_of_range(prog, "the offset");
		if (err)
			goto bad;
		snprintf(out, size, "%s+%lu", sym, off);
	} else {
		snprintf(out, size, "%s", sym);
	}
	return 0;
bad:
	return bad_target(prog);
}

/* The kernel probes only regular files; a FIFO or a device would also block
 * or misbehave when read for its symbols. stat() opens nothing. */
static int regular_file(const struct bb_prog *prog, const char *path)
{
	struct stat st;
	int err;

	if (stat(path, &st)) {
		err = -errno;
		bb_err("program '%s': uprobe path '%s': %s (%s)", prog->name, bb_printable(path),
		       bb_strerror(err), bb_errname(err));
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		bb_err("program '%s': uprobe path '%s' is not a regular file (EINVAL)", prog->name,
		       bb_printable(path));
		return -EINVAL;
	}
	return 0;
}

/* PATH:SYMBOL[+OFF] or PATH:OFFSET, as a "PATH:0xOFFSET" probe target. */
static int uprobe_target(const struct bb_prog *prog, pid_t pid, char *out, size_t size)
{
	const char *colon = strchr(prog->target, ':');
	char path[256], lib[256], sym[256], *plus;
	unsigned long off = 0, extra = 0;
	size_t n = colon ? (size_t)(colon - prog->target) : 0;
	int err;

	if (!colon || n >= sizeof(path) || strlen(colon + 1) >= sizeof(sym) || !colon[1])
		goto bad;
	memcpy(lib, prog->target, n);
	lib[n] = '\0';
	strcpy(sym, colon + 1);
	if (libpath_resolve(lib, pid, path, sizeof(path))) /* libc.so.6: as ld.so finds it */
		return -ENOENT;
	if (probe_check_path(path)) {
		bb_err("program '%s': uprobe path '%s' must be absolute and free of spaces, "
		       "control characters and ':'", prog->name, bb_printable(path));
		return -EINVAL;
	}
	if ((plus = strchr(sym, '+'))) {
		*plus = '\0';
		if ((err = parse_offset(plus + 1, &extra)) == -ERANGE)
			return out_of_range(prog, "the offset after '+'");
		if (err)
			goto bad;
	}
	if (sym[0] >= '0' && sym[0] <= '9') {
		if ((err = parse_offset(sym, &off)) == -ERANGE)
			return out_of_range(prog, "the file offset");
		if (err)
			goto bad;
	} else if (probe_check_symbol(sym)) {
		goto bad;
	}
	if ((err = regular_file(prog, path)))
		return err;
	if (!(sym[0] >= '0' && sym[0] <= '9') && (err = bb_elf_func_offset(path, sym, &off)))
		return -ENOENT;
	if (extra > ULONG_MAX - off)
		return out_of_range(prog, "the symbol's offset plus the offset after '+'");
	snprintf(out, size, "%s:%#lx", path, off + extra);
	return 0;
bad:
	return bad_target(prog);
}

static int attach_probe(const struct bb_prog *prog, int prog_fd, pid_t pid,
			struct bb_link *link)
{
	int kprobe = prog->sec->attach == BB_ATTACH_KPROBE;
	int ret = !!(prog->sec->flags & BB_SEC_RET);
	enum probe_kind kind = kprobe ? PROBE_KPROBE : PROBE_UPROBE;
	char target[512], what[700];
	const char *dir;
	__u64 id;
	int err;

	err = kprobe ? kprobe_target(prog, target, sizeof(target))
		     : uprobe_target(prog, pid, target, sizeof(target));
	if (err)
		return err;
	if (probe_dir(kind, &dir))
		return no_probe_events(prog, kprobe);
	err = probe_add(kind, ret, kprobe ? target : strrchr(prog->target, ':') + 1, target,
			&link->probe, &id);
	if (err)
		return err;
	link->has_probe = 1;
	snprintf(what, sizeof(what), "%s '%s' (event %s/%s)", kprobe ? "kprobe" : "uprobe",
		 target, PROBE_GROUP, link->probe.event);
	err = perf_attach(prog, what, id, kprobe ? 0 : pid, prog_fd, link);
	if (err) {
		probe_remove(&link->probe);
		link->has_probe = 0;
	}
	return err;
}

static int attach_raw_tracepoint(const struct bb_prog *prog, int prog_fd, struct bb_link *link)
{
	int fd;

	if (tracefs_check_name(prog->target)) {
		bb_err("program '%s': '%s' is not a raw tracepoint name", prog->name,
		       bb_printable(prog->target));
		return -EINVAL;
	}
	fd = sys_bpf_raw_tracepoint_open(prog->target, prog_fd);
	if (fd < 0) {
		bb_err("program '%s': raw tracepoint '%s': %s%s", prog->name, prog->target,
		       bb_strerror(fd), fd == -ENOENT ? " (no such tracepoint)" : "");
		return fd;
	}
	link->fd = fd;
	return 0;
}

static int attach_kprobe(const struct bb_prog *prog, int prog_fd, pid_t pid,
			 struct bb_link *link)
{
	(void)pid;
	return attach_probe(prog, prog_fd, 0, link);
}

static int attach_tp(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	(void)pid;
	return attach_tracepoint(prog, prog_fd, link);
}

static int attach_raw_tp(const struct bb_prog *prog, int prog_fd, pid_t pid,
			 struct bb_link *link)
{
	(void)pid;
	return attach_raw_tracepoint(prog, prog_fd, link);
}

/* BPF_LINK_CREATE; a kernel without links for tracing programs (before 5.7)
 * answers EINVAL, and then BPF_RAW_TRACEPOINT_OPEN with no name attaches. */
static int attach_btf(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	__u32 eat = prog->sec->def.expected_attach_type;
	int fd;

	(void)pid;
	fd = sys_bpf_link_create(prog_fd, 0, eat, NULL, 0);
	if (fd == -EINVAL) {
		bb_debug("program '%s': BPF_LINK_CREATE refused (EINVAL); trying "
			 "BPF_RAW_TRACEPOINT_OPEN", prog->name);
		fd = sys_bpf_raw_tracepoint_open(NULL, prog_fd);
	}
	if (fd < 0) {
		bb_err("program '%s': %s '%s': attach failed: %s%s", prog->name,
		       prog->sec->def.kind, bb_printable(prog->target), bb_strerror(fd), btf_target_hint(prog, fd, 0));
		return fd;
	}
	link->fd = fd;
	return 0;
}

/* The link of an iterator; BPF_ITER_CREATE on it gives what to read. */
static int attach_iter(const struct bb_prog *prog, int prog_fd, pid_t pid, struct bb_link *link)
{
	int fd;

	(void)pid;
	fd = sys_bpf_link_create(prog_fd, 0, BPF_TRACE_ITER, NULL, 0);
	if (fd < 0) {
		bb_err("program '%s': iter '%s': attach failed: %s%s", prog->name,
		       bb_printable(prog->target), bb_strerror(fd),
		       fd == -EINVAL ? " (a kernel before 5.8 has no BPF iterators)" : "");
		return fd;
	}
	link->fd = fd;
	return 0;
}

typedef int (*attach_fn)(const struct bb_prog *prog, int prog_fd, pid_t pid,
			 struct bb_link *link);

/* One function per attach method of the section table. */
static const attach_fn attachers[BB_ATTACH_METHODS] = {
	[BB_ATTACH_TRACEPOINT] = attach_tp,
	[BB_ATTACH_RAW_TRACEPOINT] = attach_raw_tp,
	[BB_ATTACH_KPROBE] = attach_kprobe,
	[BB_ATTACH_UPROBE] = attach_probe,
	[BB_ATTACH_BTF] = attach_btf,
	[BB_ATTACH_ITER] = attach_iter,
	[BB_ATTACH_TC] = net_attach_tc,
	[BB_ATTACH_XDP] = net_attach_xdp,
	[BB_ATTACH_SOCKET] = net_attach_socket,
	[BB_ATTACH_CGROUP] = net_attach_cgroup,
	[BB_ATTACH_SOCKMAP] = net_attach_sockmap,
	[BB_ATTACH_NETNS] = net_attach_netns,
};

int bb_attach(const struct bb_prog *prog, int prog_fd, const struct bb_attach_opts *opts,
	      const struct bb_attach_maps *maps, struct bb_link *link)
{
	int err;

	pid_t pid = opts && opts->sz >= offsetof(struct bb_attach_opts, pid) + sizeof(pid_t)
			    ? opts->pid : 0;

	memset(link, 0, sizeof(*link));
	link->prog = prog->name;
	link->fd = -1;
	if (!prog->sec || !attachers[prog->sec->attach]) {
		bb_err("program '%s': section '%s' names no event to attach to", prog->name,
		       bb_printable(prog->section));
		return -ENOTSUP;
	}
	if (!prog->target && !(prog->sec->flags & BB_SEC_WHOLE)) {
		bb_err("program '%s': loaded, not attached: section '%s' names no target "
		       "(expected %s/%s)", prog->name, bb_printable(prog->section),
		       prog->sec->def.prefix, prog->sec->def.target);
		return -ENOTSUP;
	}
	link->method = prog->sec->attach;
	link->opts = opts;
	link->maps = maps;
	err = attachers[prog->sec->attach](prog, prog_fd, pid, link);
	link->opts = NULL;
	link->maps = NULL;
	return err;
}

void bb_link_destroy(struct bb_link *link)
{
	net_detach(link);	/* filters, qdiscs, XDP and BPF_PROG_ATTACH attachments */
	usdt_link_destroy(link->usdt);
	link->usdt = NULL;
	if (link->fd >= 0) {
		if (link->method == BB_ATTACH_TRACEPOINT || link->method == BB_ATTACH_KPROBE ||
		    link->method == BB_ATTACH_UPROBE)
			perf_disable(link->fd);
		bb_sys_close(link->fd, link->method == BB_ATTACH_RAW_TRACEPOINT ?
			     "closing the link's fd detaches the program" :
			     "close the perf event; the program is detached with it");
		link->fd = -1;
	}
	/* Only after the perf event is closed: a probe in use cannot be removed. */
	if (link->has_probe) {
		probe_remove(&link->probe);
		link->has_probe = 0;
	}
}
