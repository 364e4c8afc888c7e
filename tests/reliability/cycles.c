/* cycles N OBJ...: N cycles of open, load, attach, read, detach and free in
 * one process, taking the objects in turn, through barebpf.h as an embedder
 * does; checks that the fd count and RSS stay at their level after the first
 * 10 cycles. Prints PASS/FAIL lines. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <barebpf.h>

static int on_event(void *ctx, int cpu, const void *data, size_t size)
{
	(void)cpu, (void)data, (void)size;
	++*(unsigned long *)ctx;
	return 0;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, resident = 0;

	if (f && fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = 0;
	if (f)
		fclose(f);
	return resident * 4;
}

/* One round for one object: every step that can fail, then every release. */
static int cycle(const char *path, unsigned long *events)
{
	struct bb_object *obj;
	struct bb_loader *l = NULL;
	struct bb_events *ev = NULL;
	struct bb_map_info m;
	int err;

	if ((err = bb_object_open_file(path, &obj)) || (err = bb_loader_new(obj, NULL, &l)) ||
	    (err = bb_loader_load(l)) || (err = bb_events_new(on_event, NULL, events, &ev)))
		goto out;
	for (size_t i = 0; !err && !bb_object_map(bb_loader_object(l), i, &m); i++)
		if (m.type == BPF_MAP_TYPE_RINGBUF)
			err = bb_events_add_ringbuf(ev, bb_loader_map_fd(l, i), m.name);
		else if (m.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			err = bb_events_add_perf(ev, bb_loader_map_fd(l, i), m.name, 0);
	if (!err && (err = bb_loader_attach(l, NULL)) >= 0)
		err = bb_events_consume(ev) < 0 ? -1 : 0;
out:
	bb_loader_free(l);
	bb_events_free(ev);
	return err;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 0, fds = 0, failed = 0;
	unsigned long events = 0;
	long rss = 0;

	if (rounds < 20 || argc < 3)
		return fprintf(stderr, "usage: cycles CYCLES(>=20) OBJ...\n"), 2;
	for (int r = 0; r < rounds && !failed; r++) {
		const char *path = argv[2 + r % (argc - 2)];

		if (cycle(path, &events)) {
			printf("FAIL cycles: cycle %d: %s failed\n", r, path);
			failed = 1;
		}
		if (r == 9) {
			fds = count_fds();
			rss = rss_kib();
		}
	}
	if (failed)
		return 1;
	printf("%s cycles: %d cycles over %d objects: fds %d after cycle 10, %d at the end\n",
	       count_fds() == fds ? "PASS" : "FAIL", rounds, argc - 2, fds, count_fds());
	printf("%s cycles: RSS %ld KiB after cycle 10, %ld KiB at the end (%lu events read)\n",
	       rss_kib() - rss <= 1024 ? "PASS" : "FAIL", rss, rss_kib(), events);
	return 0;
}
