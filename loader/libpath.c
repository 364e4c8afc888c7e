#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "file.h"
#include "libpath.h"
#include "log.h"
#include "sys.h"

#define CACHE_MAGIC "glibc-ld.so.cache1.1"
#define OLD_MAGIC "ld.so-1.7.0"
#define NEW_HEADER 48		/* magic, nlibs, len_strings, flags, extension, unused */
#define NEW_ENTRY 24		/* flags, key, value, osversion, hwcap */

static int basename_is(const char *path, const char *name)
{
	const char *b = strrchr(path, '/');

	return b && !strcmp(b + 1, name);
}

/* A line of /proc/PID/maps: START-END PERMS OFFSET DEV INODE PATH */
static int maps_line(const char *line, unsigned long long *start, unsigned long long *off,
		     char *path, size_t size)
{
	const char *w;
	size_t n;
	char *end;

	*start = strtoull(line, &end, 16);
	if (end == line || *end != '-' || !(w = bb_word(end, &n)) || !(w = bb_word(w + n, &n)) ||
	    !(w = bb_word(w + n, &n)))
		return 0;
	*off = strtoull(w, NULL, 16);
	for (int i = 0; i < 2; i++)	/* DEV, INODE */
		if (!(w = bb_word(w + n, &n)))
			return 0;
	return bb_word_copy(w + n, path, size) != NULL;
}

/* The file of that name (or basename) pid has mapped, and its load base. */
static int from_maps(pid_t pid, const char *name, char *out, size_t size,
		     unsigned long long *base)
{
	char maps[64], *text, *line, path[PATH_MAX];
	unsigned long long start, off;
	size_t len;
	int found = 0;

	snprintf(maps, sizeof(maps), "/proc/%d/maps", (int)pid);
	bb_why("which file of this name the process has mapped, and where");
	if (bb_read_file(maps, (size_t)64 << 20, 0, &text, &len))
		return -ENOENT;
	for (line = text; !found && line && *line; line = strchr(line, '\n'), line += !!line)
		if (maps_line(line, &start, &off, path, sizeof(path)) &&
		    (basename_is(path, name) || !strcmp(path, name))) {
			snprintf(out, size, "%s", path);
			*base = start - off;
			found = 1;
		}
	free(text);
	return found ? 0 : -ENOENT;
}

static const char *cache_lookup(const char *c, size_t n, const char *name)
{
	__u32 nlibs;

	if (n < NEW_HEADER || memcmp(c, CACHE_MAGIC, strlen(CACHE_MAGIC)))
		return NULL;
	memcpy(&nlibs, c + 20, 4);
	if (nlibs > (n - NEW_HEADER) / NEW_ENTRY)
		return NULL;
	for (__u32 i = 0; i < nlibs; i++) {
		const char *e = c + NEW_HEADER + (size_t)i * NEW_ENTRY;
		__s32 flags;
		__u32 key, value;

		memcpy(&flags, e, 4);
		memcpy(&key, e + 4, 4);
		memcpy(&value, e + 8, 4);
		if (key >= n || value >= n || !memchr(c + key, '\0', n - key) ||
		    !memchr(c + value, '\0', n - value))
			continue;
		if ((flags & 0xffff) == ARCH_LDSO_CACHE_FLAGS && !strcmp(c + key, name))
			return c + value;
	}
	return NULL;
}

/* /etc/ld.so.cache: the new format, alone or after the old one. */
static int from_cache(const char *name, char *out, size_t size)
{
	const char *hit = NULL;
	char *c;
	size_t n, skip = 0;
	__u32 old;

	bb_why("the dynamic loader's cache of library names and paths");
	if (bb_read_file("/etc/ld.so.cache", (size_t)64 << 20, 0, &c, &n))
		return -ENOENT;
	if (n >= 16 && !memcmp(c, OLD_MAGIC, strlen(OLD_MAGIC))) {
		memcpy(&old, c + 12, 4);
		skip = (16 + (size_t)old * 12 + 7) & ~(size_t)7;
	}
	if (skip < n)
		hit = cache_lookup(c + skip, n - skip, name);
	if (hit)
		snprintf(out, size, "%s", hit);
	free(c);
	return hit ? 0 : -ENOENT;
}

static int from_dirs(const char *name, char *out, size_t size)
{
	static const char *const dirs[] = { "/lib/" ARCH_MULTIARCH, "/usr/lib/" ARCH_MULTIARCH,
					    "/lib64", "/usr/lib64", "/lib", "/usr/lib" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(out, size, "%s/%s", dirs[i], name);
		if (!bb_sys_access(out, "is the library in this standard directory?"))
			return 0;
	}
	return -ENOENT;
}

int libpath_resolve(const char *name, pid_t pid, char *out, size_t size)
{
	unsigned long long base;
	char abs[PATH_MAX];

	if (strchr(name, '/')) {
		if (name[0] != '/' && realpath(name, abs))
			name = abs;
		snprintf(out, size, "%s", name);
		return 0;
	}
	if ((pid > 0 && !from_maps(pid, name, out, size, &base)) ||
	    !from_cache(name, out, size) || !from_dirs(name, out, size)) {
		bb_debug("library '%s' is %s", name, out);
		return 0;
	}
	bb_err("library '%s': not found in %s/etc/ld.so.cache, /lib/%s, /usr/lib/%s, /lib64, "
	       "/usr/lib64, /lib or /usr/lib", name, pid > 0 ? "the process's maps, " : "",
	       ARCH_MULTIARCH, ARCH_MULTIARCH);
	return -ENOENT;
}

int libpath_load_base(pid_t pid, const char *path, unsigned long long *base)
{
	char out[PATH_MAX];

	return from_maps(pid, path, out, sizeof(out), base);
}
