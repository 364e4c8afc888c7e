/* barebpf: the command line, a thin layer over loader/ and elf/. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "btf.h"
#include "disasm.h"
#include "ksym.h"
#include "loader.h"
#include "log.h"
#include "names.h"
#include "tracefs.h"

enum { EXIT_LOAD = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"usage: barebpf [-v] COMMAND ARG [OPTIONS]\n"
	"\n"
	"commands:\n"
	"  inspect OBJ     show programs, maps, globals, relocations and code (no privileges)\n"
	"  load OBJ        create maps and load every program; attach nothing\n"
	"  run OBJ         load, attach every program by its section, stream trace_pipe\n"
	"  syscall NAME    print the kernel function a ksyscall/NAME probe attaches to\n"
	"  cleanup         remove kprobe/uprobe events left by barebpf processes that died\n"
	"\n"
	"options:\n"
	"  -v, --verbose          narrate every system call as it is made\n"
	"  -d, --duration SECS    run: stop after SECS seconds (default: until Ctrl-C/SIGTERM)\n"
	"  -p, --pid PID          run: uprobes fire only in process PID\n"
	"  -h, --help             this text\n"
	"\n"
	"sections understood: tracepoint/CAT/NAME tp/CAT/NAME raw_tracepoint/NAME raw_tp/NAME\n"
	"  kprobe/SYM kretprobe/SYM ksyscall/NAME kretsyscall/NAME uprobe/PATH:SYM\n"
	"  uretprobe/PATH:SYM socket xdp perf_event\n"
	"exit status: 0 success, 1 load or attach failed, 2 usage or unreadable object\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void log_to_stderr(enum bb_log_level level, const char *msg)
{
	if (level == BB_LOG_DEBUG)
		fprintf(stderr, "  %s\n", msg);
	else
		fprintf(stderr, "barebpf: %s%s\n", level == BB_LOG_WARN ? "warning: " : "", msg);
}

static const char *const attach_names[] = {
	"-", "tracepoint", "raw_tracepoint", "kprobe", "kretprobe", "ksyscall", "kretsyscall",
	"uprobe", "uretprobe",
};

static const char *reloc_type_name(unsigned int type)
{
	switch (type) {
	case 1: return "R_BPF_64_64";
	case 2: return "R_BPF_64_ABS64";
	case 3: return "R_BPF_64_ABS32";
	case 4: return "R_BPF_64_NODYLD32";
	case 10: return "R_BPF_64_32";
	default: return "R_BPF_?";
	}
}

static const char *map_origin(const struct bb_map_def *m)
{
	if (m->origin == BB_MAP_LEGACY)
		return "legacy 'maps'";
	if (m->origin == BB_MAP_BTF)
		return "BTF '.maps'";
	return m->frozen ? "global data, frozen" : "global data";
}

static void print_code(const struct bb_object *o, const struct bb_prog *p)
{
	size_t seg = 0, rel = 0;
	char text[160];

	for (size_t i = 0; i < p->insn_cnt;) {
		const struct bpf_insn *next = i + 1 < p->insn_cnt ? &p->insns[i + 1] : NULL;
		int n;

		if (seg < p->nr_segs && p->segs[seg].out_insn == i)
			printf("    <%s>:\n", p->segs[seg++].func);
		n = bb_disasm(&p->insns[i], next, text, sizeof(text));
		while (rel < p->nr_relocs && p->relocs[rel].insn < i)
			rel++;
		if (rel < p->nr_relocs && p->relocs[rel].insn == i) {
			const struct bb_reloc *r = &p->relocs[rel];

			if (r->kind == BB_RELOC_MAP_FD)
				snprintf(text, sizeof(text), "r%d = map '%s'", p->insns[i].dst_reg,
					 o->maps[r->map].name);
			else
				snprintf(text, sizeof(text), "r%d = &%s[%u]", p->insns[i].dst_reg,
					 o->maps[r->map].name, r->off);
		}
		printf("    %4zu: %s\n", i, text);
		i += (size_t)n;
	}
}

static void inspect(const struct bb_object *o)
{
	printf("object %s: license \"%s\", version %#x, %s\n", o->name, o->license,
	       o->kern_version, o->btf ? "BTF" : "no BTF");
	printf("\nprograms (%zu):\n", o->nr_progs);
	for (size_t i = 0; i < o->nr_progs; i++) {
		const struct bb_prog *p = &o->progs[i];

		printf("  %-20s %-16s insns %-5zu section %s\n", p->name, bb_prog_type_name(p->type),
		       p->insn_cnt, bb_printable(p->section));
		if (p->attach != BB_ATTACH_NONE)
			printf("  %-20s attach %s %s\n", "", attach_names[p->attach],
			       bb_printable(p->target));
	}
	printf("\nmaps (%zu):\n", o->nr_maps);
	for (size_t i = 0; i < o->nr_maps; i++) {
		const struct bb_map_def *m = &o->maps[i];

		printf("  %-20s %-16s key %-3u value %-5u max_entries %-6u flags %#x  (%s)\n",
		       m->name, bb_map_type_name(m->type), m->key_size, m->value_size,
		       m->max_entries, m->flags, map_origin(m));
	}
	printf("\nglobal variables (%zu):\n", o->nr_vars);
	for (size_t i = 0; i < o->nr_vars; i++)
		printf("  %-20s %s+%zu, %zu bytes\n", o->vars[i].name, o->maps[o->vars[i].map].name,
		       o->vars[i].off, o->vars[i].size);
	printf("\nrelocations (%zu):\n", o->nr_elf_relocs);
	for (size_t i = 0; i < o->nr_elf_relocs; i++) {
		const struct bb_sym_reloc *r = &o->elf_relocs[i];

		printf("  %s+%#zx (insn %zu)  %-12s %s (%s)\n", bb_printable(r->section), r->offset,
		       r->offset / 8, reloc_type_name(r->type), r->sym, bb_printable(r->sym_section));
	}
	for (size_t i = 0; i < o->nr_progs; i++) {
		printf("\nprogram %s, linked (%zu instructions):\n", o->progs[i].name,
		       o->progs[i].insn_cnt);
		print_code(o, &o->progs[i]);
	}
}

static int load_all(struct bb_loader *l, int report)
{
	const struct bb_object *o = bb_loader_object(l);
	int failed = 0;

	if (bb_loader_create_maps(l))
		return -1;
	for (size_t i = 0; i < o->nr_progs; i++) {
		int err = bb_loader_load_prog(l, i);

		failed |= err != 0;
		if (report && !err)
			printf("program '%s' (%s): verified, %zu instructions\n", o->progs[i].name,
			       o->progs[i].section, o->progs[i].insn_cnt);
	}
	return failed ? -1 : 0;
}

/* Copies what trace_pipe holds now to out (or drops it when out is NULL). */
static void drain(int pipe_fd, FILE *out)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(pipe_fd, buf, sizeof(buf))) > 0)
		if (out)
			fwrite(buf, 1, (size_t)n, out);
	if (out)
		fflush(out);
}

static double elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static void stream(int pipe_fd, double duration)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop && (duration <= 0 || elapsed(&start) < duration)) {
		struct pollfd pfd = { .fd = pipe_fd, .events = POLLIN };

		if (poll(&pfd, 1, 100) > 0)
			drain(pipe_fd, stdout);
	}
}

static int attach_all(struct bb_loader *l, const struct bb_attach_opts *opts, size_t *attached)
{
	const struct bb_object *o = bb_loader_object(l);

	for (size_t i = 0; i < o->nr_progs; i++) {
		if (o->progs[i].attach == BB_ATTACH_NONE) {
			bb_warn("program '%s': section '%s' has no event to attach to; loaded only",
				o->progs[i].name, o->progs[i].section);
			continue;
		}
		if (bb_loader_attach_prog(l, i, opts))
			return -1;
		(*attached)++;
	}
	return 0;
}

static void cleanup_stale(void)
{
	for (int kind = PROBE_KPROBE; kind <= PROBE_UPROBE; kind++) {
		int n = probe_cleanup_stale((enum probe_kind)kind);

		if (n > 0)
			bb_info("removed %d %s event(s) left by barebpf processes that died", n,
				kind == PROBE_KPROBE ? "kprobe" : "uprobe");
	}
}

static int cleanup(void)
{
	int total = 0, err = 0;

	for (int kind = PROBE_KPROBE; kind <= PROBE_UPROBE; kind++) {
		int n = probe_cleanup_stale((enum probe_kind)kind);

		if (n >= 0)
			total += n;
		else if (n != -ENOENT)
			err = n;
	}
	if (err)
		bb_err("cleanup: %s", bb_strerror(err));
	printf("removed %d stale probe event(s)\n", total);
	return err ? EXIT_LOAD : 0;
}

static int syscall_function(const char *name)
{
	char fn[256];
	int err = ksym_syscall(name, fn, sizeof(fn));

	if (err) {
		bb_err("syscall '%s': %s", name, err == -ENOENT ? "no such function in the kernel" :
		       err == -EINVAL ? "not a syscall name" : bb_strerror(err));
		return EXIT_LOAD;
	}
	printf("%s\n", fn);
	return 0;
}

static int run(struct bb_loader *l, double duration, const struct bb_attach_opts *opts)
{
	struct sigaction sa = { .sa_handler = on_signal };
	size_t attached = 0;
	int pipe_fd, ret = EXIT_LOAD;

	if (load_all(l, 0))
		return EXIT_LOAD;
	pipe_fd = tracefs_open_pipe();
	if (pipe_fd < 0)
		return EXIT_LOAD;
	/* Lines still buffered from before we attached are not ours to show. */
	drain(pipe_fd, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cleanup_stale();
	if (!attach_all(l, opts, &attached)) {
		fprintf(stderr, "barebpf: %zu program(s) attached; streaming trace_pipe, "
			"Ctrl-C to stop\n", attached);
		stream(pipe_fd, duration);
		ret = 0;
	}
	bb_loader_detach(l);
	drain(pipe_fd, stdout);
	close(pipe_fd);
	if (!ret)
		fprintf(stderr, "barebpf: detached\n");
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "duration", required_argument, NULL, 'd' },
		{ "pid", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct bb_attach_opts attach = { 0 };
	struct bb_object *obj;
	struct bb_loader *l;
	double duration = 0;
	const char *cmd;
	char *end;
	int c, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	bb_set_log(log_to_stderr);
	while ((c = getopt_long(argc, argv, "vd:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			bb_set_log_level(BB_LOG_DEBUG);
			break;
		case 'd':
			duration = strtod(optarg, &end);
			if (*end || duration <= 0) {
				fprintf(stderr, "barebpf: --duration wants a positive number of "
					"seconds, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'p':
			attach.pid = (pid_t)strtol(optarg, &end, 10);
			if (*end || attach.pid <= 0) {
				fprintf(stderr, "barebpf: --pid wants a process id, not '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	cmd = optind < argc ? argv[optind] : "";
	if (!strcmp(cmd, "cleanup") && argc - optind == 1)
		return cleanup();
	if (argc - optind != 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "syscall"))
		return syscall_function(argv[optind + 1]);
	if (strcmp(cmd, "inspect") && strcmp(cmd, "load") && strcmp(cmd, "run")) {
		fprintf(stderr, "barebpf: unknown command '%s'\n%s", cmd, usage);
		return EXIT_USAGE;
	}
	if (bb_object_open_file(argv[optind + 1], &obj))
		return EXIT_USAGE;
	if (!strcmp(cmd, "inspect")) {
		inspect(obj);
		bb_object_free(obj);
		return 0;
	}
	if (bb_loader_new(obj, &l))
		return EXIT_LOAD;
	if (!strcmp(cmd, "load"))
		ret = load_all(l, 1) ? EXIT_LOAD : 0;
	else
		ret = run(l, duration, &attach);
	bb_loader_free(l);
	return ret;
}
