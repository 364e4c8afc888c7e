#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "btf_ext.h"

#define BTF_EXT_MAGIC 0xeB9F
#define HDR_MIN 24	/* up to line_info_len; core_relo_off/len follow when hdr_len allows */
#define HDR_CORE 32

struct ext_hdr {
	__u16 magic;
	__u8 version, flags;
	__u32 hdr_len;
	__u32 func_off, func_len, line_off, line_len;
	__u32 core_off, core_len;
};

struct info_kind {
	const char *name;
	__u32 min_rec;
};

/* Reasons carry numbers, so they are formatted; valid until the next parse
 * in this thread. */
static _Thread_local char why_buf[160];

__attribute__((format(printf, 2, 3)))
static int fail(const char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof(why_buf), fmt, ap);
	va_end(ap);
	*why = why_buf;
	return -EINVAL;
}

static __u32 get_u32(const unsigned char *p)
{
	__u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int add_sec(struct bb_btf_ext_info *info, const struct bb_btf_ext_sec *sec)
{
	struct bb_btf_ext_sec *n = realloc(info->secs, (info->nr_secs + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	info->secs = n;
	info->secs[info->nr_secs++] = *sec;
	return 0;
}

static int check_recs(const struct info_kind *k, const struct bb_btf_ext_info *info,
		      const struct bb_btf_ext_sec *sec, const char **why)
{
	for (__u32 i = 0; i < sec->nr; i++) {
		__u32 off = get_u32(bb_btf_ext_rec(info, sec, i));

		if (off % sizeof(struct bpf_insn))
			return fail(why, "%s record %u of section '%s': instruction offset %u "
				    "is not a multiple of 8", k->name, i, sec->sec_name, off);
	}
	return 0;
}

/* The info block at body + off: a record size, then sections of records. */
static int parse_info(const struct info_kind *k, const unsigned char *body, __u32 off, __u32 len,
		      const struct bb_btf *btf, struct bb_btf_ext_info *info, const char **why)
{
	const unsigned char *p;
	size_t pos = sizeof(__u32);
	int err;

	if (len == 0)
		return 0;
	p = body + off;
	if (len < sizeof(__u32))
		return fail(why, "%s is %u bytes, too short for its record size", k->name, len);
	info->rec_size = get_u32(p);
	if (info->rec_size < k->min_rec || info->rec_size % 4)
		return fail(why, "%s record size %u is not a multiple of 4 of at least %u",
			    k->name, info->rec_size, k->min_rec);
	while (pos < len) {
		struct bb_btf_ext_sec sec;

		if (len - pos < 2 * sizeof(__u32))
			return fail(why, "%s ends inside a section header", k->name);
		sec.sec_name = bb_btf_str(btf, get_u32(p + pos));
		sec.nr = get_u32(p + pos + 4);
		pos += 2 * sizeof(__u32);
		if (!*sec.sec_name)
			return fail(why, "%s section name offset %u is not a name in .BTF", k->name,
				    get_u32(p + pos - 8));
		if (sec.nr == 0)
			return fail(why, "%s section '%s' has no records", k->name, sec.sec_name);
		if ((uint64_t)sec.nr * info->rec_size > len - pos)
			return fail(why, "%s section '%s': %u records of %u bytes run past the end",
				    k->name, sec.sec_name, sec.nr, info->rec_size);
		sec.recs = p + pos;
		pos += (size_t)sec.nr * info->rec_size;
		err = check_recs(k, info, &sec, why);
		if (!err)
			err = add_sec(info, &sec);
		if (err)
			return err;
	}
	return 0;
}

static int parse_hdr(const unsigned char *data, size_t size, struct ext_hdr *h, const char **why)
{
	memset(h, 0, sizeof(*h));
	if (size < HDR_MIN)
		return fail(why, "%zu bytes, shorter than its header", size);
	memcpy(h, data, HDR_MIN);
	if (h->magic == 0x9FeB)
		return fail(why, "byte order differs from this machine");
	if (h->magic != BTF_EXT_MAGIC)
		return fail(why, "bad magic 0x%04x", h->magic);
	if (h->version != 1)
		return fail(why, "version %u, expected 1", h->version);
	if (h->hdr_len < HDR_MIN || h->hdr_len > size)
		return fail(why, "header length %u outside 24..%zu", h->hdr_len, size);
	if (h->hdr_len >= HDR_CORE)
		memcpy(&h->core_off, data + HDR_MIN, HDR_CORE - HDR_MIN);
	return 0;
}

static int check_block(const char *name, __u32 off, __u32 len, size_t avail, const char **why)
{
	if (len && ((uint64_t)off + len > avail || off % 4))
		return fail(why, "%s at offset %u, %u bytes, lies outside the %zu bytes of data",
			    name, off, len, avail);
	return 0;
}

int bb_btf_ext_parse(const void *data, size_t size, const struct bb_btf *btf,
		     struct bb_btf_ext **out, const char **why)
{
	static const struct info_kind func = { "func_info", sizeof(struct bpf_func_info) },
				      line = { "line_info", sizeof(struct bpf_line_info) },
				      core = { "core_relo", sizeof(struct bpf_core_relo) };
	struct bb_btf_ext *ext;
	const unsigned char *body;
	struct ext_hdr h;
	size_t avail;
	int err;

	*why = NULL;
	err = parse_hdr(data, size, &h, why);
	if (err)
		return err;
	avail = size - h.hdr_len;
	if ((err = check_block("func_info", h.func_off, h.func_len, avail, why)) ||
	    (err = check_block("line_info", h.line_off, h.line_len, avail, why)) ||
	    (err = check_block("core_relo", h.core_off, h.core_len, avail, why)))
		return err;
	ext = calloc(1, sizeof(*ext));
	if (!ext || !(ext->data = malloc(size))) {
		free(ext);
		return -ENOMEM;
	}
	memcpy(ext->data, data, size);
	ext->size = size;
	body = ext->data + h.hdr_len;
	err = parse_info(&func, body, h.func_off, h.func_len, btf, &ext->func, why);
	if (!err)
		err = parse_info(&line, body, h.line_off, h.line_len, btf, &ext->line, why);
	if (!err)
		err = parse_info(&core, body, h.core_off, h.core_len, btf, &ext->core, why);
	if (err) {
		bb_btf_ext_free(ext);
		return err;
	}
	*out = ext;
	return 0;
}

void bb_btf_ext_free(struct bb_btf_ext *ext)
{
	if (!ext)
		return;
	free(ext->func.secs);
	free(ext->line.secs);
	free(ext->core.secs);
	free(ext->data);
	free(ext);
}

const struct bb_btf_ext_sec *bb_btf_ext_find(const struct bb_btf_ext_info *info,
					     const char *sec_name)
{
	for (size_t i = 0; i < info->nr_secs; i++)
		if (!strcmp(info->secs[i].sec_name, sec_name))
			return &info->secs[i];
	return NULL;
}
