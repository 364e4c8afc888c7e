#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "btf.h"
#include "kconfig.h"

int bb_gunzip(const void *gz, size_t size, size_t max, char **out, size_t *out_size)
{
	z_stream zs;
	size_t cap = size * 4 + 4096;
	char *buf = malloc(cap), *grown;
	int ret = Z_OK;

	*out = NULL;
	memset(&zs, 0, sizeof(zs));
	if (!buf || inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return -ENOMEM;
	}
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = (uInt)size;
	while (ret == Z_OK) {
		if (cap - zs.total_out < 2) {
			if (cap >= max || !(grown = realloc(buf, cap * 2)))
				break;
			buf = grown;
			cap *= 2;
		}
		zs.next_out = (unsigned char *)buf + zs.total_out;
		zs.avail_out = (uInt)(cap - zs.total_out - 1);
		ret = inflate(&zs, Z_NO_FLUSH);
	}
	*out_size = zs.total_out;
	inflateEnd(&zs);
	if (ret != Z_STREAM_END) {
		free(buf);
		return ret == Z_OK ? -EFBIG : -EINVAL;
	}
	buf[*out_size] = '\0';
	*out = buf;
	return 0;
}

int bb_kconfig_find(const char *text, size_t size, const char *name, const char **val,
		    size_t *len)
{
	size_t n = strlen(name);

	for (const char *p = text, *end = text + size; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l > n && !strncmp(p, name, n) && p[n] == '=') {
			*val = p + n + 1;
			*len = l - n - 1;
			return 0;
		}
		if (l == n + 13 && !strncmp(p, "# ", 2) && !strncmp(p + 2, name, n) &&
		    !strncmp(p + 2 + n, " is not set", 11)) {
			*val = "n";
			*len = 1;
			return 0;
		}
		p += l + 1;
	}
	return -ENOENT;
}

enum kind { K_BOOL, K_TRISTATE, K_CHAR, K_INT, K_STRING, K_BAD };

static enum kind kind_of(const struct bb_btf *btf, __u32 id, int *is_signed)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, id));
	const char *name = t ? bb_btf_str(btf, t->name_off) : "";

	*is_signed = 0;
	if (!t)
		return K_BAD;
	if (bb_btf_kind(t) == BTF_KIND_ENUM)
		return !strcmp(name, "libbpf_tristate") ? K_TRISTATE : K_INT;
	if (bb_btf_kind(t) == BTF_KIND_ARRAY) {
		const struct btf_array *a = bb_btf_extra(t);
		const struct btf_type *e = bb_btf_type(btf, bb_btf_resolve(btf, a->type));

		return e && bb_btf_kind(e) == BTF_KIND_INT && e->size == 1 ? K_STRING : K_BAD;
	}
	if (bb_btf_kind(t) != BTF_KIND_INT)
		return K_BAD;
	if (BTF_INT_ENCODING(bb_btf_int_enc(t)) & BTF_INT_BOOL)
		return K_BOOL;
	if (t->size == 1 && (!strcmp(name, "char") ||
			     BTF_INT_ENCODING(bb_btf_int_enc(t)) & BTF_INT_CHAR))
		return K_CHAR;
	*is_signed = !!(BTF_INT_ENCODING(bb_btf_int_enc(t)) & BTF_INT_SIGNED);
	return K_INT;
}

static int encode_int(const char *val, size_t len, int is_signed, void *dst, size_t size,
		      const char **why)
{
	char num[32], *end;
	unsigned long long u;
	long long s;

	if (!len || len >= sizeof(num) || size > 8)
		return *why = "not a number", -EINVAL;
	memcpy(num, val, len);
	num[len] = '\0';
	errno = 0;
	if (is_signed) {
		s = strtoll(num, &end, 0);
		u = (unsigned long long)s;
		if (size < 8 && (s < -(1LL << (size * 8 - 1)) || s >= (1LL << (size * 8 - 1))))
			errno = ERANGE;
	} else {
		u = strtoull(num, &end, 0);
		if (num[0] == '-' || (size < 8 && u >> (size * 8)))
			errno = ERANGE;
	}
	if (*end || errno)
		return *why = errno ? "out of range for its type" : "not a number", -EINVAL;
	memcpy(dst, &u, size); /* little-endian hosts and BPF share the byte order */
	return 0;
}

static int encode_string(const char *val, size_t len, void *dst, size_t size, const char **why)
{
	char *d = dst;
	size_t j = 0;

	if (len < 2 || val[0] != '"' || val[len - 1] != '"')
		return *why = "not a quoted string", -EINVAL;
	memset(dst, 0, size);
	for (size_t i = 1; i + 1 < len && j + 1 < size; i++) {
		if (val[i] == '\\' && i + 2 < len)
			i++;
		d[j++] = val[i];
	}
	return 0;
}

int bb_kconfig_encode(const struct bb_btf *btf, __u32 type_id, const char *val, size_t len,
		      void *dst, size_t size, const char **why)
{
	int is_signed, yes = len == 1 && val[0] == 'y', no = len == 1 && val[0] == 'n';
	int mod = len == 1 && val[0] == 'm';
	unsigned char *d = dst;

	*why = NULL;
	switch (kind_of(btf, type_id, &is_signed)) {
	case K_BOOL:
		if (!yes && !no)
			return *why = "a bool takes y or n", -EINVAL;
		d[0] = (unsigned char)yes;
		return 0;
	case K_TRISTATE:
		if (!yes && !no && !mod)
			return *why = "a tristate takes y, n or m", -EINVAL;
		memset(dst, 0, size);
		d[0] = yes ? 1 : mod ? 2 : 0; /* TRI_NO, TRI_YES, TRI_MODULE */
		return 0;
	case K_CHAR:
		if (!yes && !no && !mod)
			return *why = "a char takes y, n or m", -EINVAL;
		d[0] = (unsigned char)val[0];
		return 0;
	case K_INT:
		if (yes || no || mod)
			return *why = "an integer cannot hold y, n or m", -EINVAL;
		return encode_int(val, len, is_signed, dst, size, why);
	case K_STRING:
		return encode_string(val, len, dst, size, why);
	default:
		return *why = "its type is not bool, tristate, char, an integer or a char array",
		       -EINVAL;
	}
}

__u32 bb_version_code(const char *s)
{
	unsigned long v[3] = { 0, 0, 0 };
	char *end;
	int n;

	for (n = 0; s && n < 3 && *s >= '0' && *s <= '9'; n++) {
		v[n] = strtoul(s, &end, 10);
		s = *end == '.' ? end + 1 : NULL;
	}
	if (n < 2 || v[0] > 255 || v[1] > 255)
		return 0;
	return (__u32)((v[0] << 16) | (v[1] << 8) | (v[2] > 255 ? 255 : v[2]));
}

__u32 bb_kernel_version_code(const char *release, const char *version, const char *signature)
{
	const char *p;
	__u32 v;

	if (signature && (p = strrchr(signature, ' ')) && (v = bb_version_code(p + 1)))
		return v;
	if (version && (p = strstr(version, "Debian ")) && (v = bb_version_code(p + 7)))
		return v;
	return bb_version_code(release);
}
