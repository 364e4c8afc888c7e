/* Makes known system calls on demand, so kernel tests can count their events. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A uprobe target with a known argument and return value. */
__attribute__((noinline)) int bb_trigger_point(int n)
{
	__asm__ volatile("" ::: "memory");
	return 2 * n;
}

/* Waits until PATH exists, then removes it: one step of a script's sequence. */
static void wait_step(const char *path)
{
	struct stat st;

	while (stat(path, &st))
		usleep(20000);
	unlink(path);
}

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 1;

	if (argc < 2) {
		fprintf(stderr, "usage: trigger getpid|getppid|getpgid|connect|burst|soak|exec|open|"
			"unlinkat|uprobe [N] [PATH|IPV4]\n");
		return 2;
	}
	if (!strcmp(argv[1], "burst") || !strcmp(argv[1], "soak")) {
		/* perf reports a CPU's losses only in front of that CPU's next record:
		 * the last call must run where the burst ran. */
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
		sched_setaffinity(0, sizeof(one), &one);
	}
	if (!strcmp(argv[1], "soak")) {
		/* N seconds of bursts of 5000 getpid()s 50 ms apart, then one more
		 * once the readers caught up (it carries the last loss report). */
		time_t end = time(NULL) + n;

		while (time(NULL) < end) {
			for (int i = 0; i < 5000; i++)
				syscall(SYS_getpid);
			usleep(50000);
		}
		sleep(1);
		syscall(SYS_getpid);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (!strcmp(argv[1], "getpid")) {
			syscall(SYS_getpid);
		} else if (!strcmp(argv[1], "getpgid")) {
			/* With PATH, each call waits for PATH to appear (and removes it). */
			long r;

			/* Its own group, so the answer is its pid: getpgid(getpid())
			 * (a nonzero pid, which asks security_task_getpgid too). */
			if (i == 0)
				setpgid(0, 0);
			if (argc > 3)
				wait_step(argv[3]);
			errno = 0;
			r = syscall(SYS_getpgid, getpid());
			printf("getpgid %d: pid %d ret %ld errno %d\n", i + 1, (int)getpid(), r,
			       r < 0 ? errno : 0);
			fflush(stdout);
		} else if (!strcmp(argv[1], "connect")) {
			/* A TCP connect to IPV4 port 9; what connect() said. */
			struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(9) };
			int fd = socket(AF_INET, SOCK_STREAM, 0), r;

			if (argc < 4 || inet_pton(AF_INET, argv[3], &sa.sin_addr) != 1) {
				fprintf(stderr, "trigger: connect needs an IPv4 address\n");
				return 2;
			}
			r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
			printf("connect %s: ret %d errno %d (%s)\n", argv[3], r, r < 0 ? errno : 0,
			       r < 0 ? strerror(errno) : "connected");
			fflush(stdout);
			close(fd);
		} else if (!strcmp(argv[1], "getppid")) {
			syscall(SYS_getppid);
		} else if (!strcmp(argv[1], "open")) {
			int fd = open(argc > 3 ? argv[3] : "/dev/null", O_RDONLY);

			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[1], "burst")) {
			/* N getpid()s as fast as possible, then one more once the readers
			 * have caught up: perf reports a loss in front of the next record. */
			syscall(SYS_getpid);
			if (i == n - 1) {
				sleep(1);
				syscall(SYS_getpid);
			}
		} else if (!strcmp(argv[1], "uprobe")) {
			bb_trigger_point(i);
		} else if (!strcmp(argv[1], "unlinkat")) {
			const char *path = argc > 3 ? argv[3] : "/tmp/barebpf-trigger";
			int fd = open(path, O_WRONLY | O_CREAT, 0600);

			if (fd >= 0)
				close(fd);
			unlinkat(AT_FDCWD, path, 0);
		} else if (!strcmp(argv[1], "exec")) {
			pid_t pid = fork();

			if (pid == 0) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			}
			waitpid(pid, NULL, 0);
		} else {
			fprintf(stderr, "trigger: unknown event '%s'\n", argv[1]);
			return 2;
		}
	}
	return 0;
}
