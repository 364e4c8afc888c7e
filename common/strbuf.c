#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static int reserve(struct bb_strbuf *sb, size_t n)
{
	size_t cap = sb->cap ? sb->cap : 64;
	char *s;

	if (n >= (size_t)-1 / 2 - sb->len)
		return -ENOMEM;
	if (sb->len + n < sb->cap)
		return 0;
	while (cap <= sb->len + n)
		cap *= 2;
	s = realloc(sb->s, cap);
	if (!s)
		return -ENOMEM;
	sb->s = s;
	sb->cap = cap;
	return 0;
}

int bb_strbuf_append(struct bb_strbuf *sb, const char *s, size_t n)
{
	int err = reserve(sb, n);

	if (err)
		return err;
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
	return 0;
}

int bb_strbuf_puts(struct bb_strbuf *sb, const char *s)
{
	return bb_strbuf_append(sb, s, strlen(s));
}

int bb_strbuf_putc(struct bb_strbuf *sb, char c)
{
	return bb_strbuf_append(sb, &c, 1);
}

int bb_strbuf_printf(struct bb_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	err = reserve(sb, (size_t)n);
	if (err)
		return err;
	va_start(ap, fmt);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

const char *bb_strbuf_str(const struct bb_strbuf *sb)
{
	return sb->s ? sb->s : "";
}

void bb_strbuf_truncate(struct bb_strbuf *sb, size_t len)
{
	if (sb->s && len < sb->len) {
		sb->len = len;
		sb->s[len] = '\0';
	}
}

void bb_strbuf_free(struct bb_strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}
