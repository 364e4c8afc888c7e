/* barebpf: the command line, a user of barebpf.h like any other. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "barebpf.h"
#include "opts.h"
#include "show.h"
#include "trace.h"

static volatile sig_atomic_t stop;

static void bb_log_cli(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The command line's own errors, worded like the library's. */
static void bb_log_cli(const char *fmt, ...)
{
	va_list ap;

	fputs("barebpf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void on_signal(int sig)
{
	stop = sig;
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* run only, right after the options (no system call before): a shell starts
 * background jobs with SIGINT ignored, and a signal that comes while the
 * object loads must still end the run. Other commands keep the signal
 * dispositions they were started with and make no call for them. */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaction(stop_signals[i], &sa, NULL);
}

/* Each message leaves in one write (a long verifier log in 64 KiB pieces),
 * so that under strace the narration is a line, not a character, a call. */
struct out {
	char buf[65536];
	size_t len;
};

static void out_flush(struct out *o)
{
	for (size_t done = 0; done < o->len;) {
		ssize_t n = write(2, o->buf + done, o->len - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	o->len = 0;
}

static void out_put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > sizeof(o->buf))
		out_flush(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Messages may quote names from the object: control characters are escaped,
 * and the lines of a multi-line message (a verifier log) are indented, so
 * nothing an object holds can pass for a line of barebpf's own. */
static void log_to_stderr(void *ctx, enum bb_log_level level, const char *msg)
{
	static struct out o;
	char esc[8];

	(void)ctx;
	if (level >= BB_LOG_DEBUG)
		out_put(&o, "  ", 2);
	else if (level == BB_LOG_WARN)
		out_put(&o, "barebpf: warning: ", 18);
	else
		out_put(&o, "barebpf: ", 9);
	for (; *msg; msg++) {
		unsigned char c = (unsigned char)*msg;

		if (c == '\n')
			out_put(&o, "\n    ", 5);
		else if (c < ' ' && c != '\t')
			out_put(&o, esc, (size_t)snprintf(esc, sizeof(esc), "\\x%02x", c));
		else
			out_put(&o, (const char *)&c, 1);
	}
	out_put(&o, "\n", 1);
	out_flush(&o);
}

static int verbosity;	/* -v 1, -vv 2 */

/* The command line's own narration that is no call: summaries at -v. */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void note(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!verbosity)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_to_stderr(NULL, BB_LOG_DEBUG, msg);
}

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

static const char *map_origin(const struct bb_map_info *m)
{
	if (m->origin == BB_MAP_LEGACY)
		return "legacy 'maps'";
	if (m->origin == BB_MAP_BTF)
		return "BTF '.maps'";
	return m->frozen ? "global data, frozen" : "global data";
}

#define P(s) show_str(s, 0)

static void print_code(const struct bb_object *o, size_t i)
{
	char *text, *line, *save;

	if (bb_format_prog(o, i, &text))
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		printf("    %s\n", line);
	free(text);
}

static void inspect_progs(const struct bb_object *o, size_t n)
{
	struct bb_prog_info p;

	printf("\nprograms (%zu):\n", n);
	for (size_t i = 0; i < n && !bb_object_prog(o, i, &p); i++) {
		printf("  %-20s %-16s insns %-5zu section %s\n", P(p.name),
		       bb_prog_type_name(p.prog_type), p.insn_cnt, P(p.section));
		if (p.def && p.def->attachable && p.target)
			printf("  %-20s attach %s %s\n", "", p.def->kind, P(p.target));
		if (!p.autoload)
			printf("  %-20s autoload off: load and run skip it\n", "");
	}
}

static void print_usdt_arg(size_t i, const struct bb_usdt_arg *a)
{
	printf("      arg %zu  %s %d byte%s, ", i + 1, a->is_signed ? "signed" : "unsigned", a->size,
	       a->size == 1 ? "" : "s");
	if (a->kind == BB_USDT_ARG_CONST)
		printf("constant %lld\n", a->val);
	else if (a->kind == BB_USDT_ARG_REG)
		printf("register %s\n", P(a->reg));
	else
		printf("memory at %s%+lld\n", P(a->reg), a->val);
}

static int print_usdt_site(void *ctx, const struct bb_usdt_site *s)
{
	(void)ctx;
	printf("    site %#llx, file offset %#llx, ", (unsigned long long)s->addr,
	       (unsigned long long)s->offset);
	if (s->sema)
		printf("semaphore %#llx, file offset %#llx", (unsigned long long)s->sema,
		       (unsigned long long)s->sema_offset);
	else
		fputs("no semaphore", stdout);
	printf(", args '%s'\n", P(s->spec));
	for (size_t i = 0; i < s->nr_args; i++)
		print_usdt_arg(i, &s->args[i]);
	if (s->why)
		printf("      attach would refuse these arguments: %s\n", s->why);
	return 0;
}

/* Each site a usdt program would attach to, then a line naming the file
 * read: its count, or why it shows none. */
static void inspect_usdt(const struct bb_object *o, size_t n)
{
	struct bb_prog_info p;
	char path[4096];
	int nr, shown = 0;

	for (size_t i = 0; i < n && !bb_object_prog(o, i, &p); i++) {
		if (!p.def || strcmp(p.def->prefix, "usdt"))
			continue;
		if (!shown++)
			printf("\nusdt sites:\n");
		printf("  %-20s %s\n", P(p.name), P(p.target ? p.target : ""));
		nr = bb_object_usdt_sites(o, i, path, sizeof(path), print_usdt_site, NULL);
		if (nr > 0)
			printf("    %d site%s in %s\n", nr, nr == 1 ? "" : "s", P(path));
		else if (!nr)
			printf("    no sites: %s has no USDT probe of that name\n", P(path));
		else if (*path && !strchr(path, '/'))
			printf("    no sites: library %s not found: %s\n", P(path), bb_strerror(nr));
		else if (*path)
			printf("    no sites: %s: %s\n", P(path), bb_strerror(nr));
		else
			printf("    no sites: %s\n", bb_strerror(nr));
	}
}

/* A formatted string (0 from bb_format_*) or "?", printed and freed. */
static void put_text(int err, char **text)
{
	fputs(err ? "?" : *text, stdout);
	if (!err)
		free(*text);
}

static void print_types(const struct bb_object *o, const struct bb_map_info *m)
{
	char *text;

	printf("  %-20s key ", "");
	put_text(bb_format_type(o, m->btf_key_type_id, &text), &text);
	fputs(", value ", stdout);
	put_text(bb_format_type(o, m->btf_value_type_id, &text), &text);
	putchar('\n');
}

/* name, where it lives, its C type and the value it starts with. */
static void print_var(const struct bb_object *o, const struct bb_var_info *v,
		      const struct bb_map_info *m)
{
	char *text;

	printf("  %-20s %s+%zu, %zu bytes", P(v->name), P(m->name), v->offset, v->size);
	if (v->btf_type_id) {
		fputs(", ", stdout);
		put_text(bb_format_type(o, v->btf_type_id, &text), &text);
	}
	if (m->initial && v->offset <= m->value_size && v->size <= m->value_size - v->offset) {
		fputs(" = ", stdout);
		put_text(bb_format_value(o, v->btf_type_id, (const char *)m->initial + v->offset,
					 v->size, 0, &text), &text);
	}
	putchar('\n');
}

static void print_ksym(const struct bb_extern_info *e)
{
	const char *btf = e->module && e->module[0] ? e->module : "vmlinux";

	if (e->kind == BB_EXTERN_KSYM && !e->typed && e->resolved)
		printf(", untyped = %#llx (from /proc/kallsyms)", (unsigned long long)e->addr);
	else if (e->kind == BB_EXTERN_KSYM && !e->typed)
		printf(", untyped = 0 (%s, not in /proc/kallsyms)", e->weak ? "weak" : "missing");
	else if (e->resolved)
		printf(" = %s [%u] in %s's BTF", e->kind == BB_EXTERN_KFUNC ? "FUNC" : "VAR",
		       e->kernel_btf_id, P(btf));
	else
		printf(" = none (%s, in no kernel BTF%s)", e->weak ? "weak" : "missing",
		       e->kind == BB_EXTERN_KFUNC && e->weak ? ": its calls are poisoned" : "");
}

static void inspect_externs(const struct bb_object *o, size_t n)
{
	static const char *const kinds[] = { "kconfig", "ksym", "kfunc" };
	struct bb_extern_info e;
	char *text;

	printf("\nexterns (%zu):\n", n);
	for (size_t i = 0; i < n && !bb_object_extern(o, i, &e); i++) {
		printf("  %-20s %-7s %s", P(e.name), kinds[e.kind], e.weak ? "weak" : "strong");
		if (e.kind == BB_EXTERN_KCONFIG)
			printf(", .kconfig+%zu, %zu bytes", e.offset, e.size);
		if (e.btf_type_id && e.kind != BB_EXTERN_KFUNC) {
			fputs(", ", stdout);
			put_text(bb_format_type(o, e.btf_type_id, &text), &text);
		}
		if (e.kind != BB_EXTERN_KCONFIG)
			print_ksym(&e);
		if (!e.value && e.kind == BB_EXTERN_KCONFIG && e.weak)
			fputs(" = 0 (weak, not set)", stdout);
		if (e.value) {
			fputs(" = ", stdout);
			put_text(bb_format_value(o, e.btf_type_id, e.value, e.size, 0, &text), &text);
		}
		putchar('\n');
	}
}

static void inspect_data(const struct bb_object *o, const struct bb_object_info *oi)
{
	struct bb_map_info m, vm;
	struct bb_var_info v;
	struct bb_elf_reloc_info r;
	const char *name;
	__u32 slot;

	printf("\nmaps (%zu):\n", oi->nr_maps);
	for (size_t i = 0; i < oi->nr_maps && !bb_object_map(o, i, &m); i++) {
		printf("  %-20s %-16s key %-3u value %-5u max_entries %-6u flags %#x  (%s)\n",
		       P(m.name), bb_map_type_name(m.type), m.key_size, m.value_size,
		       m.max_entries, m.flags, map_origin(&m));
		if (m.origin != BB_MAP_DATA && (m.btf_key_type_id || m.btf_value_type_id))
			print_types(o, &m);
		for (size_t k = 0; k < m.nr_slots && !bb_object_map_slot(o, i, k, &slot, &name); k++)
			printf("  %-20s [%u] = %s '%s'\n", "", slot, m.type == BPF_MAP_TYPE_PROG_ARRAY ?
			       "program" : "map", P(name));
	}
	printf("\nglobal variables (%zu):\n", oi->nr_vars);
	for (size_t i = 0; i < oi->nr_vars && !bb_object_var(o, i, &v); i++)
		if (!bb_object_map(o, v.map, &vm))
			print_var(o, &v, &vm);
	inspect_externs(o, oi->nr_externs);
	printf("\nrelocations (%zu):\n", oi->nr_elf_relocs);
	for (size_t i = 0; i < oi->nr_elf_relocs && !bb_object_elf_reloc(o, i, &r); i++)
		printf("  %s+%#zx (insn %zu)  %-12s %s (%s)\n", P(r.section), r.offset,
		       r.offset / 8, reloc_type_name(r.type), P(r.sym), P(r.sym_section));
}

static void inspect(const struct bb_object *o)
{
	struct bb_object_info oi;
	struct bb_prog_info p;

	bb_object_info(o, &oi);
	printf("object %s: license \"%s\", version %#x, %s\n", P(oi.name), P(oi.license),
	       oi.kern_version, oi.has_btf ? "BTF" : "no BTF");
	inspect_progs(o, oi.nr_progs);
	inspect_usdt(o, oi.nr_progs);
	inspect_data(o, &oi);
	for (size_t i = 0; i < oi.nr_progs && !bb_object_prog(o, i, &p); i++) {
		printf("\nprogram %s, linked (%zu instructions):\n", P(p.name), p.insn_cnt);
		print_code(o, i);
	}
}

static int load_all(struct bb_loader *l, int report)
{
	const struct bb_object *o = bb_loader_object(l);
	struct bb_prog_info p;
	int failed = 0;

	if (stop || bb_loader_create_maps(l))
		return -1;
	for (size_t i = 0; !stop && !bb_object_prog(o, i, &p); i++) {
		int err;

		if (!p.autoload) {
			if (report)
				printf("program '%s' (%s): not loaded, autoload is off\n", P(p.name),
				       P(p.section));
			continue;
		}
		err = bb_loader_load_prog(l, i);

		failed |= err != 0;
		if (report && !err)
			printf("program '%s' (%s): verified, %zu instructions\n", P(p.name),
			       P(p.section), p.insn_cnt);
	}
	return failed || stop ? -1 : 0;
}

static long ret_of(long r)
{
	return r < 0 ? -errno : r;
}

/* Copies what trace_pipe holds now to out (or drops it when out is NULL);
 * narrated as one line, as the stream loop reads it again and again. */
static struct line_buf trace_lines;

static size_t drain(int pipe_fd, struct show *out, const char *why)
{
	size_t reads = 0, bytes = 0;
	char buf[4096];
	ssize_t n, first = 0;

	if (pipe_fd < 0)
		return 0;
	while ((n = read(pipe_fd, buf, sizeof(buf))) > 0 || !reads) {
		if (!reads++)
			first = ret_of(n);
		if (n <= 0)
			break;
		bytes += (size_t)n;
		if (out)
			line_feed(&trace_lines, buf, (size_t)n, show_trace_line, out);
	}
	if (out)
		fflush(stdout);
	if (why) {
		bb_narrate(first, why, "read(%d, ..., %zu)", pipe_fd, sizeof(buf));
		if (reads > 1)
			note("... %zu more read(%d) call(s), %zu bytes in all", reads - 1, pipe_fd,
			     bytes);
	}
	return reads;
}

static double elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static int open_rings(struct bb_loader *l, const struct run_opts *o, struct show *s,
		      struct bb_events **ev)
{
	const struct bb_object *obj = bb_loader_object(l);
	struct bb_map_info m;
	int err = 0;

	*ev = NULL;
	for (size_t i = 0; !err && !bb_object_map(obj, i, &m); i++) {
		if (m.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY && m.type != BPF_MAP_TYPE_RINGBUF)
			continue;
		if (!*ev && (err = bb_events_new(show_event, show_lost, s, ev)))
			break;
		err = m.type == BPF_MAP_TYPE_RINGBUF
			      ? bb_events_add_ringbuf(*ev, bb_loader_map_fd(l, i), m.name)
			      : bb_events_add_perf(*ev, bb_loader_map_fd(l, i), m.name, o->page_order);
	}
	return err;
}

/* Runs every attached iterator once and prints what it wrote, a line at a
 * time ({"iter": "..."} with --json). Returns how many iterators ran. */
static int read_iters(struct bb_loader *l, int json)
{
	const struct bb_object *obj = bb_loader_object(l);
	struct bb_prog_info p;
	int n = 0;

	for (size_t i = 0; !bb_object_prog(obj, i, &p); i++) {
		char *text, *line, *save;
		size_t len;

		if (!p.def || p.def->expected_attach_type != BPF_TRACE_ITER ||
		    bb_loader_iter_read(l, i, &text, &len))
			continue;
		n++;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			if (json) {
				size_t need = bb_escape(NULL, 0, line, BB_ESC_JSON) + 1;
				char *esc = malloc(need);

				if (!esc)
					break;
				bb_escape(esc, need, line, BB_ESC_JSON);
				printf("{\"iter\": %s}\n", esc);
				free(esc);
			} else {
				printf("%s\n", line);
			}
		}
		free(text);
	}
	fflush(stdout);
	return n;
}

/* trace_pipe and the event rings in one poll, maps shown every interval. */
/* The deadline nearest now (the end, the next maps, the rings' own: a perf
 * ring that had records is consumed again within BB_EVENTS_DELAY_MS), or
 * NULL to sleep until data or a signal. */
static struct timespec *next_wait(const struct run_opts *o, const struct bb_events *ev,
				  double now, double next_maps, struct timespec *ts)
{
	double until = o->duration > 0 ? o->duration : -1;
	int ring_ms = ev ? bb_events_next_deadline_ms(ev) : -1;

	if (o->interval > 0 && (until < 0 || next_maps < until))
		until = next_maps;
	if (ring_ms >= 0 && (until < 0 || now + ring_ms / 1e3 < until))
		until = now + ring_ms / 1e3;
	if (until < 0)
		return NULL;
	until = until > now ? until - now : 0;
	ts->tv_sec = (time_t)until;
	ts->tv_nsec = (long)((until - (double)ts->tv_sec) * 1e9);
	return ts;
}

/* trace_pipe, the rings and the stop signals in one wait that sleeps in the
 * kernel until one of them or a deadline comes: no timer ticks while idle.
 * The stop signals stay blocked but while ppoll sleeps, so none is missed. */
static void stream(int pipe_fd, struct bb_events *ev, const struct run_opts *o,
		   struct show *s, struct bb_loader *l)
{
	struct pollfd pfd[2] = { { .fd = pipe_fd, .events = POLLIN },
				 { .fd = ev ? bb_events_fd(ev) : -1, .events = POLLIN } };
	struct timespec start, ts;
	double next_maps = o->interval;
	size_t waits = 0, reads = 0;
	sigset_t block, old;

	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&block, stop_signals[i]);
	bb_narrate(ret_of(sigprocmask(SIG_BLOCK, &block, &old)), "block the stop signals: ppoll "
		   "lets them in only while it sleeps, so one that comes between waits is not "
		   "lost", "rt_sigprocmask(SIG_BLOCK, [HUP INT QUIT TERM], [], 8)");
	note("ppoll([{fd=%d, events=POLLIN}, {fd=%d, events=POLLIN}], 2, ..., ~[HUP INT QUIT "
	     "TERM], 8) ...", pipe_fd, pfd[1].fd);
	if (verbosity > 1)
		note("^ the loop sleeps in ppoll until trace_pipe or a ring has data, a signal "
		     "comes or a deadline is due; its waits and reads are counted, not shown");
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop && !ferror(stdout) && (o->duration <= 0 || elapsed(&start) < o->duration)) {
		waits++;
		if (ppoll(pfd, 2, next_wait(o, ev, elapsed(&start), next_maps, &ts), &old) > 0 &&
		    pfd[0].revents)
			reads += drain(pipe_fd, s, NULL);
		/* Not bb_events_poll: a perf fd's readiness is used up by the first poll
		 * that sees it (this one), and a full ring sends no more wake-ups. */
		if (ev)
			bb_events_consume(ev);
		fflush(stdout);
		if (o->interval > 0 && elapsed(&start) >= next_maps) {
			read_iters(l, o->json);
			show_maps(s, l);
			next_maps += o->interval;
		}
	}
	note("... streaming ended: %zu ppoll call(s), %zu read(s) of trace_pipe", waits, reads);
	bb_narrate(ret_of(sigprocmask(SIG_SETMASK, &old, NULL)), NULL,
		   "rt_sigprocmask(SIG_SETMASK, [], NULL, 8)");
}

static int unpin(const char *dir)
{
	int n = bb_unpin(dir);

	if (n < 0)
		return EXIT_LOAD;
	printf("removed %d pin(s) barebpf made in %s\n", n, P(dir));
	return 0;
}

static int cleanup(void)
{
	int n = bb_cleanup_stale_probes();

	if (n < 0) {
		bb_log_cli("cleanup: %s%s", n == -EACCES ? "permission denied: " : "",
			   bb_strerror(n));
		return EXIT_LOAD;
	}
	printf("removed %d stale probe event(s)\n", n);
	return 0;
}

static int syscall_function(const char *name)
{
	char fn[256];
	int err = bb_syscall_function(name, fn, sizeof(fn));

	if (err == -EINVAL)
		return usage_error("syscall", "syscall '%s': not a syscall name (letters, digits "
				   "and '_')", P(name));
	if (err) {
		bb_log_cli("syscall '%s': %s", P(name), err == -ENOENT ?
			   "no such function in the kernel" : bb_strerror(err));
		return EXIT_LOAD;
	}
	printf("%s\n", fn);
	return 0;
}

/* --event-type NAME: a struct of the BTF, else of the DWARF; without it the
 * default of the BTF, else (at the first event) the DWARF struct of its size. */
static int event_type(struct show *s, const struct run_opts *o)
{
	int err;

	s->path = o->arg;
	if (!o->event_type)
		return bb_object_event_type(s->obj, NULL, &s->event_type);
	if (!(bb_features() & BB_FEATURE_DWARF))
		return bb_object_event_type(s->obj, o->event_type, &s->event_type);
	bb_set_log(NULL, NULL);	/* not in BTF is no error yet: DWARF may have it */
	err = bb_object_event_type(s->obj, o->event_type, &s->event_type);
	bb_set_log(log_to_stderr, NULL);
	return err ? bb_dwarf_record_type(o->arg, 0, o->event_type, &s->record) : 0;
}

/* --pid filters uprobes only: the others get a warning each. */
static void warn_pid(const struct bb_object *obj, const struct run_opts *o)
{
	struct bb_prog_info p;

	for (size_t i = 0; o->attach.pid && !bb_object_prog(obj, i, &p); i++) {
		if (!p.def || !p.def->attachable || !p.target)
			continue;
		if (strncmp(p.def->prefix, "uprobe", 6) && strncmp(p.def->prefix, "uretprobe", 9))
			bb_log_cli("warning: --pid %d does not filter program '%s' (%s): only "
				   "uprobes take a pid; filter in the program (--set)",
				   (int)o->attach.pid, P(p.name), P(p.def->kind));
	}
}

static int pin(struct bb_loader *l, const struct run_opts *o)
{
	if (!o->pin_dir)
		return 0;
	return bb_loader_pin_maps(l, o->pin_dir);
}

static int pin_progs(struct bb_loader *l, const struct run_opts *o)
{
	return o->pin_progs ? bb_loader_pin_progs(l, o->pin_dir) : 0;
}

/* A signal before streaming began: unwound like Ctrl-C, with its exit status. */
static int interrupted(void)
{
	fprintf(stderr, "barebpf: interrupted before streaming; nothing left attached\n");
	return 0;
}

static int run(struct bb_loader *l, const struct run_opts *o)
{
	struct show show = { .obj = bb_loader_object(l), .json = o->json,
			     .timestamp = o->timestamp, .maps = o->maps, .no_maps = o->no_maps };
	struct bb_events *ev = NULL;
	int pipe_fd, attached = -1, ret = EXIT_LOAD;

	if (event_type(&show, o))
		return EXIT_USAGE;
	warn_pid(show.obj, o);
	if (load_all(l, 0) || pin(l, o))
		return stop ? interrupted() : EXIT_LOAD;
	/* trace_pipe has one reader at a time; events and maps work without it. */
	pipe_fd = bb_trace_pipe_open();
	if (pipe_fd < 0 && pipe_fd != -EBUSY)
		return stop ? interrupted() : EXIT_LOAD;
	/* Lines still buffered from before we attached are not ours to show. */
	drain(pipe_fd, NULL, "drop what trace_pipe held before we attached: not ours to show");
	/* A closed pipe (| head) ends the run through ferror(stdout), with a clean detach. */
	bb_narrate(signal(SIGPIPE, SIG_IGN) == SIG_ERR ? -errno : 0, "a closed output pipe "
		   "(| head) ends the run through a write error, with a clean detach",
		   "rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN, ...}, ..., 8)");
	bb_cleanup_stale_probes();
	if (!stop && !open_rings(l, o, &show, &ev) && !stop &&
	    (attached = bb_loader_attach(l, &o->attach)) >= 0 && !pin_progs(l, o)) {
		fprintf(stderr, "barebpf: %d program(s) attached; streaming, Ctrl-C to stop\n",
			attached);
		show.ev = ev;
		if (ev)
			show_header(&show);
		/* An iterator is read once; again only when --duration/--interval ask. */
		if (!read_iters(l, o->json) || o->duration > 0 || o->interval > 0)
			stream(pipe_fd, ev, o, &show, l);
		ret = 0;
	}
	bb_loader_detach(l);
	drain(pipe_fd, &show, "show what the programs wrote before they were detached");
	line_flush(&trace_lines, show_trace_line, &show);
	if (ev && bb_events_consume(ev) >= 0 && bb_events_lost(ev))
		fprintf(stderr, "barebpf: %llu events lost in all\n",
			(unsigned long long)bb_events_lost(ev));
	bb_events_free(ev);
	bb_record_type_free(show.record);
	if (pipe_fd >= 0)
		bb_narrate(ret_of(close(pipe_fd)), NULL, "close(%d)", pipe_fd);
	if (!ret) {
		show_maps(&show, l);
		fprintf(stderr, "barebpf: detached\n");
	}
	return ret && stop ? interrupted() : ret;
}


static int open_object(const struct run_opts *o, struct bb_object **obj)
{
	if (bb_object_open_file(o->arg, obj))
		return -1;
	for (int i = 0; i < o->nsets; i++)
		if (bb_object_set_global(*obj, o->sets[i])) {
			bb_object_free(*obj);
			return -1;
		}
	return 0;
}

static int with_object(const struct run_opts *o)
{
	struct bb_load_opts load_opts = { .sz = sizeof(load_opts), .kernel_btf = o->kernel_btf,
					  .kconfig = o->kconfig };
	struct bb_object *obj;
	struct bb_loader *l;
	int ret;

	if (open_object(o, &obj))
		return EXIT_USAGE;
	if (o->cmd == CMD_INSPECT) {
		bb_object_resolve_externs(obj, &load_opts); /* shown as far as they are known */
		inspect(obj);
		bb_object_free(obj);
		return 0;
	}
	if (bb_loader_new(obj, &load_opts, &l))
		return EXIT_LOAD;
	if (o->pin_dir && bb_loader_reuse_pinned(l, o->pin_dir))
		return EXIT_LOAD;	/* exit closes the fds: see below */
	/* load attaches nothing: its exit closes the fds and the kernel frees the
	 * maps and programs, so no close and no free is spent on the way out. */
	if (o->cmd == CMD_LOAD)
		return load_all(l, 1) || pin(l, o) || pin_progs(l, o) ? EXIT_LOAD : 0;
	ret = run(l, o);
	bb_loader_free(l);
	return ret;
}

int main(int argc, char **argv)
{
	static struct run_opts o = { .attach.sz = sizeof(o.attach), .page_order = 6 };
	static char out_buf[BUFSIZ];
	int ret;

	/* A run's stop signals are ours before any work: a shell starts its
	 * background jobs with SIGINT ignored, and one that came during option
	 * parsing would be lost. Other commands keep what they were given. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "run")) {
			catch_signals();
			break;
		}
	/* Line-buffered into a buffer of ours: libc then asks no fstat or
	 * isatty of stdout before the first write. */
	setvbuf(stdout, out_buf, _IOLBF, sizeof(out_buf));
	bb_set_log(log_to_stderr, NULL);
	if ((ret = parse_command_line(argc, argv, &o)) >= 0)
		return ret;
	verbosity = o.verbosity;
	if (o.cmd == CMD_RUN) {
		/* The time zone read now, before the object: -t and the time lines
		 * make no unnarrated calls later. */
		tzset();
	}
	switch (o.cmd) {
	case CMD_CLEANUP: return cleanup();
	case CMD_SYSCALL: return syscall_function(o.arg);
	case CMD_UNPIN: return unpin(o.arg);
	default: return with_object(&o);
	}
}
