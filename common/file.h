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

/* A big read-only file, mapped where the kernel allows it (sysfs's BTF
 * since 6.16 takes a private read-only mmap), else read whole. */
struct bb_file {
	const void *data;
	size_t size;
	int mapped;
};

int bb_file_load(const char *path, size_t max, struct bb_file *f);
void bb_file_unload(struct bb_file *f);

/* The same from an open fd (an iterator's, a pipe's), read to end of file. */
int bb_read_fd(int fd, size_t max, char **buf, size_t *size);

/* The blank-separated word at or after s (spaces and tabs skipped), its
 * length in *len; NULL when the line or the text ends first. The parsers of
 * /proc and tracefs lines use it rather than sscanf, which costs a static
 * binary 4 KB. */
const char *bb_word(const char *s, size_t *len);
/* The word at s copied into out (NUL-terminated); NULL when there is none or
 * it does not fit, else the rest of the line after it. */
const char *bb_word_copy(const char *s, char *out, size_t size);

/* "0-3,5,7-8" (a kernel CPU list) into set[0..max): set[c] = 1 for each CPU
 * c listed. Returns the number of CPUs set, or -EINVAL for a malformed list. */
int bb_cpu_list_parse(const char *text, unsigned char *set, int max);
/* The same read from /sys/devices/system/cpu/{possible,online}. */
int bb_cpu_list_read(const char *which, unsigned char *set, int max);

#endif
