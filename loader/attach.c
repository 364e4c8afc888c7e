#include <errno.h>
#include <unistd.h>

#include "attach.h"
#include "bpf.h"
#include "log.h"
#include "perf.h"
#include "tracefs.h"

static int attach_tracepoint(const struct bb_prog *prog, int prog_fd, struct bb_link *link)
{
	__u64 id;
	int err, fd;

	err = tracefs_event_id(prog->target, &id);
	if (err == -EINVAL) {
		bb_err("program '%s': '%s' is not a tracepoint name (expected CATEGORY/NAME of "
		       "letters, digits and '_')", prog->name, prog->target);
		return err;
	}
	if (err) {
		bb_err("program '%s': tracepoint '%s': %s%s", prog->name, prog->target,
		       bb_strerror(err), err == -ENOENT ? " (no such event in tracefs)" : "");
		return err;
	}
	fd = perf_tracepoint_open(id, -1, 0);
	if (fd < 0) {
		bb_err("program '%s': tracepoint '%s': perf_event_open failed: %s", prog->name,
		       prog->target, bb_strerror(fd));
		return fd;
	}
	err = perf_set_bpf(fd, prog_fd);
	if (!err)
		err = perf_enable(fd);
	if (err) {
		bb_err("program '%s': tracepoint '%s': attach failed: %s", prog->name,
		       prog->target, bb_strerror(err));
		close(fd);
		return err;
	}
	link->fd = fd;
	return 0;
}

static int attach_raw_tracepoint(const struct bb_prog *prog, int prog_fd, struct bb_link *link)
{
	int fd;

	if (tracefs_check_name(prog->target)) {
		bb_err("program '%s': '%s' is not a raw tracepoint name", prog->name, prog->target);
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

int bb_attach(const struct bb_prog *prog, int prog_fd, struct bb_link *link)
{
	link->prog = prog->name;
	link->kind = prog->attach;
	link->fd = -1;
	switch (prog->attach) {
	case BB_ATTACH_TRACEPOINT:
		return attach_tracepoint(prog, prog_fd, link);
	case BB_ATTACH_RAW_TRACEPOINT:
		return attach_raw_tracepoint(prog, prog_fd, link);
	case BB_ATTACH_NONE:
		bb_err("program '%s': section '%s' names no event to attach to", prog->name,
		       prog->section);
		return -EOPNOTSUPP;
	default:
		bb_err("program '%s': attaching section '%s' is not supported yet", prog->name,
		       prog->section);
		return -EOPNOTSUPP;
	}
}

void bb_link_destroy(struct bb_link *link)
{
	if (link->fd < 0)
		return;
	if (link->kind == BB_ATTACH_TRACEPOINT)
		perf_disable(link->fd);
	close(link->fd);
	bb_debug("close(%d) = 0", link->fd);
	link->fd = -1;
}
