/* Makes known system calls on demand, so kernel tests can count their events. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(int argc, char **argv)
{
	int n = argc > 2 ? atoi(argv[2]) : 1;

	if (argc < 2) {
		fprintf(stderr, "usage: trigger getpid|getppid|burst|soak|exec|open|unlinkat|uprobe [N] [PATH]\n");
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
