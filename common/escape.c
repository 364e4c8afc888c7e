#include <stdio.h>

#include "barebpf.h"

struct out {
	char *buf;
	size_t size, len;
	int full;	/* a spelling did not fit: nothing more is written */
};

/* A spelling goes in whole or not at all, so a cut never splits an escape. */
static void put(struct out *o, const char *s, size_t n)
{
	if (!o->full && o->len + n < o->size) {
		for (size_t i = 0; i < n; i++)
			o->buf[o->len + i] = s[i];
		o->buf[o->len + n] = '\0';
	} else {
		o->full = 1;
	}
	o->len += n;
}

size_t bb_escape(char *buf, size_t size, const char *s, unsigned int flags)
{
	struct out o = { buf, size, 0, 0 };
	int json = flags & BB_ESC_JSON;
	char tmp[8];

	if (size)
		buf[0] = '\0';
	if (json)
		put(&o, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (json && (c == '"' || c == '\\'))
			put(&o, tmp, (size_t)snprintf(tmp, sizeof(tmp), "\\%c", c));
		else if (c < ' ' || c >= 0x7f)
			put(&o, tmp, (size_t)snprintf(tmp, sizeof(tmp), json ? "\\u%04x" : "\\x%02x", c));
		else
			put(&o, (const char *)&c, 1);
	}
	if (json)
		put(&o, "\"", 1);
	return o.len;
}
