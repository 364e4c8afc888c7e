/* Unit tests of the BTF value dumper, the hex dump and the histograms: on the
 * types of dump_types.bpf.o and on malformed BTF made by hand. Values are
 * laid out by the member offsets BTF gives, in host byte order, which is the
 * order of the BPF objects built here. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

#include "btf.h"
#include "btf_dump.h"
#include "hist.h"
#include "object.h"
#include "unit.h"

/* Checks one rendering; on a mismatch prints what came out. */
#define EXPECT(btf, id, buf, size, fmt, want) \
	(ok &= expect(__LINE__, btf, id, buf, size, fmt, want))

static int expect(int line, const struct bb_btf *btf, unsigned int id, const void *buf,
		  size_t size, enum bb_dump_fmt fmt, const char *want)
{
	struct bb_strbuf sb = { 0 };
	int err = bb_btf_dump(btf, id, buf, size, fmt, &sb);
	int ok = !err && !strcmp(bb_strbuf_str(&sb), want);

	if (!ok)
		printf("    %s:%d: got %d '%s'\n    %*s want '%s'\n", __FILE__, line, err,
		       bb_strbuf_str(&sb), (int)strlen(__FILE__) + 7, "", want);
	bb_strbuf_free(&sb);
	return ok;
}

static struct bb_object *open_types(const char *dir)
{
	char path[512];
	struct bb_object *o = NULL;

	snprintf(path, sizeof(path), "%s/dump_types.bpf.o", dir);
	if (bb_object_open_file(path, &o) || !o->btf) {
		printf("    cannot open %s with BTF\n", path);
		bb_object_free(o);
		return NULL;
	}
	return o;
}

static unsigned int type_id(const struct bb_btf *btf, const char *name, int kind)
{
	int id = bb_btf_find(btf, name, kind);

	if (id < 0)
		printf("    no BTF type %s\n", name);
	return id < 0 ? 0 : (unsigned int)id;
}

static const struct btf_member *member(const struct bb_btf *btf, unsigned int sid, const char *name)
{
	const struct btf_type *t = bb_btf_type(btf, sid);
	const struct btf_member *m = t ? bb_btf_extra(t) : NULL;

	for (unsigned int i = 0; t && i < bb_btf_vlen(t); i++)
		if (!strcmp(bb_btf_str(btf, m[i].name_off), name))
			return &m[i];
	printf("    no member %s\n", name);
	exit(1);
}

static size_t off_of(const struct bb_btf *btf, unsigned int sid, const char *name)
{
	const struct btf_type *t = bb_btf_type(btf, sid);
	const struct btf_member *m = member(btf, sid, name);

	return (BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset) / 8;
}

/* Stores v in size bytes at off, in host order. */
static void set(unsigned char *buf, size_t off, size_t size, unsigned long long v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	if (size == 1)
		memcpy(buf + off, &u8, 1);
	else if (size == 2)
		memcpy(buf + off, &u16, 2);
	else if (size == 4)
		memcpy(buf + off, &u32, 4);
	else
		memcpy(buf + off, &v, 8);
}

static void set_m(const struct bb_btf *btf, unsigned int sid, unsigned char *buf, const char *name,
		  unsigned long long v)
{
	const struct btf_member *m = member(btf, sid, name);

	set(buf, off_of(btf, sid, name), (size_t)bb_btf_size(btf, m->type), v);
}

static void set_str(const struct bb_btf *btf, unsigned int sid, unsigned char *buf,
		    const char *name, const char *s, size_t n)
{
	memcpy(buf + off_of(btf, sid, name), s, n);
}

static unsigned int fill_event(const struct bb_btf *btf, unsigned char buf[168])
{
	unsigned int ev = type_id(btf, "event", BTF_KIND_STRUCT);

	memset(buf, 0, 168);
	set_m(btf, ev, buf, "pid", 1234);
	set_m(btf, ev, buf, "ppid", 1);
	set_m(btf, ev, buf, "exit_code", 0);
	set_m(btf, ev, buf, "duration_ns", 5123);
	set_str(btf, ev, buf, "comm", "bash", 5);
	set_str(btf, ev, buf, "filename", "/usr/bin/ls", 12);
	set_m(btf, ev, buf, "exit_event", 0);
	return ev;
}

static int test_event_text(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned char buf[168];
	unsigned int ev;
	int ok = 1;

	if (!o)
		return 0;
	ev = fill_event(o->btf, buf);
	CHECK(bb_btf_size(o->btf, ev) == 168);
	EXPECT(o->btf, ev, buf, sizeof(buf), BB_DUMP_TEXT,
	       "pid=1234 ppid=1 exit_code=0 duration_ns=5123 comm=\"bash\" "
	       "filename=\"/usr/bin/ls\" exit_event=false");
	set_m(o->btf, ev, buf, "pid", (unsigned int)-42);
	set_m(o->btf, ev, buf, "exit_code", 4294967295u);
	set_m(o->btf, ev, buf, "duration_ns", 18446744073709551615ull);
	set_m(o->btf, ev, buf, "exit_event", 1);
	EXPECT(o->btf, ev, buf, sizeof(buf), BB_DUMP_TEXT,
	       "pid=-42 ppid=1 exit_code=4294967295 duration_ns=18446744073709551615 comm=\"bash\" "
	       "filename=\"/usr/bin/ls\" exit_event=true");
	bb_object_free(o);
	return ok;
}

static int test_event_json(const char *dir)
{
	struct bb_object *o = open_types(dir);
	struct bb_strbuf sb = { 0 };
	unsigned char buf[168];
	unsigned int ev;
	int ok = 1;

	if (!o)
		return 0;
	ev = fill_event(o->btf, buf);
	EXPECT(o->btf, ev, buf, sizeof(buf), BB_DUMP_JSON,
	       "{\"pid\":1234,\"ppid\":1,\"exit_code\":0,\"duration_ns\":5123,\"comm\":\"bash\","
	       "\"filename\":\"/usr/bin/ls\",\"exit_event\":false}");
	/* Appends: what out held stays in front. */
	bb_strbuf_puts(&sb, "event: ");
	CHECK(bb_btf_dump(o->btf, ev, buf, sizeof(buf), BB_DUMP_JSON, &sb) == 0);
	CHECK(!strncmp(bb_strbuf_str(&sb), "event: {\"pid\":1234,", 19));
	bb_strbuf_free(&sb);
	bb_object_free(o);
	return ok;
}

static int test_ints(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned char buf[56] = { 0 };
	unsigned int id;
	int ok = 1;

	if (!o)
		return 0;
	id = type_id(o->btf, "ints", BTF_KIND_STRUCT);
	set_m(o->btf, id, buf, "s8", (unsigned long long)INT8_MIN);
	set_m(o->btf, id, buf, "u8", UINT8_MAX);
	set_m(o->btf, id, buf, "s16", (unsigned long long)INT16_MIN);
	set_m(o->btf, id, buf, "u16", UINT16_MAX);
	set_m(o->btf, id, buf, "s32", (unsigned long long)INT32_MIN);
	set_m(o->btf, id, buf, "u32", UINT32_MAX);
	set_m(o->btf, id, buf, "s64", (unsigned long long)INT64_MIN);
	set_m(o->btf, id, buf, "u64", UINT64_MAX);
	set_m(o->btf, id, buf, "c", 'A');
	set_m(o->btf, id, buf, "sc", (unsigned long long)-1);
	set_m(o->btf, id, buf, "uc", 200);
	set_m(o->btf, id, buf, "b", 1);
	set_m(o->btf, id, buf, "l", (unsigned long long)-5);
	set_m(o->btf, id, buf, "ul", UINT64_MAX);
	EXPECT(o->btf, id, buf, sizeof(buf), BB_DUMP_TEXT,
	       "s8=-128 u8=255 s16=-32768 u16=65535 s32=-2147483648 u32=4294967295 "
	       "s64=-9223372036854775808 u64=18446744073709551615 c=65 sc=-1 uc=200 b=true l=-5 "
	       "ul=18446744073709551615");
	EXPECT(o->btf, id, buf, sizeof(buf), BB_DUMP_JSON,
	       "{\"s8\":-128,\"u8\":255,\"s16\":-32768,\"u16\":65535,\"s32\":-2147483648,"
	       "\"u32\":4294967295,\"s64\":-9223372036854775808,\"u64\":18446744073709551615,"
	       "\"c\":65,\"sc\":-1,\"uc\":200,\"b\":true,\"l\":-5,\"ul\":18446744073709551615}");
	/* A bool holding neither 0 nor 1 shows the number it holds. */
	set_m(o->btf, id, buf, "b", 2);
	EXPECT(o->btf, member(o->btf, id, "b")->type, buf + off_of(o->btf, id, "b"), 1,
	       BB_DUMP_TEXT, "2");
	EXPECT(o->btf, member(o->btf, id, "s16")->type, buf + off_of(o->btf, id, "s16"), 2,
	       BB_DUMP_JSON, "-32768");
	bb_object_free(o);
	return ok;
}

/* a=5 b=17 c=-3 col=BLUE big=0xabcde12345 flag=1, packed the way BTF's kflag
 * member offsets (0, 3, 8, 12, 20, 60) say. */
static const unsigned long long bits_raw =
	5ull | 17ull << 3 | 0xdull << 8 | 0xffull << 12 | 0xabcde12345ull << 20 | 1ull << 60;

static unsigned int fill_mixed(const struct bb_btf *btf, unsigned char buf[120])
{
	unsigned int id = type_id(btf, "mixed", BTF_KIND_STRUCT);
	size_t path = off_of(btf, id, "path"), mat = off_of(btf, id, "matrix");
	float f = 1.5f;
	double d = 0.1;

	memset(buf, 0, 120);
	set(buf, off_of(btf, id, "origin"), 2, (unsigned long long)-1);
	set(buf, off_of(btf, id, "origin") + 2, 2, 2);
	for (int i = 0; i < 4; i++)
		set(buf, path + 2 * i, 2, i + 1);
	set_m(btf, id, buf, "color", 5);
	set_m(btf, id, buf, "level", 200);
	set_m(btf, id, buf, "bits", bits_raw);
	set_m(btf, id, buf, "word", 0x01020304);
	set_m(btf, id, buf, "ts", 42);
	set_m(btf, id, buf, "cv", 7);
	set_m(btf, id, buf, "ptr", 0xffff888012345678ull);
	set_str(btf, id, buf, "name", "eth0", 4);
	set_str(btf, id, buf, "raw", "\x01\x02\x03\xff", 4);
	set(buf, off_of(btf, id, "matrix") - 4, 2, 10);	/* the anonymous struct: lo, hi */
	set(buf, off_of(btf, id, "matrix") - 2, 2, 20);
	for (int i = 0; i < 6; i++)
		set(buf, mat + 4 * i, 4, i + 1);
	memcpy(buf + off_of(btf, id, "f"), &f, sizeof(f));
	memcpy(buf + off_of(btf, id, "d"), &d, sizeof(d));
	return id;
}

static int test_mixed(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned char buf[120];
	unsigned int id;
	float f = INFINITY;
	double d = -0.0;
	int ok = 1;

	if (!o)
		return 0;
	id = fill_mixed(o->btf, buf);
	EXPECT(o->btf, id, buf, sizeof(buf), BB_DUMP_TEXT,
	       "origin={x=-1 y=2} path=[{x=1 y=2} {x=3 y=4}] color=GREEN level=HIGH "
	       "bits={a=5 b=17 c=-3 col=BLUE big=737893491525 flag=true} "
	       "word={u32=16909060 bytes=[4 3 2 1]} ts=42 cv=7 ptr=0xffff888012345678 "
	       "name=\"eth0\" raw=[1 2 3 255] lo=10 hi=20 matrix=[[1 2 3] [4 5 6]] f=1.5 d=0.1");
	EXPECT(o->btf, id, buf, sizeof(buf), BB_DUMP_JSON,
	       "{\"origin\":{\"x\":-1,\"y\":2},\"path\":[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}],"
	       "\"color\":\"GREEN\",\"level\":\"HIGH\",\"bits\":{\"a\":5,\"b\":17,\"c\":-3,"
	       "\"col\":\"BLUE\",\"big\":737893491525,\"flag\":true},"
	       "\"word\":{\"u32\":16909060,\"bytes\":[4,3,2,1]},\"ts\":42,\"cv\":7,"
	       "\"ptr\":\"0xffff888012345678\",\"name\":\"eth0\",\"raw\":[1,2,3,255],\"lo\":10,"
	       "\"hi\":20,\"matrix\":[[1,2,3],[4,5,6]],\"f\":1.5,\"d\":0.1}");
	/* Numbers no enumerator has; color is signed (it has -1), level is not. */
	set_m(o->btf, id, buf, "color", (unsigned long long)-7);
	set_m(o->btf, id, buf, "level", 3);
	memcpy(buf + off_of(o->btf, id, "f"), &f, sizeof(f));
	memcpy(buf + off_of(o->btf, id, "d"), &d, sizeof(d));
	set_m(o->btf, id, buf, "ptr", 0);
	EXPECT(o->btf, member(o->btf, id, "color")->type, buf + off_of(o->btf, id, "color"), 4,
	       BB_DUMP_TEXT, "-7");
	EXPECT(o->btf, member(o->btf, id, "level")->type, buf + off_of(o->btf, id, "level"), 1,
	       BB_DUMP_JSON, "3");
	EXPECT(o->btf, member(o->btf, id, "f")->type, buf + off_of(o->btf, id, "f"), 4,
	       BB_DUMP_JSON, "\"inf\"");
	EXPECT(o->btf, member(o->btf, id, "d")->type, buf + off_of(o->btf, id, "d"), 8,
	       BB_DUMP_TEXT, "-0");
	EXPECT(o->btf, member(o->btf, id, "ptr")->type, buf + off_of(o->btf, id, "ptr"), 8,
	       BB_DUMP_TEXT, "0x0");
	bb_object_free(o);
	return ok;
}

static int test_bitfields(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned char buf[8];
	unsigned long long raw;
	unsigned int id;
	int ok = 1;

	if (!o)
		return 0;
	id = type_id(o->btf, "bits", BTF_KIND_STRUCT);
	CHECK(BTF_INFO_KFLAG(bb_btf_type(o->btf, id)->info));
	memcpy(buf, &bits_raw, 8);
	EXPECT(o->btf, id, buf, 8, BB_DUMP_TEXT,
	       "a=5 b=17 c=-3 col=BLUE big=737893491525 flag=true");
	/* Every bit set: the widest values, c at -1, col a number no enumerator
	 * has in eight bits (BLUE is 0xff there, so it still matches). */
	raw = ~0ull >> 3;
	memcpy(buf, &raw, 8);
	EXPECT(o->btf, id, buf, 8, BB_DUMP_JSON,
	       "{\"a\":7,\"b\":31,\"c\":-1,\"col\":\"BLUE\",\"big\":1099511627775,\"flag\":true}");
	raw = 2ull << 12;
	memcpy(buf, &raw, 8);
	EXPECT(o->btf, id, buf, 8, BB_DUMP_TEXT, "a=0 b=0 c=0 col=2 big=0 flag=false");
	bb_object_free(o);
	return ok;
}

static int test_strings(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned char buf[168], comm[16], name[127];
	unsigned int ev, cid, fid;
	int ok = 1;

	if (!o)
		return 0;
	ev = fill_event(o->btf, buf);
	cid = member(o->btf, ev, "comm")->type;
	fid = member(o->btf, ev, "filename")->type;
	memset(comm, 0, sizeof(comm));
	memcpy(comm, "a\"b\\c\td\x01", 9);
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_TEXT, "\"a\\\"b\\\\c\\td\\x01\"");
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_JSON, "\"a\\\"b\\\\c\\td\\u0001\"");
	/* UTF-8 is kept, a stray byte and the C1 control U+009B are escaped. */
	memset(name, 0, sizeof(name));
	memcpy(name, "/tmp/caf\xc3\xa9/\xff/\xc2\x9b/x\n\x7f", 20);
	EXPECT(o->btf, fid, name, 127, BB_DUMP_TEXT,
	       "\"/tmp/caf\xc3\xa9/\\xff/\\xc2\\x9b/x\\n\\x7f\"");
	EXPECT(o->btf, fid, name, 127, BB_DUMP_JSON,
	       "\"/tmp/caf\xc3\xa9/\\u00ff/\\u00c2\\u009b/x\\n\\u007f\"");
	/* Too little text around them (4 of 14 bytes): binary. */
	memcpy(comm, name + 5, 16);
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_TEXT, "0x636166c3a92fff2fc29b2f780a7f0000");
	/* No NUL: all sixteen bytes; NUL first: empty; bytes after a NUL ignored. */
	memset(comm, 'x', 16);
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_TEXT, "\"xxxxxxxxxxxxxxxx\"");
	memset(comm, 0, 16);
	comm[3] = 'z';
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_JSON, "\"\"");
	/* Binary: hex in text, byte values in JSON. */
	for (int i = 0; i < 16; i++)
		comm[i] = (unsigned char)(0xf0 + i);
	memcpy(comm, "abc\xf0", 5);
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_TEXT, "\"abc\\xf0\"");
	memcpy(comm, "\xf0\xf1\x80\xf3\xf4", 5);
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_TEXT, "0xf0f180f3f4f5f6f7f8f9fafbfcfdfeff");
	EXPECT(o->btf, cid, comm, 16, BB_DUMP_JSON,
	       "[240,241,128,243,244,245,246,247,248,249,250,251,252,253,254,255]");
	memcpy(buf + off_of(o->btf, ev, "comm"), comm, 16);
	EXPECT(o->btf, ev, buf, 48, BB_DUMP_TEXT,
	       "pid=1234 ppid=1 exit_code=0 duration_ns=5123 "
	       "comm=0xf0f180f3f4f5f6f7f8f9fafbfcfdfeff filename=\"/usr/bin\" ...");
	bb_object_free(o);
	return ok;
}

static int test_truncated(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned char buf[168], mixed[120], hist[104] = { 0 };
	unsigned int ev, mid, hid;
	int ok = 1;

	if (!o)
		return 0;
	ev = fill_event(o->btf, buf);
	EXPECT(o->btf, ev, buf, 30, BB_DUMP_TEXT,
	       "pid=1234 ppid=1 exit_code=0 duration_ns=5123 comm=\"bash\" ...");
	EXPECT(o->btf, ev, buf, 30, BB_DUMP_JSON,
	       "{\"pid\":1234,\"ppid\":1,\"exit_code\":0,\"duration_ns\":5123,\"comm\":\"bash\","
	       "\"__truncated\":true}");
	EXPECT(o->btf, ev, buf, 26, BB_DUMP_TEXT,
	       "pid=1234 ppid=1 exit_code=0 duration_ns=5123 comm=\"ba\" ...");
	EXPECT(o->btf, ev, buf, 20, BB_DUMP_TEXT, "pid=1234 ppid=1 exit_code=0 ...");
	EXPECT(o->btf, ev, buf, 20, BB_DUMP_JSON,
	       "{\"pid\":1234,\"ppid\":1,\"exit_code\":0,\"__truncated\":true}");
	EXPECT(o->btf, ev, buf, 167, BB_DUMP_TEXT,
	       "pid=1234 ppid=1 exit_code=0 duration_ns=5123 comm=\"bash\" "
	       "filename=\"/usr/bin/ls\" ...");
	EXPECT(o->btf, ev, buf, 3, BB_DUMP_TEXT, "...");
	EXPECT(o->btf, ev, buf, 3, BB_DUMP_JSON, "{\"__truncated\":true}");
	EXPECT(o->btf, ev, NULL, 0, BB_DUMP_TEXT, "...");
	EXPECT(o->btf, ev, NULL, 0, BB_DUMP_JSON, "null");
	EXPECT(o->btf, member(o->btf, ev, "pid")->type, buf, 2, BB_DUMP_JSON, "null");
	EXPECT(o->btf, member(o->btf, ev, "comm")->type, buf + 24, 3, BB_DUMP_TEXT, "\"bas\" ...");
	mid = fill_mixed(o->btf, mixed);
	EXPECT(o->btf, mid, mixed, 4, BB_DUMP_TEXT, "origin={x=-1 y=2} ...");
	EXPECT(o->btf, mid, mixed, 6, BB_DUMP_TEXT, "origin={x=-1 y=2} path=[{x=1 ...}]");
	EXPECT(o->btf, mid, mixed, 6, BB_DUMP_JSON,
	       "{\"origin\":{\"x\":-1,\"y\":2},\"path\":[{\"x\":1,\"__truncated\":true}],"
	       "\"__truncated\":true}");
	EXPECT(o->btf, mid, mixed, 10, BB_DUMP_TEXT,
	       "origin={x=-1 y=2} path=[{x=1 y=2} {x=3 ...}]");
	EXPECT(o->btf, mid, mixed, 10, BB_DUMP_JSON,
	       "{\"origin\":{\"x\":-1,\"y\":2},\"path\":[{\"x\":1,\"y\":2},"
	       "{\"x\":3,\"__truncated\":true}],\"__truncated\":true}");
	/* The anonymous struct (lo, hi at 76) is flattened when it is cut too. */
	EXPECT(o->btf, mid, mixed, 78, BB_DUMP_TEXT,
	       "origin={x=-1 y=2} path=[{x=1 y=2} {x=3 y=4}] color=GREEN level=HIGH "
	       "bits={a=5 b=17 c=-3 col=BLUE big=737893491525 flag=true} "
	       "word={u32=16909060 bytes=[4 3 2 1]} ts=42 cv=7 ptr=0xffff888012345678 "
	       "name=\"eth0\" raw=[1 2 3 255] lo=10 ...");
	hid = type_id(o->btf, "hist", BTF_KIND_STRUCT);
	for (int i = 0; i < 26; i++)
		set(hist, 4 * i, 4, i + 1);
	EXPECT(o->btf, hid, hist, 13, BB_DUMP_TEXT, "slots=[1 2 3 ...]");
	EXPECT(o->btf, hid, hist, 2, BB_DUMP_TEXT, "slots=[...]");
	EXPECT(o->btf, hid, hist, 2, BB_DUMP_JSON, "{\"slots\":[],\"__truncated\":true}");
	EXPECT(o->btf, hid, hist, 13, BB_DUMP_JSON, "{\"slots\":[1,2,3],\"__truncated\":true}");
	bb_object_free(o);
	return ok;
}

static int test_vars_and_sections(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned char v[8] = { 0 };
	struct bb_strbuf sb = { 0 };
	int ok = 1;

	if (!o)
		return 0;
	set(v, 0, 4, 3);
	EXPECT(o->btf, type_id(o->btf, "verbose", BTF_KIND_VAR), v, 4, BB_DUMP_TEXT, "3");
	set(v, 0, 8, 7);
	EXPECT(o->btf, type_id(o->btf, ".bss", BTF_KIND_DATASEC), v, 8, BB_DUMP_TEXT,
	       "total_events=7");
	EXPECT(o->btf, type_id(o->btf, ".bss", BTF_KIND_DATASEC), v, 8, BB_DUMP_JSON,
	       "{\"total_events\":7}");
	/* A function holds no value. */
	CHECK(bb_btf_dump(o->btf, type_id(o->btf, "dump_types", BTF_KIND_FUNC), v, 8,
			  BB_DUMP_TEXT, &sb) == -EINVAL);
	CHECK(bb_btf_dump(o->btf, 0, v, 8, BB_DUMP_TEXT, &sb) == -EINVAL);
	CHECK(bb_btf_dump(o->btf, 100000, v, 8, BB_DUMP_JSON, &sb) == -EINVAL);
	bb_strbuf_free(&sb);
	bb_object_free(o);
	return ok;
}

/* Hand-made BTF: types as 32-bit words, then the strings. */
#define INFO(kind, kflag, vlen) ((__u32)(kind) << 24 | (__u32)(kflag) << 31 | (vlen))
#define INT_ENC(enc, bits) ((__u32)(enc) << 24 | (bits))

static struct bb_btf *make_btf(const __u32 *types, size_t type_len, const char *strs,
			       size_t str_len)
{
	struct btf_header h = { .magic = 0xeB9F, .version = 1, .hdr_len = sizeof(h),
				.type_off = 0, .type_len = (__u32)type_len,
				.str_off = (__u32)type_len, .str_len = (__u32)str_len };
	unsigned char *raw = malloc(sizeof(h) + type_len + str_len);
	struct bb_btf *btf = NULL;
	const char *why;

	memcpy(raw, &h, sizeof(h));
	memcpy(raw + sizeof(h), types, type_len);
	memcpy(raw + sizeof(h) + type_len, strs, str_len);
	if (bb_btf_parse(raw, sizeof(h) + type_len + str_len, &btf, &why))
		printf("    hand-made BTF refused: %s\n", why);
	free(raw);
	return btf;
}

/* Refused with err and out left as it was. */
static int refused(const __u32 *types, size_t len, unsigned int id, int err)
{
	static const char strs[] = "\0int\0s\0a\0a b\0T\0U";
	struct bb_btf *btf = make_btf(types, len, strs, sizeof(strs));
	struct bb_strbuf sb = { 0 };
	unsigned char data[64] = { 0 };
	int ok = 1;

	CHECK(btf);
	bb_strbuf_puts(&sb, "keep");
	for (int fmt = BB_DUMP_TEXT; btf && fmt <= BB_DUMP_JSON; fmt++) {
		int got = bb_btf_dump(btf, id, data, sizeof(data), fmt, &sb);

		if (got != err)
			printf("    type %u: got %d, want %d\n", id, got, err);
		ok &= got == err && !strcmp(bb_strbuf_str(&sb), "keep");
	}
	bb_strbuf_free(&sb);
	bb_btf_free(btf);
	return ok;
}

/* Strings: 1 "int", 5 "s", 7 "a", 9 "a b", 13 "T", 15 "U". */
static int test_malformed(const char *dir)
{
	/* [1] int; [2] struct s { a: type 99 } */
	static const __u32 bad_id[] = { 1, INFO(BTF_KIND_INT, 0, 0), 4, INT_ENC(1, 32),
					5, INFO(BTF_KIND_STRUCT, 0, 1), 4, 7, 99, 0 };
	/* [1] typedef T -> 2; [2] typedef U -> 1 */
	static const __u32 loop[] = { 13, INFO(BTF_KIND_TYPEDEF, 0, 0), 2,
				      15, INFO(BTF_KIND_TYPEDEF, 0, 0), 1 };
	/* [1] struct s { struct s a; } */
	static const __u32 self[] = { 5, INFO(BTF_KIND_STRUCT, 0, 1), 4, 7, 1, 0 };
	/* [1] int; [2] array of [2] */
	static const __u32 arr[] = { 1, INFO(BTF_KIND_INT, 0, 0), 4, INT_ENC(1, 32),
				     0, INFO(BTF_KIND_ARRAY, 0, 0), 0, 2, 1, 2 };
	/* [1] int; [2] struct s { int "a b"; } */
	static const __u32 name[] = { 1, INFO(BTF_KIND_INT, 0, 0), 4, INT_ENC(1, 32),
				      5, INFO(BTF_KIND_STRUCT, 0, 1), 4, 9, 1, 0 };
	/* [1] int of 40 bits in 4 bytes */
	static const __u32 wide[] = { 1, INFO(BTF_KIND_INT, 0, 0), 4, INT_ENC(1, 40) };
	/* [1] int; [2] struct s { int a : 40; } with kflag */
	static const __u32 bitf[] = { 1, INFO(BTF_KIND_INT, 0, 0), 4, INT_ENC(1, 32),
				      5, INFO(BTF_KIND_STRUCT, 1, 1), 8, 7, 1, 40u << 24 };
	/* [1] fwd s; [2] struct T { struct s a; } */
	static const __u32 fwd[] = { 5, INFO(BTF_KIND_FWD, 0, 0), 0,
				     13, INFO(BTF_KIND_STRUCT, 0, 1), 4, 7, 1, 0 };
	/* [1] int; [2] var a; [3] var U; [4] section s { a at 0, U at 0 }, as clang
	 * leaves it before the loader fills in the offsets */
	static const __u32 sec[] = { 1, INFO(BTF_KIND_INT, 0, 0), 4, INT_ENC(1, 32),
				     7, INFO(BTF_KIND_VAR, 0, 0), 1, 1,
				     15, INFO(BTF_KIND_VAR, 0, 0), 1, 1,
				     5, INFO(BTF_KIND_DATASEC, 0, 2), 0, 2, 0, 4, 3, 0, 4 };
	/* [1] int; [2] struct s { struct T a at bit 3 }; [3] struct T { int a } */
	static const __u32 unaligned[] = { 1, INFO(BTF_KIND_INT, 0, 0), 4, INT_ENC(1, 32),
					   5, INFO(BTF_KIND_STRUCT, 0, 1), 8, 7, 3, 3,
					   13, INFO(BTF_KIND_STRUCT, 0, 1), 4, 7, 1, 0 };
	int ok = 1;

	(void)dir;
	CHECK(refused(bad_id, sizeof(bad_id), 2, -EINVAL));
	CHECK(refused(bad_id, sizeof(bad_id), 3, -EINVAL));
	CHECK(refused(loop, sizeof(loop), 1, -EINVAL));
	CHECK(refused(self, sizeof(self), 1, -EINVAL));
	CHECK(refused(arr, sizeof(arr), 2, -EINVAL));
	CHECK(refused(name, sizeof(name), 2, -EINVAL));
	CHECK(refused(wide, sizeof(wide), 1, -EINVAL));
	CHECK(refused(bitf, sizeof(bitf), 2, -EINVAL));
	CHECK(refused(fwd, sizeof(fwd), 2, -EINVAL));
	CHECK(refused(unaligned, sizeof(unaligned), 2, -EINVAL));
	CHECK(refused(sec, sizeof(sec), 4, -EINVAL));
	return ok;
}

/* Unions of unions, 64 members each, three deep: 262144 values for 64 bytes. */
static int test_too_large(const char *dir)
{
	__u32 types[4 + 3 * (3 + 3 * 64)];
	size_t n = 0;
	int ok = 1;

	(void)dir;
	types[n++] = 1, types[n++] = INFO(BTF_KIND_INT, 0, 0), types[n++] = 4;
	types[n++] = INT_ENC(0, 32);
	for (unsigned int level = 0; level < 3; level++) {
		types[n++] = 5, types[n++] = INFO(BTF_KIND_UNION, 0, 64), types[n++] = 4;
		for (int m = 0; m < 64; m++)
			types[n++] = 7, types[n++] = level + 1, types[n++] = 0;
	}
	CHECK(refused(types, sizeof(types), 4, -E2BIG));
	return ok;
}

/* Random damage to the object's BTF must give an error or a rendering,
 * never a crash, a hang or a read outside the data (run under ASan). */
static int test_random_damage(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned int seed = 4242;
	unsigned char data[256];
	size_t size, hdr = sizeof(struct btf_header);
	int ok = 1, parsed = 0, rendered = 0;
	const unsigned char *orig;
	unsigned char *buf;

	if (!o)
		return 0;
	orig = bb_btf_raw(o->btf, &size);
	buf = malloc(size);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 37 + 11);
	for (int round = 0; round < 300; round++) {
		struct bb_btf *btf;
		struct bb_strbuf sb = { 0 };
		const char *why;

		memcpy(buf, orig, size);
		for (int k = 0; k < 1 + round % 6; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[hdr + (seed >> 8) % (size - hdr)] ^= (unsigned char)(1u << (seed % 8));
		}
		if (bb_btf_parse(buf, size, &btf, &why))
			continue;
		parsed++;
		for (unsigned int id = 0; id < bb_btf_count(btf) + 2; id++) {
			size_t len = id % 3 ? sizeof(data) : id % sizeof(data);
			enum bb_dump_fmt fmt = id % 2 ? BB_DUMP_JSON : BB_DUMP_TEXT;

			rendered += !bb_btf_dump(btf, id, data, len, fmt, &sb);
			bb_strbuf_truncate(&sb, 0);
		}
		bb_strbuf_free(&sb);
		bb_btf_free(btf);
	}
	CHECK(parsed > 0 && rendered > 0);
	free(buf);
	bb_object_free(o);
	return ok;
}

static int test_hex_dump(const char *dir)
{
	static const unsigned char b[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 6, 7, 8, 9, 0xa };
	struct bb_strbuf sb = { 0 };
	int ok = 1;

	(void)dir;
	CHECK(bb_hex_dump(b, sizeof(b), &sb) == 0);
	CHECK(!strcmp(bb_strbuf_str(&sb), "00 01 02 7f 80 ff 06 07  08 09 0a"));
	bb_strbuf_truncate(&sb, 0);
	CHECK(bb_hex_dump(b, 3, &sb) == 0 && !strcmp(bb_strbuf_str(&sb), "00 01 02"));
	bb_strbuf_truncate(&sb, 0);
	CHECK(bb_hex_dump(NULL, 0, &sb) == 0 && !strcmp(bb_strbuf_str(&sb), ""));
	bb_strbuf_free(&sb);
	return ok;
}

static int same(int line, const struct bb_strbuf *sb, const char *want)
{
	if (!strcmp(bb_strbuf_str(sb), want))
		return 1;
	printf("    %s:%d: got\n%s    want\n%s", __FILE__, line, bb_strbuf_str(sb), want);
	return 0;
}

static int test_log2_hist(const char *dir)
{
	static const unsigned long long slots[] = { 0, 5, 40, 0, 0 };
	static const unsigned long long zeros[4];
	static const unsigned long long big[] = { 1, 123456789012ull, 0, 7 };
	struct bb_strbuf sb = { 0 };
	int ok = 1;

	(void)dir;
	CHECK(bb_print_log2_hist(slots, 5, "usecs", &sb) == 0);
	ok &= same(__LINE__, &sb,
		   "     usecs               : count    distribution\n"
		   "         0 -> 1          : 0        |                                        |\n"
		   "         2 -> 3          : 5        |*****                                   |\n"
		   "         4 -> 7          : 40       |****************************************|\n");
	bb_strbuf_truncate(&sb, 0);
	CHECK(bb_print_log2_hist(zeros, 4, "usecs", &sb) == 0 && sb.len == 0);
	CHECK(bb_print_log2_hist(big, 4, "bytes", &sb) == 0);
	ok &= same(__LINE__, &sb,
		   "     bytes               : count    distribution\n"
		   "         0 -> 1          : 1        |                                        |\n"
		   "         2 -> 3          : 123456789012 |****************************************|\n"
		   "         4 -> 7          : 0        |                                        |\n"
		   "         8 -> 15         : 7        |                                        |\n");
	bb_strbuf_free(&sb);
	return ok;
}

static int test_log2_hist_wide(const char *dir)
{
	static const char head[] =
		"               nsecs                         : count    distribution\n"
		"                   0 -> 1                    : 1        |**********          |\n";
	unsigned long long slots[64] = { 0 };
	struct bb_strbuf sb = { 0 };
	const char *s;
	int ok = 1, lines = 0;

	(void)dir;
	slots[0] = 1;
	slots[33] = 2;
	CHECK(bb_print_log2_hist(slots, 64, "nsecs", &sb) == 0);
	s = bb_strbuf_str(&sb);
	for (const char *p = s; (p = strchr(p, '\n')); p++)
		lines++;
	CHECK(lines == 35);
	CHECK(!strncmp(s, head, strlen(head)));
	CHECK(strstr(s, "          8589934592 -> 17179869183          : 2        "
			"|********************|\n"));
	bb_strbuf_truncate(&sb, 0);
	slots[63] = 1;
	CHECK(bb_print_log2_hist(slots, 64, "x", &sb) == 0);
	CHECK(strstr(bb_strbuf_str(&sb), " 9223372036854775808 -> 18446744073709551615 : 1 "));
	bb_strbuf_truncate(&sb, 0);
	{
		unsigned long long more[65] = { [64] = 1 };

		CHECK(bb_print_log2_hist(more, 65, "x", &sb) == -EINVAL && sb.len == 0);
	}
	bb_strbuf_free(&sb);
	return ok;
}

static int test_linear_hist(const char *dir)
{
	static const unsigned long long slots[] = { 0, 0, 3, 0, 6, 0 };
	struct bb_strbuf sb = { 0 };
	int ok = 1;

	(void)dir;
	CHECK(bb_print_linear_hist(slots, 6, 10, 5, "ms", &sb) == 0);
	ok &= same(__LINE__, &sb,
		   "     ms            : count     distribution\n"
		   "        20         : 3        |********************                    |\n"
		   "        25         : 0        |                                        |\n"
		   "        30         : 6        |****************************************|\n");
	bb_strbuf_free(&sb);
	return ok;
}

static int test_hist_slots(const char *dir)
{
	struct bb_object *o = open_types(dir);
	unsigned long long slots[27] = { 0 };
	unsigned char value[232] = { 0 };
	struct bb_strbuf sb = { 0 };
	size_t off = 99, nr = 99, esz = 99;
	unsigned int id;
	int ok = 1;

	if (!o)
		return 0;
	CHECK(bb_btf_find_hist_slots(o->btf, type_id(o->btf, "hist", BTF_KIND_STRUCT), &off, &nr,
				     &esz) == 0);
	CHECK(off == 0 && nr == 26 && esz == 4);
	CHECK(bb_btf_find_hist_slots(o->btf, type_id(o->btf, "lat_hist", BTF_KIND_STRUCT), &off,
				     &nr, &esz) == 0);
	CHECK(off == 8 && nr == 8 && esz == 2);
	CHECK(bb_btf_find_hist_slots(o->btf, type_id(o->btf, "event", BTF_KIND_STRUCT), &off, &nr,
				     &esz) == -ENOENT);
	CHECK(bb_btf_find_hist_slots(o->btf, type_id(o->btf, "__u64", BTF_KIND_TYPEDEF), &off, &nr,
				     &esz) == -ENOENT);
	CHECK(bb_btf_find_hist_slots(o->btf, 100000, &off, &nr, &esz) == -EINVAL);

	/* A map value as the kernel returns it, twice (two CPUs), then printed. */
	id = type_id(o->btf, "comm_hist", BTF_KIND_STRUCT);
	CHECK(bb_btf_find_hist_slots(o->btf, id, &off, &nr, &esz) == 0);
	CHECK(off == 16 && nr == 27 && esz == 8);
	memcpy(value, "bash", 5);
	set(value, off + 8, 8, 2);
	set(value, off + 16, 8, 20);
	CHECK(bb_hist_add_slots(value, sizeof(value), off, nr, esz, slots) == 0);
	set(value, off + 8, 8, 3);
	CHECK(bb_hist_add_slots(value, sizeof(value), off, nr, esz, slots) == 0);
	CHECK(bb_hist_add_slots(value, sizeof(value) - 1, off, nr, esz, slots) == -EINVAL);
	CHECK(bb_print_log2_hist(slots, nr, "usecs", &sb) == 0);
	ok &= same(__LINE__, &sb,
		   "     usecs               : count    distribution\n"
		   "         0 -> 1          : 0        |                                        |\n"
		   "         2 -> 3          : 5        |*****                                   |\n"
		   "         4 -> 7          : 40       |****************************************|\n");
	bb_strbuf_free(&sb);
	bb_object_free(o);
	return ok;
}

static int test_strbuf(const char *dir)
{
	struct bb_strbuf sb = { 0 };
	int ok = 1;

	(void)dir;
	CHECK(!strcmp(bb_strbuf_str(&sb), ""));
	for (int i = 0; i < 1000; i++)
		CHECK(bb_strbuf_printf(&sb, "%d,", i % 10) == 0);
	CHECK(sb.len == 2000 && sb.s[sb.len] == '\0' && !strncmp(sb.s + 1990, "5,6,7,8,9,", 10));
	bb_strbuf_truncate(&sb, 3);
	CHECK(bb_strbuf_append(&sb, "xyz", 2) == 0 && !strcmp(sb.s, "0,1xy"));
	bb_strbuf_free(&sb);
	CHECK(sb.s == NULL && sb.len == 0);
	return ok;
}

const struct unit_test dump_tests[] = {
	{ "dump: execsnoop event as text", test_event_text },
	{ "dump: execsnoop event as JSON", test_event_json },
	{ "dump: integers of every size and sign, bool, char", test_ints },
	{ "dump: nested structs, arrays, enums, union, typedef, pointer, floats", test_mixed },
	{ "dump: bitfields at kflag offsets, signed and enum ones", test_bitfields },
	{ "dump: strings escaped, UTF-8 kept, binary as hex", test_strings },
	{ "dump: data shorter than its type", test_truncated },
	{ "dump: variables and sections", test_vars_and_sections },
	{ "dump: malformed BTF refused", test_malformed },
	{ "dump: pathological BTF stopped", test_too_large },
	{ "dump: randomly damaged BTF", test_random_damage },
	{ "dump: hex dump without BTF", test_hex_dump },
	{ "hist: log2 histogram as bcc prints it", test_log2_hist },
	{ "hist: log2 histogram past slot 32", test_log2_hist_wide },
	{ "hist: linear histogram", test_linear_hist },
	{ "hist: slots found in a map value by BTF", test_hist_slots },
	{ "strbuf: growth, printf, truncate", test_strbuf },
};
const size_t dump_tests_count = sizeof(dump_tests) / sizeof(dump_tests[0]);
