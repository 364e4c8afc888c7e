#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "sys.h"

static int grow(char **buf, size_t *cap, size_t need)
{
	char *n;

	if (need <= *cap)
		return 0;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 4096;
	if (!(n = realloc(*buf, *cap)))
		return -ENOMEM;
	*buf = n;
	return 0;
}

/* A file the kernel generates (procfs, tracefs) comes a page a read: the
 * narration says so once, in a count, rather than once a page. */
static int read_fd(int fd, size_t hint, size_t max, char **buf, size_t *size)
{
	size_t cap = 0, len = 0, reads = 0;
	ssize_t n;
	int err;

	*buf = NULL;
	do {
		if ((err = grow(buf, &cap, (hint > len ? hint : len + 4096) + 1)))
			goto fail;
		n = reads++ < 2 ? bb_sys_read(fd, *buf + len, cap - len - 1, NULL)
				: read(fd, *buf + len, cap - len - 1);
		if (n < 0 && reads > 2)
			n = -errno;
		if (n == -EINTR)
			continue;
		if (n < 0) {
			err = (int)n;
			goto fail;
		}
		len += (size_t)n;
		if (hint && len == hint)
			break;	/* a regular file read to its size: no read to find EOF */
		if (len > max) {
			err = -EFBIG;
			goto fail;
		}
	} while (n > 0);
	if (reads > 2)
		bb_debug("... %zu more read(%d) calls, %zu bytes in all", reads - 2, fd, len);
	(*buf)[len] = '\0';
	*size = len;
	return 0;
fail:
	free(*buf);
	*buf = NULL;
	return err;
}

int bb_read_fd(int fd, size_t max, char **buf, size_t *size)
{
	return read_fd(fd, 0, max, buf, size);
}

int bb_read_file(const char *path, size_t max, unsigned int flags, char **buf, size_t *size)
{
	int fd = bb_sys_openat(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, NULL), err;
	struct stat st;

	*buf = NULL;
	if (fd < 0)
		return fd;
	if ((err = bb_sys_fstat(fd, &st, NULL)))
		;
	else if ((flags & BB_FILE_REGULAR) && !S_ISREG(st.st_mode))
		err = -EINVAL;
	else if (S_ISREG(st.st_mode) && (size_t)st.st_size > max)
		err = -EFBIG;
	else
		err = read_fd(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, max, buf, size);
	bb_sys_close(fd, NULL);
	return err;
}

int bb_file_load(const char *path, size_t max, struct bb_file *f)
{
	int fd = bb_sys_openat(path, O_RDONLY | O_CLOEXEC, "map the file rather than read it "
			       "a page at a time"), err;
	struct stat st;
	char *buf;

	memset(f, 0, sizeof(*f));
	if (fd < 0)
		return fd;
	err = bb_sys_fstat(fd, &st, NULL);
	if (!err && S_ISREG(st.st_mode) && st.st_size > 0 && (size_t)st.st_size <= max) {
		void *p = bb_sys_mmap((size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0, NULL);

		if (p != MAP_FAILED) {
			*f = (struct bb_file){ p, (size_t)st.st_size, 1 };
			bb_sys_close(fd, NULL);
			return 0;
		}
	}
	bb_sys_close(fd, NULL);
	if (!err && !(err = bb_read_file(path, max, 0, &buf, &f->size)))
		f->data = buf;
	return err;
}

void bb_file_unload(struct bb_file *f)
{
	if (f->mapped)
		bb_sys_munmap((void *)f->data, f->size, NULL);
	else
		free((void *)f->data);
	memset(f, 0, sizeof(*f));
}

const char *bb_word(const char *s, size_t *len)
{
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\n')
		n++;
	*len = n;
	return n ? s : NULL;
}

const char *bb_word_copy(const char *s, char *out, size_t size)
{
	size_t n;

	if (!(s = bb_word(s, &n)) || n >= size)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return s + n;
}

int bb_cpu_list_parse(const char *text, unsigned char *set, int max)
{
	const char *s = text;
	int n = 0;

	memset(set, 0, (size_t)max);
	while (*s && *s != '\n') {
		char *end;
		long a = strtol(s, &end, 10), b = a;

		if (end == s || a < 0)
			return -EINVAL;
		if (*end == '-') {
			s = end + 1;
			b = strtol(s, &end, 10);
			if (end == s || b < a)
				return -EINVAL;
		}
		for (long c = a; c <= b && c < max; c++)
			n += !set[c], set[c] = 1;
		if (*end != ',' && *end != '\n' && *end)
			return -EINVAL;
		s = *end == ',' ? end + 1 : end;
	}
	return n ? n : -EINVAL;
}

int bb_cpu_list_read(const char *which, unsigned char *set, int max)
{
	char path[64], *text;
	size_t size;
	int err;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s", which);
	if ((err = bb_read_file(path, 1 << 16, 0, &text, &size)))
		return err;
	err = bb_cpu_list_parse(text, set, max);
	free(text);
	return err;
}
