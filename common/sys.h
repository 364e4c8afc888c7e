/* The plain system calls the library makes, each narrated at -v the way
 * strace shows it (the call's real name, decoded arguments, the return value
 * or -1 ERRNO (meaning)) and, at -vv, with why it is made. Each returns what
 * the call returns, errors as -errno. */
#ifndef BAREBPF_SYS_H
#define BAREBPF_SYS_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

int bb_sys_openat(const char *path, int flags, const char *why);
ssize_t bb_sys_read(int fd, void *buf, size_t n, const char *why);
ssize_t bb_sys_write(int fd, const void *buf, size_t n, const char *why);
int bb_sys_close(int fd, const char *why);
int bb_sys_fstat(int fd, struct stat *st, const char *why);
int bb_sys_stat(const char *path, struct stat *st, const char *why);
/* Returns the mapping, or MAP_FAILED with errno set. */
void *bb_sys_mmap(size_t len, int prot, int flags, int fd, off_t off, const char *why);
int bb_sys_munmap(void *addr, size_t len, const char *why);
/* req_name is the request's name as strace spells it (PERF_EVENT_IOC_ENABLE). */
int bb_sys_ioctl(int fd, unsigned long req, const char *req_name, unsigned long arg,
		 const char *why);
int bb_sys_mount(const char *src, const char *target, const char *type, const char *why);
ssize_t bb_sys_readlink(const char *path, char *buf, size_t size, const char *why);
int bb_sys_access(const char *path, const char *why);
int bb_sys_unlink(const char *path, const char *why);
/* statfs's f_type, or -errno. */
long bb_sys_statfs_type(const char *path, const char *why);
int bb_sys_kill(pid_t pid, int sig, const char *why);
int bb_sys_uname(char *release, size_t size, const char *why);
/* The release and the version (uname -r, uname -v). */
int bb_sys_uname_version(char *release, size_t rsize, char *version, size_t vsize,
			 const char *why);

/* Sockets. spelled is the arguments as strace decodes them
 * ("AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE"); the message calls
 * spell msg_iov's first buffer with spell (netlink headers, decoded) and
 * msg_name with name ("{sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}"). */
struct msghdr;
typedef const char *(*bb_spell_fn)(const void *buf, size_t len, char *out, size_t size);
int bb_sys_socket(int domain, int type, int proto, const char *spelled, const char *why);
int bb_sys_bind(int fd, const void *addr, unsigned int len, const char *spelled,
		const char *why);
int bb_sys_setsockopt(int fd, int level, int name, const void *val, unsigned int len,
		      const char *spelled, const char *why);
ssize_t bb_sys_sendmsg(int fd, const struct msghdr *m, const char *name, bb_spell_fn spell,
		       const char *why);
ssize_t bb_sys_recvmsg(int fd, struct msghdr *m, const char *name, bb_spell_fn spell,
		       const char *why);

/* "O_RDONLY|O_NONBLOCK|O_CLOEXEC", as strace decodes open flags. */
const char *bb_open_flags(int flags, char *buf, size_t size);

#endif
