/* Library names (libc.so.6) turned into the path the dynamic loader would
 * map: the one a running process has mapped (/proc/PID/maps, with --pid),
 * else /etc/ld.so.cache ("glibc-ld.so.cache1.1"), else the standard
 * multiarch directories. */
#ifndef BAREBPF_LIBPATH_H
#define BAREBPF_LIBPATH_H

#include <stddef.h>
#include <sys/types.h>

/* name is a path (holding '/', made absolute) or a library name; the path
 * found goes into out. 0 or -ENOENT with a message naming what was read. */
int libpath_resolve(const char *name, pid_t pid, char *out, size_t size);
/* The address process pid maps the file at path (its first mapping's start
 * minus its file offset), for probe addresses of shared libraries. */
int libpath_load_base(pid_t pid, const char *path, unsigned long long *base);

#endif
