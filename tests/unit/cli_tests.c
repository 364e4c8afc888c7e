/* The command line's pure parts: trace_pipe lines, line splitting, sorting. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
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



static int test_dwarf_record(const char *dir)
{
	char path[512], *text = NULL;
	struct bb_record_type *t = NULL;
	unsigned char rec[32] = { 7, 0, 0, 0, 0xf9, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 1, 0, 0,
				  'b', 'a', 's', 'h' };
	int ok = 1;

	snprintf(path, sizeof(path), "%s/dwarf_event.bpf.o", dir);
	if (!(bb_features() & BB_FEATURE_DWARF)) {
		CHECK(bb_dwarf_record_type(path, 32, NULL, &t) == -EOPNOTSUPP && !t);
		return ok ? -1 : 0;
	}
	CHECK(bb_dwarf_record_type(path, 32, NULL, &t) == 0);
	CHECK(t && !strcmp(bb_record_type_name(t), "exec_event"));
	CHECK(t && !bb_format_record(t, rec, sizeof(rec), 0, &text));
	CHECK(text && !strcmp(text, "pid=7 delta=-7 big=1099511627776 comm=\"bash\""));
	free(text);
	text = NULL;
	CHECK(t && !bb_format_record(t, rec, sizeof(rec), BB_FMT_JSON, &text));
	CHECK(text && !strcmp(text, "{\"pid\":7,\"delta\":-7,\"big\":1099511627776,\"comm\":\"bash\"}"));
	CHECK(t && bb_format_record(t, rec, 31, 0, &text) == -EINVAL);
	free(text);
	bb_record_type_free(t);
	CHECK(bb_dwarf_record_type(path, 4, NULL, &t) == 0 && t &&
	      !strcmp(bb_record_type_name(t), "other_event"));
	bb_record_type_free(t);
	CHECK(bb_dwarf_record_type(path, 999, NULL, &t) == -ENOENT && !t);
	CHECK(bb_dwarf_record_type(path, 0, "nosuch", &t) == -ENOENT && !t);
	snprintf(path, sizeof(path), "%s/dwarf_twice.bpf.o", dir);
	CHECK(bb_dwarf_record_type(path, 8, NULL, &t) == -EEXIST && !t);
	CHECK(bb_dwarf_record_type(path, 0, "close_t", &t) == 0 && t);
	bb_record_type_free(t);
	CHECK(bb_dwarf_record_type(path, 16, "close_t", &t) == -EINVAL && !t);
	return ok;
}

const struct unit_test cli_tests[] = {
	{ "cli: trace_pipe lines parsed into task, pid, cpu, ts, msg", test_trace_parse },
	{ "cli: trace_pipe reads split into whole lines", test_line_feed },
	{ "cli: map keys sorted by their bytes, stable", test_sort_keys },
	{ "dwarf: a stack-only event struct found by size and name, decoded", test_dwarf_record },
};
const size_t cli_tests_count = sizeof(cli_tests) / sizeof(cli_tests[0]);
