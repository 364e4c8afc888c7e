/* The record of barebpf's own pins in a directory, and bb_unpin. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "bpf.h"
#include "log.h"
#include "pins.h"
#include "strbuf.h"
#include "sys.h"

#define RECORD "barebpf_pins"

/* The names recorded in dir so far: a malloc'd NUL-separated list, *len bytes. */
static int read_record(const char *dir, char **names, size_t *len)
{
	char path[512];
	struct bpf_map_info info;
	__u32 zero = 0;
	int fd, err;

	*names = NULL;
	*len = 0;
	snprintf(path, sizeof(path), "%s/" RECORD, dir);
	bb_why("the record of what barebpf pinned here");
	fd = sys_bpf_obj_get(path);
	if (fd < 0)
		return fd;
	err = sys_bpf_map_get_info(fd, &info);
	if (!err && (info.type != BPF_MAP_TYPE_ARRAY || info.key_size != 4))
		err = -EINVAL;
	if (!err && !(*names = calloc(1, info.value_size + 1)))
		err = -ENOMEM;
	if (!err)
		err = sys_bpf_map_lookup_elem(fd, &zero, *names);
	bb_sys_close(fd, NULL);
	if (!err)
		*len = info.value_size;
	return err;
}

static int listed(const char *names, size_t len, const char *name)
{
	for (size_t off = 0; off < len && names[off]; off += strlen(names + off) + 1)
		if (!strcmp(names + off, name))
			return 1;
	return 0;
}

/* A new record map with all the names, pinned in place of the old one. */
static int write_record(const char *dir, const char *names, size_t len)
{
	struct sys_bpf_map_params p = { .name = "barebpf_pins", .map_type = BPF_MAP_TYPE_ARRAY,
					.key_size = 4, .value_size = (__u32)len, .max_entries = 1 };
	char path[512];
	__u32 zero = 0;
	int fd, err;

	snprintf(path, sizeof(path), "%s/" RECORD, dir);
	bb_why("a map holding the names barebpf pinned here, for barebpf unpin");
	if ((fd = sys_bpf_map_create(&p)) < 0)
		return fd;
	err = sys_bpf_map_update_elem(fd, &zero, names, BPF_ANY);
	if (!err) {
		bb_sys_unlink(path, "replace the old record");
		err = sys_bpf_obj_pin(fd, path);
	}
	bb_sys_close(fd, NULL);
	if (err)
		bb_err("pins: cannot record what was pinned in %s: %s", dir, bb_strerror(err));
	return err;
}

int pins_record(const char *dir, const char *const *names, size_t n)
{
	struct bb_strbuf sb = { 0 };
	char *old;
	size_t len;
	int err = 0;

	if (read_record(dir, &old, &len))
		len = 0;
	if (len && (err = bb_strbuf_append(&sb, old, len)))
		goto out;
	while (sb.len && sb.s[sb.len - 1] == '\0')	/* the old value's padding */
		sb.len--;
	if (sb.len)
		sb.len++;	/* keep one NUL after the last old name */
	for (size_t i = 0; !err && i < n; i++)
		if (!listed(sb.s ? sb.s : "", sb.len, names[i]))
			err = bb_strbuf_append(&sb, names[i], strlen(names[i]) + 1);
	if (!err && sb.len)
		err = write_record(dir, sb.s, sb.len);
out:
	free(old);
	bb_strbuf_free(&sb);
	return err;
}

int bb_unpin(const char *dir)
{
	char *names, path[512];
	size_t len;
	int removed = 0, err = read_record(dir, &names, &len);

	if (err) {
		bb_err("unpin %s: %s", dir, err == -ENOENT ? "barebpf pinned nothing here (no "
		       RECORD ")" : bb_strerror(err));
		return err;
	}
	for (size_t off = 0; off < len && names[off]; off += strlen(names + off) + 1) {
		if (strchr(names + off, '/') || !strcmp(names + off, ".."))
			continue;	/* never outside dir */
		snprintf(path, sizeof(path), "%s/%s", dir, names + off);
		removed += !bb_sys_unlink(path, "remove a pin barebpf made");
	}
	free(names);
	snprintf(path, sizeof(path), "%s/" RECORD, dir);
	if ((err = bb_sys_unlink(path, "and the record of them"))) {
		bb_err("unpin %s: cannot remove %s: %s", dir, path, bb_strerror(err));
		return err;
	}
	return removed;
}
