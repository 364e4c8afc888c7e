/* trace_pipe lines: "  comm-pid  [cpu] flags  ts: event: msg", parsed. */
#ifndef BAREBPF_CLI_TRACE_H
#define BAREBPF_CLI_TRACE_H

#include <stddef.h>

struct trace_line {
	const char *task;	/* not NUL-terminated: task_len bytes */
	size_t task_len;
	long pid;
	int cpu;
	const char *ts;		/* "571.024351", ts_len bytes */
	size_t ts_len;
	const char *msg;	/* to the end of the line, after "bpf_trace_printk: " */
};

/* 0 and *out pointing into line, or -1 when the line is not of that form. */
int trace_parse(const char *line, struct trace_line *out);

/* Bytes read in pieces, handed on a whole line at a time (without '\n'). */
struct line_buf {
	char buf[8192];
	size_t len;
};
typedef void (*line_fn)(void *ctx, const char *line);
void line_feed(struct line_buf *b, const char *data, size_t n, line_fn fn, void *ctx);
/* What is left without a newline, as a last line. */
void line_flush(struct line_buf *b, line_fn fn, void *ctx);

/* Orders n keys of key_size bytes each by their bytes (memcmp): order[] gets
 * the indexes of keys, the smallest first. */
void sort_keys(const unsigned char *keys, size_t n, size_t key_size, size_t *order);

#endif
