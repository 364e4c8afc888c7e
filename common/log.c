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

/* Numbers the kernel uses inside and sometimes lets out (include/linux/errno.h):
 * libc has no words for them, so "Unknown error 524" would be all one saw. */
static const struct { int no; const char *name, *meaning; } kernel_errnos[] = {
	{ 512, "ERESTARTSYS", "interrupted system call, to be restarted" },
	{ 513, "ERESTARTNOINTR", "system call to be restarted" },
	{ 514, "ERESTARTNOHAND", "restart if no handler" },
	{ 515, "ENOIOCTLCMD", "no such ioctl command" },
	{ 516, "ERESTART_RESTARTBLOCK", "restart through restart_syscall" },
	{ 517, "EPROBE_DEFER", "driver probe to be retried" },
	{ 518, "EOPENSTALE", "open found a stale dentry" },
	{ 519, "ENOPARAM", "parameter not supported" },
	{ 521, "EBADHANDLE", "illegal NFS file handle" },
	{ 522, "ENOTSYNC", "update synchronization mismatch" },
	{ 523, "EBADCOOKIE", "cookie is stale" },
	{ 524, "ENOTSUPP", "operation not supported by this kernel" },
	{ 525, "ETOOSMALL", "buffer or request too small" },
	{ 526, "ESERVERFAULT", "untranslatable server error" },
	{ 527, "EBADTYPE", "type not supported" },
	{ 528, "EJUKEBOX", "request will not complete before its timeout" },
	{ 529, "EIOCBQUEUED", "iocb queued" },
	{ 530, "ERECALLCONFLICT", "conflict with recalled state" },
};

#define NR_KERNEL_ERRNOS (sizeof(kernel_errnos) / sizeof(kernel_errnos[0]))

static const char *meaning(int err)
{
	err = err < 0 ? -err : err;
	for (size_t i = 0; i < NR_KERNEL_ERRNOS; i++)
		if (kernel_errnos[i].no == err)
			return kernel_errnos[i].meaning;
	return strerror(err);
}

const char *bb_strerror(int err)
{
	static _Thread_local char buf[4][128];
	static _Thread_local int next;
	char *out = buf[next++ % 4];

	if (strcmp(bb_errname(err), "E?"))
		snprintf(out, sizeof(buf[0]), "%s (%s)", bb_errname(err), meaning(err));
	else
		snprintf(out, sizeof(buf[0]), "%s", meaning(err));
	return out;
}

static _Thread_local const char *pending_why;

void bb_why(const char *why)
{
	pending_why = why;
}

long bb_narrate(long ret, const char *why, const char *fmt, ...)
{
	char call[2048];
	va_list ap;

	if (pending_why)
		why = pending_why;
	pending_why = NULL;
	if (!bb_log_enabled(BB_LOG_DEBUG))
		return ret;
	va_start(ap, fmt);
	vsnprintf(call, sizeof(call), fmt, ap);
	va_end(ap);
	if (ret >= 0)
		bb_log(BB_LOG_DEBUG, "%s = %ld", call, ret);
	else
		bb_log(BB_LOG_DEBUG, "%s = -1 %s (%s)", call, bb_errname((int)ret),
		       meaning((int)ret));
	if (why)
		bb_log(BB_LOG_EXPLAIN, "^ %s", why);
	return ret;
}

const char *bb_errname(int err)
{
	static const struct { int no; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EINTR, "EINTR" },
		{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" },
		{ EBADF, "EBADF" }, { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
		{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
		{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" }, { EFBIG, "EFBIG" },
		{ ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" }, { EROFS, "EROFS" }, { EPIPE, "EPIPE" },
		{ ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" }, { ENODATA, "ENODATA" },
		{ EOVERFLOW, "EOVERFLOW" }, { EBADMSG, "EBADMSG" }, { ENOTSOCK, "ENOTSOCK" },
		{ EMSGSIZE, "EMSGSIZE" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ EADDRINUSE, "EADDRINUSE" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ ENETDOWN, "ENETDOWN" }, { ENOBUFS, "ENOBUFS" }, { ENOTCONN, "ENOTCONN" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ EALREADY, "EALREADY" }, { EINPROGRESS, "EINPROGRESS" }, { ESTALE, "ESTALE" },
	};

	if (err < 0)
		err = -err;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].no == err)
			return names[i].name;
	for (size_t i = 0; i < NR_KERNEL_ERRNOS; i++)
		if (kernel_errnos[i].no == err)
			return kernel_errnos[i].name;
	return "E?";
}

const char *bb_printable(const char *s)
{
	static _Thread_local char buf[4][512];
	static _Thread_local int next;
	char *out = buf[next++ % 4];

	bb_escape(out, sizeof(buf[0]), s, 0);
	return out;
}
