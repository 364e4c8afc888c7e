#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "barebpf.h"
#include "object.h"
#include "log.h"

static const struct bb_var *find_var(const struct bb_object *o, const char *name)
{
	for (size_t i = 0; i < o->nr_vars; i++)
		if (!strcmp(o->vars[i].name, name))
			return &o->vars[i];
	return NULL;
}

static void unknown_var(const struct bb_object *o, const char *name)
{
	char list[1024] = "";
	size_t len = 0;

	for (size_t i = 0; i < o->nr_vars && len < sizeof(list) - 64; i++)
		if (!strchr(o->vars[i].name, '.'))
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s (%s)",
						len ? ", " : "", o->vars[i].name,
						o->maps[o->vars[i].map].name);
	bb_err("global '%s': no such variable; %s has: %s", name, o->name,
	       len ? list : "no global variables");
}

/* In host byte order, which the object shares (checked when it was opened). */
static void store(unsigned char *out, size_t size, unsigned long long v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;
	uint64_t u64 = v;

	memcpy(out, size == 1 ? (void *)&u8 : size == 2 ? (void *)&u16 :
		    size == 4 ? (void *)&u32 : (void *)&u64, size);
}

static int parse_int(const struct btf_type *t, const char *s, unsigned char *out, size_t size)
{
	__u32 enc = BTF_INT_ENCODING(bb_btf_int_enc(t));
	unsigned int bits = 8 * (unsigned int)size;
	char *end;

	if (enc & BTF_INT_BOOL) {
		if (strcmp(s, "true") && strcmp(s, "false") && strcmp(s, "1") && strcmp(s, "0"))
			return -EINVAL;
		out[0] = !strcmp(s, "true") || !strcmp(s, "1");
		return 0;
	}
	errno = 0;
	if (enc & BTF_INT_SIGNED) {
		long long v = strtoll(s, &end, 0);
		long long max = bits == 64 ? LLONG_MAX : (1LL << (bits - 1)) - 1;

		if (*end || !*s)
			return -EDOM;
		if (errno || v > max || v < -max - 1)
			return -ERANGE;
		store(out, size, (unsigned long long)v);
	} else {
		unsigned long long v = strtoull(s, &end, 0);
		unsigned long long max = bits == 64 ? ULLONG_MAX : (1ULL << bits) - 1;

		if (*end || !*s || (*s == '-' && strspn(s + 1, "0123456789") != strlen(s + 1)))
			return -EDOM;
		if (errno || *s == '-' || v > max)
			return -ERANGE;
		store(out, size, v);
	}
	return 0;
}

static int parse_enum(const struct bb_btf *btf, const struct btf_type *t, const char *s,
		      unsigned char *out, size_t size)
{
	char *end;
	long long v;

	for (unsigned int i = 0; i < bb_btf_vlen(t); i++)
		if (!strcmp(bb_btf_str(btf, bb_btf_enum_name_off(t, i)), s)) {
			store(out, size, bb_btf_enum_value(t, i));
			return 0;
		}
	v = strtoll(s, &end, 0);
	if (*end || !*s)
		return -EINVAL;
	store(out, size, (unsigned long long)v);
	return 0;
}

static int parse_value(const struct bb_btf *btf, unsigned int type, const char *s,
		       unsigned char *out, size_t size)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, type));
	const struct btf_array *a;
	const struct btf_type *elem;

	if (!t)
		return -EINVAL;
	switch (bb_btf_kind(t)) {
	case BTF_KIND_INT:
		return t->size == size && size <= 8 && !(size & (size - 1))
			       ? parse_int(t, s, out, size) : -EOPNOTSUPP;
	case BTF_KIND_ENUM:
		return t->size == size && size <= 8 && !(size & (size - 1))
			       ? parse_enum(btf, t, s, out, size) : -EOPNOTSUPP;
	case BTF_KIND_ARRAY:
		a = bb_btf_extra(t);
		elem = bb_btf_type(btf, bb_btf_resolve(btf, a->type));
		if (!elem || bb_btf_kind(elem) != BTF_KIND_INT || elem->size != 1 ||
		    a->nelems != size)
			return -EOPNOTSUPP;
		if (strlen(s) >= size)
			return -ERANGE;
		memset(out, 0, size);
		memcpy(out, s, strlen(s));
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* "int, a signed 4-byte integer from -2147483648 to 2147483647" */
static void describe_type(const struct bb_btf *btf, unsigned int type, size_t size, char *buf,
			  size_t n)
{
	const struct btf_type *t = bb_btf_type(btf, bb_btf_resolve(btf, type));
	const char *name = t ? bb_btf_str(btf, t->name_off) : NULL;
	unsigned int bits = 8 * (unsigned int)size;

	if (!t || bb_btf_kind(t) != BTF_KIND_INT || size > 8 || !size) {
		snprintf(buf, n, "a %zu-byte %s", size, t && bb_btf_kind(t) == BTF_KIND_ARRAY ?
			 "char array (a string of fewer bytes)" : "value");
	} else if (BTF_INT_ENCODING(bb_btf_int_enc(t)) & BTF_INT_SIGNED) {
		long long max = bits == 64 ? LLONG_MAX : (1LL << (bits - 1)) - 1;

		snprintf(buf, n, "%s, a signed %zu-byte integer from %lld to %lld",
			 name && *name ? name : "int", size, -max - 1, max);
	} else {
		unsigned long long max = bits == 64 ? ULLONG_MAX : (1ULL << bits) - 1;

		snprintf(buf, n, "%s, an unsigned %zu-byte integer from 0 to %llu",
			 name && *name ? name : "unsigned int", size, max);
	}
}

int bb_object_set_global(struct bb_object *o, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char name[128], what[128];
	unsigned int type;
	const struct bb_var *v;
	struct bb_map_def *m;
	int id, err;

	if (!eq || eq == assignment || (size_t)(eq - assignment) >= sizeof(name)) {
		bb_err("--set '%s': expected NAME=VALUE", assignment);
		return -EINVAL;
	}
	memcpy(name, assignment, (size_t)(eq - assignment));
	name[eq - assignment] = '\0';
	v = find_var(o, name);
	if (!v) {
		unknown_var(o, name);
		return -ENOENT;
	}
	m = &o->maps[v->map];
	id = o->btf ? bb_btf_find(o->btf, name, BTF_KIND_VAR) : -ENOENT;
	if (id < 0) {
		bb_err("global '%s': the object has no BTF for it, so its type is unknown", name);
		return -ENOENT;
	}
	if (!m->data || v->off > m->value_size || v->size > m->value_size - v->off) {
		bb_err("global '%s' lies outside its section", name); /* checked at open too */
		return -EINVAL;
	}
	type = bb_btf_type(o->btf, (unsigned int)id)->type;
	err = parse_value(o->btf, type, eq + 1, m->data + v->off, v->size);
	if (err == -EDOM || err == -ERANGE)
		describe_type(o->btf, type, v->size, what, sizeof(what));
	if (err == -EOPNOTSUPP)
		bb_err("global '%s': only integers, bools, enums and char arrays can be set", name);
	else if (err == -EDOM)
		bb_err("global '%s': '%s' is not a number; its type is %s", name, eq + 1, what);
	else if (err == -ERANGE)
		bb_err("global '%s': '%s' is out of range; its type is %s", name, eq + 1, what);
	else if (err)
		bb_err("global '%s': '%s' is not a value of its type", name, eq + 1);
	else
		bb_debug("global '%s' (%s+%zu) = %s", name, m->name, v->off, eq + 1);
	return err;
}
