/* Pure text work for `run`: trace_pipe lines parsed and split, keys sorted. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* The " [NNN] " cpu column: the first " [" followed by digits and "]". */
static const char *find_cpu(const char *line, int *cpu)
{
	for (const char *p = strstr(line, " ["); p; p = strstr(p + 1, " [")) {
		const char *d = p + 2;

		while (isdigit((unsigned char)*d))
			d++;
		if (d > p + 2 && *d == ']') {
			*cpu = atoi(p + 2);
			return p;
		}
	}
	return NULL;
}

/* "comm-pid" before the cpu column: the pid follows the last '-'. */
static int task_pid(const char *line, const char *end, struct trace_line *out)
{
	const char *start = line, *dash;
	char *stop;

	while (start < end && *start == ' ')
		start++;
	while (end > start && end[-1] == ' ')
		end--;
	for (dash = end; dash > start && dash[-1] != '-';)
		dash--;
	if (dash <= start + 1 || dash == end || !isdigit((unsigned char)*dash))
		return -1;
	out->pid = strtol(dash, &stop, 10);
	if (stop != end)
		return -1;
	out->task = start;
	out->task_len = (size_t)(dash - 1 - start);
	return 0;
}

int trace_parse(const char *line, struct trace_line *out)
{
	const char *cpu = find_cpu(line, &out->cpu), *p, *ev;

	if (!cpu || task_pid(line, cpu, out))
		return -1;
	p = strchr(cpu, ']') + 1;
	while (*p == ' ')
		p++;
	while (*p && *p != ' ')	/* the flags: irqs-off, need-resched, ... */
		p++;
	while (*p == ' ')
		p++;
	out->ts = p;
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	out->ts_len = (size_t)(p - out->ts);
	if (!out->ts_len || p[0] != ':' || p[1] != ' ')
		return -1;
	p += 2;
	/* "bpf_trace_printk: msg": the event's name is one word before ": ". */
	ev = p + strcspn(p, " :");
	out->msg = ev[0] == ':' && ev[1] == ' ' ? ev + 2 : p;
	return 0;
}

void line_feed(struct line_buf *b, const char *data, size_t n, line_fn fn, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		if (data[i] == '\n' || b->len == sizeof(b->buf) - 1) {
			b->buf[b->len] = '\0';
			fn(ctx, b->buf);
			b->len = 0;
			if (data[i] == '\n')
				continue;
		}
		b->buf[b->len++] = data[i];
	}
}

void line_flush(struct line_buf *b, line_fn fn, void *ctx)
{
	if (!b->len)
		return;
	b->buf[b->len] = '\0';
	fn(ctx, b->buf);
	b->len = 0;
}

static const unsigned char *sort_base;
static size_t sort_size;

static int cmp_keys(const void *a, const void *b)
{
	int c = memcmp(sort_base + *(const size_t *)a * sort_size,
		       sort_base + *(const size_t *)b * sort_size, sort_size);

	if (c)
		return c;
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

void sort_keys(const unsigned char *keys, size_t n, size_t key_size, size_t *order)
{
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_base = keys;
	sort_size = key_size;
	if (n > 1)
		qsort(order, n, sizeof(*order), cmp_keys);
}
