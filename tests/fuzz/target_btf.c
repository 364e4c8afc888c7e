#include <linux/btf.h>
#include <string.h>

#include "target_btf.h"

#define INFO(kind, vlen) (((unsigned int)(kind) << 24) | (unsigned int)(vlen))
#define INT_ENC(enc, bits) (((unsigned int)(enc) << 24) | (unsigned int)(bits))

static const char strs[] = "\0int\0char\0long\0unsigned int\0task_struct\0pid\0tgid\0comm\0"
			   "real_parent\0flags\0pid_t\0state\0TASK_RUNNING\0TASK_DEAD\0u\0a\0b\0"
			   "pt_regs\0di\0si\0ip\0sp\0";

static unsigned int str(const char *s)
{
	for (unsigned int i = 1; i < sizeof(strs); i += (unsigned int)strlen(strs + i) + 1)
		if (!strcmp(strs + i, s))
			return i;
	return 0;
}

struct builder {
	unsigned char buf[2048];
	size_t len;
};

static void put(struct builder *b, const void *p, size_t n)
{
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void type(struct builder *b, const char *name, int kind, int vlen, unsigned int size_type)
{
	struct btf_type t = { .name_off = name ? str(name) : 0,
			      .info = INFO(kind, vlen), .size = size_type };

	put(b, &t, sizeof(t));
}

static void member(struct builder *b, const char *name, unsigned int id, unsigned int bit_off)
{
	struct btf_member m = { .name_off = str(name), .type = id, .offset = bit_off };

	put(b, &m, sizeof(m));
}

static void int_type(struct builder *b, const char *name, unsigned int size, int is_signed)
{
	unsigned int enc = INT_ENC(is_signed ? BTF_INT_SIGNED : 0, size * 8);

	type(b, name, BTF_KIND_INT, 0, size);
	put(b, &enc, sizeof(enc));
}

/* 1 int, 2 char, 3 long, 4 unsigned int, 5 pid_t, 6 char[16], 7 task_struct *,
 * 8 struct task_struct, 9 enum state, 10 union u, 11 struct pt_regs */
static void types(struct builder *b)
{
	struct btf_array arr = { .type = 2, .index_type = 4, .nelems = 16 };
	struct btf_enum e[2] = { { str("TASK_RUNNING"), 0 }, { str("TASK_DEAD"), 64 } };

	int_type(b, "int", 4, 1);
	int_type(b, "char", 1, 1);
	int_type(b, "long", 8, 1);
	int_type(b, "unsigned int", 4, 0);
	type(b, "pid_t", BTF_KIND_TYPEDEF, 0, 1);
	type(b, NULL, BTF_KIND_ARRAY, 0, 0);
	put(b, &arr, sizeof(arr));
	type(b, NULL, BTF_KIND_PTR, 0, 8);
	type(b, "task_struct", BTF_KIND_STRUCT, 6, 48);
	member(b, "state", 9, 0);
	member(b, "flags", 4, 32);
	member(b, "pid", 5, 64);
	member(b, "tgid", 5, 96);
	member(b, "real_parent", 7, 128);
	member(b, "comm", 6, 192);
	type(b, "state", BTF_KIND_ENUM, 2, 4);
	put(b, e, sizeof(e));
	type(b, "u", BTF_KIND_UNION, 2, 8);
	member(b, "a", 1, 0);
	member(b, "b", 3, 0);
	type(b, "pt_regs", BTF_KIND_STRUCT, 4, 32);
	member(b, "di", 3, 0);
	member(b, "si", 3, 64);
	member(b, "ip", 3, 128);
	member(b, "sp", 3, 192);
}

const void *fuzz_target_btf(size_t *size)
{
	static struct builder b;
	struct btf_header h = { .magic = BTF_MAGIC, .version = BTF_VERSION,
				.hdr_len = sizeof(h) };

	if (!b.len) {
		b.len = sizeof(h);
		types(&b);
		h.type_len = (unsigned int)(b.len - sizeof(h));
		h.str_off = h.type_len;
		h.str_len = sizeof(strs);
		put(&b, strs, sizeof(strs));
		memcpy(b.buf, &h, sizeof(h));
	}
	*size = b.len;
	return b.buf;
}
