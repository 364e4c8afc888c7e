/* The command line's pure parts: trace_pipe lines, line splitting, sorting. */
#include <string.h>

#include "trace.h"
#include "unit.h"

static int field(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && !memcmp(p, want, n);
}

static int test_trace_parse(const char *dir)
{
	struct trace_line t;
	int ok = 1;

	(void)dir;
	CHECK(!trace_parse("            bash-4242    [001] d..21   571.024351: bpf_trace_printk: "
			   "hello: pid 4242", &t));
	CHECK(field(t.task, t.task_len, "bash") && t.pid == 4242 && t.cpu == 1);
	CHECK(field(t.ts, t.ts_len, "571.024351") && !strcmp(t.msg, "hello: pid 4242"));
	/* A task name with dashes and spaces: the pid follows the last '-'. */
	CHECK(!trace_parse(" kworker/u8:2-ev ent-17 [003] ..... 12.5: bpf_trace_printk: x", &t));
	CHECK(field(t.task, t.task_len, "kworker/u8:2-ev ent") && t.pid == 17 && t.cpu == 3);
	CHECK(!strcmp(t.msg, "x"));
	CHECK(!trace_parse("<...>-9 [000] .N.1 1.000: bpf_trace_printk: a [1] b: c", &t));
	CHECK(field(t.task, t.task_len, "<...>") && t.pid == 9 && !strcmp(t.msg, "a [1] b: c"));
	CHECK(trace_parse("", &t) == -1);
	CHECK(trace_parse("CPU:1 [LOST 3 EVENTS]", &t) == -1);
	CHECK(trace_parse("bash-x [001] d 1.0: m", &t) == -1);
	CHECK(trace_parse("bash-1 [001] d nots: m", &t) == -1);
	return ok;
}

struct lines {
	char got[4][64];
	int n;
};

static void keep(void *ctx, const char *line)
{
	struct lines *l = ctx;

	if (l->n < 4)
		strncpy(l->got[l->n], line, 63);
	l->n++;
}

static int test_line_feed(const char *dir)
{
	struct line_buf b = { .len = 0 };
	struct lines l = { .n = 0 };
	int ok = 1;

	(void)dir;
	line_feed(&b, "one\ntw", 6, keep, &l);
	CHECK(l.n == 1 && !strcmp(l.got[0], "one"));
	line_feed(&b, "o\n\nthr", 6, keep, &l);
	CHECK(l.n == 3 && !strcmp(l.got[1], "two") && !strcmp(l.got[2], ""));
	line_flush(&b, keep, &l);
	CHECK(l.n == 4 && !strcmp(l.got[3], "thr"));
	line_flush(&b, keep, &l);
	CHECK(l.n == 4);
	return ok;
}

static int test_sort_keys(const char *dir)
{
	const unsigned char keys[] = { 3, 0, 1, 0, 0, 9, 1, 0, 2, 5 };
	size_t order[5];
	int ok = 1;

	(void)dir;
	sort_keys(keys, 5, 2, order);
	/* {3,0} {1,0} {0,9} {1,0} {2,5}: by bytes, equal keys in their order */
	CHECK(order[0] == 2 && order[1] == 1 && order[2] == 3 && order[3] == 4 && order[4] == 0);
	sort_keys(keys, 0, 2, order);
	sort_keys(keys, 1, 2, order);
	CHECK(order[0] == 0);
	return ok;
}

const struct unit_test cli_tests[] = {
	{ "cli: trace_pipe lines parsed into task, pid, cpu, ts, msg", test_trace_parse },
	{ "cli: trace_pipe reads split into whole lines", test_line_feed },
	{ "cli: map keys sorted by their bytes, stable", test_sort_keys },
};
const size_t cli_tests_count = sizeof(cli_tests) / sizeof(cli_tests[0]);
