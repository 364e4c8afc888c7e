/* Embedding barebpf: open an object, set a global, load, attach, print the
 * ring buffer's events until Ctrl-C, clean up. Build against the installed
 * library:  cc embed.c $(pkg-config --cflags --libs barebpf)
 * Run:      ./embed embed.bpf.o COMM */
#include <signal.h>
#include <stdio.h>
#include <barebpf.h>

struct event {
	__u32 pid;
	char comm[16];
};

static volatile sig_atomic_t stop;

static void on_signal(int sig) { (void)sig; stop = 1; }

static void on_log(void *ctx, enum bb_log_level level, const char *msg)
{
	if (level <= BB_LOG_WARN)
		fprintf(ctx, "embed: %s\n", msg);
}

static int on_event(void *ctx, int cpu, const void *data, size_t size)
{
	const struct event *e = data;

	(void)ctx, (void)cpu;
	if (size >= sizeof(*e))
		printf("exec pid %u comm %.16s\n", e->pid, e->comm);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct bb_object *obj = NULL;
	struct bb_loader *l = NULL;
	struct bb_events *ev = NULL;
	char set[64];
	int map, err;

	if (argc != 3)
		return fprintf(stderr, "usage: embed OBJ COMM\n"), 2;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	bb_set_log(on_log, stderr);
	snprintf(set, sizeof(set), "target_comm=%s", argv[2]);
	if ((err = bb_object_open_file(argv[1], &obj)) || (err = bb_object_set_global(obj, set))) {
		bb_object_free(obj);
		goto out;
	}
	map = bb_object_find_map(obj, "events"); /* the loader owns obj from here on */
	if ((err = bb_loader_new(obj, NULL, &l)) || (err = map) < 0 || (err = bb_loader_load(l)))
		goto out;
	if ((err = bb_events_new(on_event, NULL, NULL, &ev)) ||
	    (err = bb_events_add_ringbuf(ev, bb_loader_map_fd(l, (size_t)map), "events")) ||
	    (err = bb_loader_attach(l, NULL)) < 0)
		goto out;
	fprintf(stderr, "embed: attached; Ctrl-C to stop\n");
	while (!stop && (err = bb_events_poll(ev, 200)) >= 0)
		;
	err = stop ? 0 : err;
out:
	bb_loader_free(l); /* detaches first, so no event lands in a freed ring */
	bb_events_free(ev);
	if (err)
		fprintf(stderr, "embed: %s\n", bb_strerror(err));
	return err ? 1 : 0;
}
