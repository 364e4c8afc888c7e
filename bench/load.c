/* The load phase: `barebpf load OBJ` against `bpftool prog loadall OBJ DIR`,
 * each a fresh process, interleaved A B B A / B A A B. Wall time is fork to
 * reap; system calls are counted by one `strace -f -c` run of each (apart
 * from the timed runs, which strace would slow). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MAX_RUNS 64

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* bpftool pins into a directory of bpffs: emptied and removed after each run. */
static void remove_pins(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(dir);
}

/* Runs argv with stdout and stderr to /dev/null; returns its exit status. */
static int spawn(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The calls column of strace -c's total line; -1 if strace is missing. */
static long count_calls(char *const argv[], const char *pins)
{
	char out[64], line[256], *sargv[16] = { "strace", "-f", "-c", "-o", out };
	long calls = -1;
	int n = 5;
	FILE *f;

	snprintf(out, sizeof(out), "/tmp/bench-load-%d.strace", (int)getpid());
	for (int i = 0; argv[i] && n < 15; i++)
		sargv[n++] = argv[i];
	sargv[n] = NULL;
	if (spawn(sargv) == 0 && (f = fopen(out, "r"))) {
		while (fgets(line, sizeof(line), f))
			if (strstr(line, " total"))
				sscanf(line, "%*s %*s %*s %ld", &calls);
		fclose(f);
	}
	unlink(out);
	remove_pins(pins);
	return calls;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double med(const double *v, int n)
{
	double s[MAX_RUNS];

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double lo(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static double hi(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

/* One object: both tools runs times, interleaved; 0, or 1 if a load failed. */
static int load_object(const char *barebpf, const char *obj, const char *label, int runs,
		       double ratio[2])
{
	char pins[64];
	char *bb[] = { (char *)barebpf, "load", (char *)obj, NULL };
	char *bt[] = { "bpftool", "prog", "loadall", (char *)obj, pins, NULL };
	char *const *argv[2] = { bb, bt };
	double t[2][MAX_RUNS], r[MAX_RUNS];
	long calls[2];
	int failed = 0;

	snprintf(pins, sizeof(pins), "/sys/fs/bpf/bench_load_%d", (int)getpid());
	for (int i = 0; i < runs; i++)
		for (int j = 0; j < 2; j++) {
			int k = i % 2 ? 1 - j : j;
			double s = now();

			failed |= spawn(argv[k]) != 0;
			t[k][i] = (now() - s) * 1e3;
			remove_pins(pins);
		}
	for (int i = 0; i < runs; i++)
		r[i] = t[0][i] / t[1][i];
	for (int k = 0; k < 2; k++)
		calls[k] = count_calls(argv[k], pins);
	printf("%-6s %-44s barebpf %6.2f ms (%.2f..%.2f)  bpftool %6.2f ms (%.2f..%.2f)  "
	       "wall %.2fx (per-round %.2fx, %.2f..%.2f)  syscalls %ld vs %ld: %.3fx%s\n",
	       label, obj, med(t[0], runs), lo(t[0], runs), hi(t[0], runs), med(t[1], runs),
	       lo(t[1], runs), hi(t[1], runs), med(t[0], runs) / med(t[1], runs), med(r, runs),
	       lo(r, runs), hi(r, runs), calls[0], calls[1],
	       calls[1] > 0 ? (double)calls[0] / (double)calls[1] : 0, failed ? "  FAILED" : "");
	ratio[0] = med(t[0], runs) / med(t[1], runs);
	ratio[1] = calls[1] > 0 ? (double)calls[0] / (double)calls[1] : 0;
	return failed;
}

int bench_load_phase(const char *barebpf, const char *core_obj, const char *plain_obj, int runs,
		     double core[2], double plain[2])
{
	int failed;

	if (runs > MAX_RUNS)
		runs = MAX_RUNS;
	printf("== load: `barebpf load OBJ` against `bpftool prog loadall OBJ DIR`, fresh processes, "
	       "%d runs each, interleaved;\nmedian wall ms (min..max); system calls from one "
	       "`strace -f -c` run each (libc start-up included)\n\n", runs);
	failed = load_object(barebpf, core_obj, "CO-RE", runs, core);
	failed |= load_object(barebpf, plain_obj, "plain", runs, plain);
	printf("\n");
	return failed;
}
