/* The library's one log sink (levels, a callback and its context) and the
 * helpers every layer uses to word its messages. Never prints by itself. */
#ifndef BAREBPF_LOG_H
#define BAREBPF_LOG_H

#include <stdarg.h>

#include "barebpf.h"

int bb_log_enabled(enum bb_log_level level);
void bb_log(enum bb_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bb_vlog(enum bb_log_level level, const char *fmt, va_list ap);

/* The reason the next narrated call gives at -vv, when the call site knows
 * better than the wrapper why it is made. */
void bb_why(const char *why);

#define bb_err(...) bb_log(BB_LOG_ERROR, __VA_ARGS__)
#define bb_warn(...) bb_log(BB_LOG_WARN, __VA_ARGS__)
#define bb_info(...) bb_log(BB_LOG_INFO, __VA_ARGS__)
#define bb_debug(...) bb_log(BB_LOG_DEBUG, __VA_ARGS__)

/* s with control characters and non-ASCII bytes shown as \xNN (bb_escape),
 * for names read from an object. Four results stay valid at a time; longer
 * names are cut at about 500 bytes. */
const char *bb_printable(const char *s);

#endif
