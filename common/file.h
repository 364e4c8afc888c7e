/* Whole files and CPU lists: the small readers every layer shares. */
#ifndef BAREBPF_FILE_H
#define BAREBPF_FILE_H

#include <stddef.h>

enum { BB_FILE_REGULAR = 1 };	/* refuse anything but a regular file (-EINVAL) */

/* Reads all of path (up to max bytes, -EFBIG past that) into a malloc'd
 * buffer with a NUL after the data; works for procfs, sysfs and tracefs files,
 * whose sizes are not known in advance. Opened without blocking, so a FIFO
 * never hangs the caller. 0 or -errno; *buf is NULL on failure. */
int bb_read_file(const char *path, size_t max, unsigned int flags, char **buf, size_t *size);

/* "0-3,5,7-8" (a kernel CPU list) into set[0..max): set[c] = 1 for each CPU
 * c listed. Returns the number of CPUs set, or -EINVAL for a malformed list. */
int bb_cpu_list_parse(const char *text, unsigned char *set, int max);
/* The same read from /sys/devices/system/cpu/{possible,online}. */
int bb_cpu_list_read(const char *which, unsigned char *set, int max);

#endif
