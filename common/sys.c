#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "log.h"
#include "sys.h"

/* The result, or -errno. */
static long RET(long r)
{
	return r < 0 ? -errno : r;
}

const char *bb_open_flags(int flags, char *buf, size_t size)
{
	static const struct { int bit; const char *name; } bits[] = {
		{ O_CREAT, "O_CREAT" }, { O_EXCL, "O_EXCL" }, { O_TRUNC, "O_TRUNC" },
		{ O_APPEND, "O_APPEND" }, { O_NONBLOCK, "O_NONBLOCK" },
		{ O_DIRECTORY, "O_DIRECTORY" }, { O_CLOEXEC, "O_CLOEXEC" },
	};
	int acc = flags & O_ACCMODE;
	size_t n = (size_t)snprintf(buf, size, "%s", acc == O_WRONLY ? "O_WRONLY" :
				    acc == O_RDWR ? "O_RDWR" : "O_RDONLY");

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]) && n < size; i++)
		if (flags & bits[i].bit)
			n += (size_t)snprintf(buf + n, size - n, "|%s", bits[i].name);
	return buf;
}

int bb_sys_openat(const char *path, int flags, const char *why)
{
	/* By number: C libraries reach open() through open or openat, fstat()
	 * through fstat or newfstatat, access() through access or faccessat,
	 * depending on the library and the architecture; -v names the real call. */
	int fd = (int)syscall(SYS_openat, AT_FDCWD, path, flags, 0600);
	char f[128];

	return (int)bb_narrate(RET(fd), why, "openat(AT_FDCWD, \"%s\", %s)", bb_printable(path),
			       bb_open_flags(flags, f, sizeof(f)));
}

ssize_t bb_sys_read(int fd, void *buf, size_t n, const char *why)
{
	ssize_t r;

	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	return bb_narrate(RET(r), why, "read(%d, ..., %zu)", fd, n);
}

/* Bytes quoted the way strace quotes them: "p:group/event sym\n". */
static void quote(const unsigned char *p, size_t n, char *out, size_t size)
{
	size_t j = 0;

	out[j++] = '"';
	for (size_t i = 0; i < n && j + 6 < size; i++) {
		if (p[i] == '\n' || p[i] == '\t' || p[i] == '"' || p[i] == '\\')
			j += (size_t)snprintf(out + j, size - j, "\\%c",
					      p[i] == '\n' ? 'n' : p[i] == '\t' ? 't' : p[i]);
		else if (p[i] < ' ' || p[i] >= 0x7f)
			j += (size_t)snprintf(out + j, size - j, "\\%o", p[i]);
		else
			out[j++] = (char)p[i];
	}
	snprintf(out + j, size - j, "\"");
}

ssize_t bb_sys_write(int fd, const void *buf, size_t n, const char *why)
{
	ssize_t r = write(fd, buf, n);
	char text[600] = "...";

	if (n < 120 && bb_log_enabled(BB_LOG_DEBUG))
		quote(buf, n, text, sizeof(text));
	return bb_narrate(RET(r), why, "write(%d, %s, %zu)", fd, text, n);
}

int bb_sys_close(int fd, const char *why)
{
	return (int)bb_narrate(RET(close(fd)), why, "close(%d)", fd);
}

int bb_sys_fstat(int fd, struct stat *st, const char *why)
{
	int r = (int)RET(syscall(SYS_newfstatat, fd, "", st, AT_EMPTY_PATH));

	return (int)bb_narrate(r, why, "newfstatat(%d, \"\", {st_mode=%s, st_size=%lld}, "
			       "AT_EMPTY_PATH)", fd, r ? "?" : S_ISREG(st->st_mode) ? "S_IFREG" :
			       S_ISDIR(st->st_mode) ? "S_IFDIR" : "S_IF...",
			       r ? 0 : (long long)st->st_size);
}

int bb_sys_stat(const char *path, struct stat *st, const char *why)
{
	int r = (int)RET(syscall(SYS_newfstatat, AT_FDCWD, path, st, 0));

	return (int)bb_narrate(r, why, "newfstatat(AT_FDCWD, \"%s\", {st_mode=%s, ...}, 0)",
			       bb_printable(path), r ? "?" : S_ISREG(st->st_mode) ? "S_IFREG" :
			       S_ISDIR(st->st_mode) ? "S_IFDIR" : "S_IF...");
}

void *bb_sys_mmap(size_t len, int prot, int flags, int fd, off_t off, const char *why)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);
	const char *pr = prot & PROT_WRITE ? "PROT_READ|PROT_WRITE" : "PROT_READ";
	const char *fl = flags & MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE";
	int err = errno;

	if (p == MAP_FAILED)
		bb_narrate(-err, why, "mmap(NULL, %zu, %s, %s, %d, %#llx)", len, pr, fl, fd,
			   (unsigned long long)off);
	else if (bb_log_enabled(BB_LOG_DEBUG))
		bb_log(BB_LOG_DEBUG, "mmap(NULL, %zu, %s, %s, %d, %#llx) = %p", len, pr, fl, fd,
		       (unsigned long long)off, p);
	if (p != MAP_FAILED && why)
		bb_log(BB_LOG_EXPLAIN, "^ %s", why);
	errno = err;
	return p;
}

int bb_sys_munmap(void *addr, size_t len, const char *why)
{
	return (int)bb_narrate(RET(munmap(addr, len)), why, "munmap(%p, %zu)", addr, len);
}

int bb_sys_ioctl(int fd, unsigned long req, const char *req_name, unsigned long arg,
		 const char *why)
{
	return (int)bb_narrate(RET(ioctl(fd, req, arg)), why, "ioctl(%d, %s, %lu)", fd, req_name,
			       arg);
}

int bb_sys_mount(const char *src, const char *target, const char *type, const char *why)
{
	return (int)bb_narrate(RET(mount(src, target, type, 0, NULL)), why,
			       "mount(\"%s\", \"%s\", \"%s\", 0, NULL)", src, target, type);
}

ssize_t bb_sys_readlink(const char *path, char *buf, size_t size, const char *why)
{
	ssize_t n = readlinkat(AT_FDCWD, path, buf, size);

	return bb_narrate(RET(n), why, "readlinkat(AT_FDCWD, \"%s\", ..., %zu)", path, size);
}

int bb_sys_unlink(const char *path, const char *why)
{
	return (int)bb_narrate(RET(unlinkat(AT_FDCWD, path, 0)), why, "unlinkat(AT_FDCWD, \"%s\", 0)",
			       path);
}

int bb_sys_access(const char *path, const char *why)
{
	return (int)bb_narrate(RET(syscall(SYS_faccessat, AT_FDCWD, path, F_OK)), why,
			       "faccessat(AT_FDCWD, \"%s\", F_OK)", path);
}

long bb_sys_statfs_type(const char *path, const char *why)
{
	struct statfs st;
	long r = RET(statfs(path, &st));

	bb_narrate(r, why, "statfs(\"%s\", {f_type=%#lx, ...})", path, r ? 0 : (long)st.f_type);
	return r ? r : (long)st.f_type;
}

int bb_sys_kill(pid_t pid, int sig, const char *why)
{
	return (int)bb_narrate(RET(kill(pid, sig)), why, "kill(%d, %d)", (int)pid, sig);
}

int bb_sys_uname(char *release, size_t size, const char *why)
{
	struct utsname u;
	int r = RET(uname(&u));

	if (!r)
		snprintf(release, size, "%s", u.release);
	return (int)bb_narrate(r, why, "uname({sysname=\"Linux\", release=\"%s\", ...})",
			       r ? "?" : u.release);
}

int bb_sys_socket(int domain, int type, int proto, const char *spelled, const char *why)
{
	return (int)bb_narrate(RET(socket(domain, type, proto)), why, "socket(%s)", spelled);
}

int bb_sys_bind(int fd, const void *addr, unsigned int len, const char *spelled,
		const char *why)
{
	return (int)bb_narrate(RET(bind(fd, addr, len)), why, "bind(%d, %s, %u)", fd, spelled,
			       len);
}

int bb_sys_setsockopt(int fd, int level, int name, const void *val, unsigned int len,
		      const char *spelled, const char *why)
{
	return (int)bb_narrate(RET(setsockopt(fd, level, name, val, len)), why,
			       "setsockopt(%d, %s, %u)", fd, spelled, len);
}

/* msg as strace shows it, the first buffer spelled by spell (n bytes of it). */
static const char *spell_msg(const struct msghdr *m, const char *name, bb_spell_fn spell,
			     size_t n, char *out, size_t size)
{
	char iov[1400] = "...";

	if (!bb_log_enabled(BB_LOG_DEBUG))
		return "";
	if (spell && m->msg_iovlen)
		spell(m->msg_iov[0].iov_base, n, iov, sizeof(iov));
	snprintf(out, size, "{msg_name=%s, msg_namelen=%u, msg_iov=[{iov_base=%s, iov_len=%zu}], "
		 "msg_iovlen=%zu, msg_controllen=0, msg_flags=0}", name, (unsigned)m->msg_namelen,
		 iov, m->msg_iovlen ? m->msg_iov[0].iov_len : 0, (size_t)m->msg_iovlen);
	return out;
}

ssize_t bb_sys_sendmsg(int fd, const struct msghdr *m, const char *name, bb_spell_fn spell,
		       const char *why)
{
	ssize_t r = RET(sendmsg(fd, m, 0));
	char text[1700];

	return bb_narrate(r, why, "sendmsg(%d, %s, 0)", fd,
			  spell_msg(m, name, spell, m->msg_iovlen ? m->msg_iov[0].iov_len : 0,
				    text, sizeof(text)));
}

ssize_t bb_sys_recvmsg(int fd, struct msghdr *m, const char *name, bb_spell_fn spell,
		       const char *why)
{
	ssize_t r;
	char text[1700];

	do
		r = RET(recvmsg(fd, m, 0));
	while (r == -EINTR);
	return bb_narrate(r, why, "recvmsg(%d, %s, 0)", fd,
			  r < 0 ? "{...}" : spell_msg(m, name, spell, (size_t)r, text, sizeof(text)));
}

int bb_sys_uname_version(char *release, size_t rsize, char *version, size_t vsize,
			 const char *why)
{
	struct utsname u;
	int r = RET(uname(&u));

	if (!r) {
		snprintf(release, rsize, "%s", u.release);
		snprintf(version, vsize, "%s", u.version);
	}
	return (int)bb_narrate(r, why, "uname({sysname=\"Linux\", release=\"%s\", "
			       "version=\"%s\", ...})", r ? "?" : u.release, r ? "?" : u.version);
}
