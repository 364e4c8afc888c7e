/* One log sink for the library: levels and a callback; the library never prints itself. */
#ifndef BAREBPF_LOG_H
#define BAREBPF_LOG_H

#include <stdarg.h>

enum bb_log_level {
	BB_LOG_ERROR,
	BB_LOG_WARN,
	BB_LOG_INFO,
	BB_LOG_DEBUG, /* every system call, decoded */
};

typedef void (*bb_log_fn)(enum bb_log_level level, const char *msg);

void bb_set_log(bb_log_fn fn);
int bb_log_enabled(enum bb_log_level level);
void bb_set_log_level(enum bb_log_level max);
void bb_log(enum bb_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void bb_vlog(enum bb_log_level level, const char *fmt, va_list ap);

#define bb_err(...) bb_log(BB_LOG_ERROR, __VA_ARGS__)
#define bb_warn(...) bb_log(BB_LOG_WARN, __VA_ARGS__)
#define bb_info(...) bb_log(BB_LOG_INFO, __VA_ARGS__)
#define bb_debug(...) bb_log(BB_LOG_DEBUG, __VA_ARGS__)

/* "Operation not permitted" for -EPERM or EPERM. */
const char *bb_strerror(int err);

/* s with control characters and non-ASCII bytes shown as \xNN, for names
 * read from an object (section names may hold anything). Four results stay
 * valid at a time; longer names are cut at about 500 bytes. */
const char *bb_printable(const char *s);

#endif

/* "EPERM" for -EPERM, for strace-like narration. */
const char *bb_errname(int err);
