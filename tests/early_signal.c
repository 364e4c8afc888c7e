/* Starts a command with SIGINT ignored (as a shell starts a script's
 * background jobs), sends it SIGINT DELAY_US microseconds after its exec, and
 * waits at most TIMEOUT_MS for it to end. Prints its exit status; exits 0 if
 * it ended in time, 3 if it had to be killed.
 * usage: early_signal DELAY_US TIMEOUT_MS COMMAND [ARG...] */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Returns once the child has exec'd: the close-on-exec pipe reads EOF. */
static pid_t spawn(char **argv)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		signal(SIGINT, SIG_IGN);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	while (pid > 0 && read(p[0], &c, 1) < 0 && errno == EINTR)
		;
	close(p[0]);
	return pid;
}

int main(int argc, char **argv)
{
	long delay_us, timeout_ms, start;
	int status;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: early_signal DELAY_US TIMEOUT_MS COMMAND [ARG...]\n");
		return 2;
	}
	delay_us = atol(argv[1]);
	timeout_ms = atol(argv[2]);
	if ((pid = spawn(argv + 3)) < 0) {
		perror("early_signal: fork");
		return 2;
	}
	usleep((useconds_t)delay_us);
	kill(pid, SIGINT);
	start = now_ms();
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (now_ms() - start > timeout_ms) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			printf("killed after %ld ms\n", timeout_ms);
			return 3;
		}
		usleep(2000);
	}
	if (WIFEXITED(status))
		printf("exit %d after %ld ms, pid %d\n", WEXITSTATUS(status), now_ms() - start,
		       (int)pid);
	else
		printf("signal %d after %ld ms, pid %d\n", WTERMSIG(status), now_ms() - start,
		       (int)pid);
	return 0;
}
