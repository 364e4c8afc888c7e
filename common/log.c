#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static bb_log_fn sink;
static void *sink_ctx;
static enum bb_log_level max_level = BB_LOG_INFO;

void bb_set_log(bb_log_fn fn, void *ctx)
{
	sink = fn;
	sink_ctx = ctx;
}

void bb_set_log_level(enum bb_log_level max)
{
	max_level = max;
}

int bb_log_enabled(enum bb_log_level level)
{
	return sink && level <= max_level;
}

void bb_vlog(enum bb_log_level level, const char *fmt, va_list ap)
{
	char small[512], *buf = small;
	va_list copy;
	int n;

	if (!bb_log_enabled(level))
		return;
	va_copy(copy, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small) && (buf = malloc((size_t)n + 1)))
		vsnprintf(buf, (size_t)n + 1, fmt, copy);
	va_end(copy);
	sink(sink_ctx, level, buf ? buf : small);
	if (buf != small)
		free(buf);
}

void bb_log(enum bb_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bb_vlog(level, fmt, ap);
	va_end(ap);
}

const char *bb_strerror(int err)
{
	if (err == 524 || err == -524)	/* the kernel's own ENOTSUPP leaks to user space */
		return "Operation not supported (kernel ENOTSUPP)";
	return strerror(err < 0 ? -err : err);
}

const char *bb_errname(int err)
{
	static const struct { int no; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EINTR, "EINTR" }, { EIO, "EIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
		{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ENOTSUP, "ENOTSUP" }, { 524, "ENOTSUPP" }, { ELOOP, "ELOOP" },
	};

	if (err < 0)
		err = -err;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].no == err)
			return names[i].name;
	return "E?";
}

const char *bb_printable(const char *s)
{
	static char buf[4][512];
	static int next;
	char *out = buf[next++ % 4];

	bb_escape(out, sizeof(buf[0]), s, 0);
	return out;
}
