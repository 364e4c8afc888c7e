/* A growable NUL-terminated string for building output text. */
#ifndef BAREBPF_STRBUF_H
#define BAREBPF_STRBUF_H

#include <stddef.h>

/* Zero-initialise (struct bb_strbuf sb = { 0 }); s stays NULL until the first
 * append, and is NUL-terminated after every successful one. */
struct bb_strbuf {
	char *s;
	size_t len, cap;
};

/* Each returns 0 or -ENOMEM; on failure the text already held is unchanged. */
int bb_strbuf_append(struct bb_strbuf *sb, const char *s, size_t n);
int bb_strbuf_puts(struct bb_strbuf *sb, const char *s);
int bb_strbuf_putc(struct bb_strbuf *sb, char c);
int bb_strbuf_printf(struct bb_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The text, "" before anything was appended. */
const char *bb_strbuf_str(const struct bb_strbuf *sb);
/* Cuts the text back to len bytes (len <= sb->len), keeping the memory. */
void bb_strbuf_truncate(struct bb_strbuf *sb, size_t len);
void bb_strbuf_free(struct bb_strbuf *sb);

#endif
