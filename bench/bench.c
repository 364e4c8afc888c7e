/* barebpf's readers against libbpf's, on the same producer, in the same run.
 *
 *   bench [options] PRODUCER.bpf.o             throughput and CPU per event
 *   bench --accounting [options] PRODUCER.bpf.o  produced == delivered + lost
 *
 * A producer thread pinned to one CPU calls getppid() in a tight loop; the
 * program attached to sys_enter_getppid sends one 64-byte event per call to a
 * perf event array or a BPF ring buffer. The main thread, pinned to another
 * CPU, drains them with one of four readers: barebpf's perf ring reader,
 * libbpf's perf_buffer, barebpf's ring buffer reader, libbpf's ring_buffer.
 * Every delivered event is checked (size, sequence number, contents); every
 * run must satisfy produced == delivered + lost exactly. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

extern unsigned long bench_bb_ring_warnings;

/* ---- what the consumer saw ---------------------------------------------- */

struct tally {
	size_t expect_size;	/* bytes a reader hands over for one event */
	uint64_t delivered;	/* valid events */
	uint64_t bad;		/* wrong size, wrong contents, or out of order */
	uint64_t next_seq;	/* the sequence number expected next */
	uint64_t gaps;		/* sequence numbers skipped */
	uint64_t lost;		/* what the reader's lost callback reported */
	uint64_t flush_seq;	/* the flush event's sequence number */
	int flush_seen;
	unsigned int slow_ns;	/* accounting: time spent on each event */
};

static double now_s(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int bench_on_sample(void *p, const void *data, size_t size)
{
	struct tally *t = p;
	struct bench_event e;
	uint64_t seq;

	if (size != t->expect_size) {
		t->bad++;
		return 0;
	}
	memcpy(&e, data, sizeof(e));
	seq = e.w[0];
	for (int i = 1; i < EV_WORDS; i++) {
		if (e.w[i] != seq * EV_MULT + (uint64_t)i) {
			t->bad++;
			return 0;
		}
	}
	if (seq < t->next_seq) {	/* a duplicate, or out of order */
		t->bad++;
		return 0;
	}
	t->gaps += seq - t->next_seq;
	t->next_seq = seq + 1;
	t->delivered++;
	if (seq >= t->flush_seq)
		t->flush_seen = 1;
	if (t->slow_ns) {
		double until = now_s(CLOCK_MONOTONIC) + t->slow_ns / 1e9;

		while (now_s(CLOCK_MONOTONIC) < until)
			;
	}
	return 0;
}

void bench_on_lost(void *p, uint64_t lost)
{
	((struct tally *)p)->lost += lost;
}

/* ---- the producer thread ------------------------------------------------ */

enum { CMD_NONE, CMD_RUN, CMD_FLUSH, CMD_EXIT };

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int cmd;
	uint64_t n;
	atomic_int done;
	double secs;		/* how long the n calls took */
	pid_t tid;
	int cpu;
} prod = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

static void *producer_main(void *arg)
{
	(void)arg;
	if (pin(prod.cpu))	/* the perf events would spread over several rings */
		fprintf(stderr, "bench: cannot pin the producer to CPU %d\n", prod.cpu);
	pthread_mutex_lock(&prod.mu);
	prod.tid = (pid_t)syscall(SYS_gettid);
	pthread_cond_broadcast(&prod.cv);
	for (;;) {
		int cmd;
		uint64_t n;

		while (prod.cmd == CMD_NONE)
			pthread_cond_wait(&prod.cv, &prod.mu);
		cmd = prod.cmd;
		n = prod.n;
		prod.cmd = CMD_NONE;
		pthread_mutex_unlock(&prod.mu);
		if (cmd == CMD_EXIT)
			return NULL;
		if (cmd == CMD_RUN) {
			double t0 = now_s(CLOCK_MONOTONIC);

			for (uint64_t i = 0; i < n; i++)
				syscall(SYS_getppid);
			prod.secs = now_s(CLOCK_MONOTONIC) - t0;
		} else {
			syscall(SYS_getppid);
		}
		atomic_store_explicit(&prod.done, 1, memory_order_release);
		pthread_mutex_lock(&prod.mu);
	}
}

static void producer_cmd(int cmd, uint64_t n)
{
	pthread_mutex_lock(&prod.mu);
	atomic_store(&prod.done, 0);
	prod.cmd = cmd;
	prod.n = n;
	pthread_cond_broadcast(&prod.cv);
	pthread_mutex_unlock(&prod.mu);
}

static int producer_done(void)
{
	return atomic_load_explicit(&prod.done, memory_order_acquire);
}

/* ---- one run ------------------------------------------------------------- */

struct opts {
	const char *obj;
	uint64_t events[2];	/* per run, by mode: perf, ring buffer */
	uint64_t drain_events[2];
	int runs;
	unsigned int perf_pages;
	size_t ringbuf_bytes;
	int timeout_ms;
	int verbose;
	const char *barebpf, *core_obj, *plain_obj;	/* the load phase, if given */
};

struct result {
	uint64_t produced, delivered, lost, bpf_failed, gaps, bad;
	uint64_t stalls;	/* polls that timed out while the producer ran */
	double wall, cpu, prod_secs;
	int ok;
	char why[256];
};

/* LIVE: the reader polls while the producer runs (the usual way to read).
 * STALLED: the reader starts only when the producer is done.
 * BATCH: the producer writes a batch that fits in the ring, then the reader
 * drains it with consume(), again and again; only the draining is timed, so
 * what is measured is the reader's own cost per record, without wakeups. */
enum reader_wait { READ_LIVE, READ_STALLED, READ_BATCH };

/* Bytes one event takes in the ring, header included. */
static size_t record_bytes(enum bench_mode m)
{
	return m == MODE_PERF ? 8 + 4 + (((4 + sizeof(struct bench_event) + 7) & ~7ul) - 4)
			      : 8 + sizeof(struct bench_event);
}

/* Consumes until a pass finds nothing; returns 0 or -errno. */
static int drain(const struct peer *p, void *state, const struct tally *t, double *last)
{
	uint64_t seen;
	int err;

	do {
		seen = t->delivered + t->lost;
		if ((err = p->consume(state)) < 0)
			return err;
		if (t->delivered + t->lost != seen && last)
			*last = now_s(CLOCK_MONOTONIC);
	} while (t->delivered + t->lost != seen);
	return 0;
}

static const char *mode_name(enum bench_mode m)
{
	return m == MODE_PERF ? "perf" : "ringbuf";
}

__attribute__((format(printf, 2, 3)))
static void add_why(struct result *r, const char *fmt, ...)
{
	size_t len = strlen(r->why);
	va_list ap;

	r->ok = 0;
	if (len && len + 2 < sizeof(r->why)) {
		strcpy(r->why + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->why + len, sizeof(r->why) - len, fmt, ap);
	va_end(ap);
}

static int run_one(const struct peer *p, enum bench_mode mode, const struct opts *o,
		   uint64_t n, enum reader_wait wait, unsigned int slow_ns, struct result *res)
{
	/* PERF_SAMPLE_RAW pads size word + data to 8 bytes: 4 + 64 -> 72, so 68. */
	struct tally t = {
		.expect_size = mode == MODE_PERF ? ((4 + sizeof(struct bench_event) + 7) & ~7ul) - 4
						 : sizeof(struct bench_event),
		.flush_seq = n,
		.slow_ns = slow_ns,
	};
	struct bench_cfg cfg = {
		.obj_path = o->obj,
		.mode = mode,
		.perf_pages = o->perf_pages,
		.ringbuf_bytes = o->ringbuf_bytes,
		.tid = prod.tid,
	};
	unsigned long warnings = bench_bb_ring_warnings;
	struct bench_stats st;
	uint64_t seen;
	double t0, c0, last, deadline;
	int64_t reader_lost;
	void *state;
	int err;

	memset(res, 0, sizeof(*res));
	res->ok = 1;
	if ((err = p->setup(&cfg, &t, &state)))
		return err;

	if (wait == READ_BATCH) {
		size_t cap = (mode == MODE_PERF ? o->perf_pages * (size_t)sysconf(_SC_PAGESIZE)
						: o->ringbuf_bytes) / record_bytes(mode);
		uint64_t batch = cap * 9 / 10 ? cap * 9 / 10 : 1;
		double prod_secs = 0;

		for (uint64_t sent = 0; sent < n; sent += batch) {
			producer_cmd(CMD_RUN, n - sent < batch ? n - sent : batch);
			while (!producer_done())
				;
			prod_secs += prod.secs;
			c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
			t0 = now_s(CLOCK_MONOTONIC);
			if ((err = drain(p, state, &t, NULL)) < 0)
				goto out;
			res->wall += now_s(CLOCK_MONOTONIC) - t0;
			res->cpu += now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
		}
		res->prod_secs = prod_secs;
		goto flush;
	}
	c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
	t0 = last = now_s(CLOCK_MONOTONIC);
	producer_cmd(CMD_RUN, n);
	if (wait == READ_LIVE) {
		while (!producer_done()) {
			double before = now_s(CLOCK_MONOTONIC);

			seen = t.delivered + t.lost;
			if ((err = p->poll(state, o->timeout_ms)) < 0)
				goto out;
			if (t.delivered + t.lost != seen)
				last = now_s(CLOCK_MONOTONIC);
			else if (now_s(CLOCK_MONOTONIC) - before >= o->timeout_ms / 1e3 &&
				 !producer_done())
				res->stalls++;	/* slept a whole timeout while events were produced */
		}
	} else {
		while (!producer_done())
			usleep(1000);
	}
	/* The producer has stopped: what is in the rings now is all there is. */
	if ((err = drain(p, state, &t, &last)) < 0)
		goto out;
	res->cpu = now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
	res->wall = last - t0;
	res->prod_secs = prod.secs;
flush:
	/* One more event, on the same CPU, into a drained ring: the kernel writes
	 * its PERF_RECORD_LOST for records it dropped at the end of the run only
	 * in front of the next record it can store. */
	producer_cmd(CMD_FLUSH, 0);
	deadline = now_s(CLOCK_MONOTONIC) + 5;
	while (!t.flush_seen && now_s(CLOCK_MONOTONIC) < deadline)
		if ((err = p->poll(state, o->timeout_ms)) < 0)
			goto out;
	while (!producer_done())
		usleep(100);
	if ((err = p->consume(state)) < 0)
		goto out;
	if ((err = p->read_stats(state, &st)))
		goto out;
	reader_lost = p->reader_lost(state);

	res->produced = st.produced;
	res->delivered = t.delivered;
	res->bad = t.bad;
	res->gaps = t.gaps + (st.produced > t.next_seq ? st.produced - t.next_seq : 0);
	if (mode == MODE_PERF) {
		res->lost = t.lost;
		res->bpf_failed = st.perf_failed;
		if (reader_lost >= 0 && (uint64_t)reader_lost != t.lost)
			add_why(res, "reader's lost total %llu != lost callbacks %llu",
				(unsigned long long)reader_lost, (unsigned long long)t.lost);
		if (st.perf_failed != t.lost)
			add_why(res, "bpf_perf_event_output failed %llu times, reader reported %llu lost",
				(unsigned long long)st.perf_failed, (unsigned long long)t.lost);
	} else {
		res->lost = st.rb_failed;
		res->bpf_failed = st.rb_failed;
		if (t.lost || reader_lost > 0)
			add_why(res, "ring buffer reader reported %llu lost (%lld)",
				(unsigned long long)t.lost, (long long)reader_lost);
	}
	if (!t.flush_seen)
		add_why(res, "the flush event (seq %llu) never arrived", (unsigned long long)n);
	if (st.produced != n + 1)
		add_why(res, "the program ran %llu times for %llu calls",
			(unsigned long long)st.produced, (unsigned long long)n + 1);
	if (res->produced != res->delivered + res->lost)
		add_why(res, "produced != delivered + lost (%llu != %llu)",
			(unsigned long long)res->produced,
			(unsigned long long)(res->delivered + res->lost));
	if (res->gaps != res->lost)
		add_why(res, "sequence numbers missing %llu, lost %llu",
			(unsigned long long)res->gaps, (unsigned long long)res->lost);
	if (t.bad)
		add_why(res, "%llu invalid events (size, contents or order)",
			(unsigned long long)t.bad);
	if (bench_bb_ring_warnings != warnings)
		add_why(res, "reader warned %lu times about the ring",
			bench_bb_ring_warnings - warnings);
	err = 0;
out:
	p->teardown(state);
	while (!producer_done())	/* never leave a command running */
		usleep(100);
	return err;
}

/* ---- statistics and output ---------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct series {
	const struct peer *peer;
	enum bench_mode mode;
	struct result *r;
	int n, ok;
	double produced, delivered, lost, eps, cpu_ns, prod_eps, eps_min, eps_max;
};

static void summarize(struct series *s)
{
	double v[6][64];
	int n = s->n;

	s->ok = 0;
	s->eps_min = 1e300;
	s->eps_max = 0;
	for (int i = 0; i < n; i++) {
		const struct result *r = &s->r[i];
		double eps = r->wall > 0 ? r->delivered / r->wall : 0;

		s->ok += r->ok;
		v[0][i] = (double)r->produced;
		v[1][i] = (double)r->delivered;
		v[2][i] = (double)r->lost;
		v[3][i] = eps;
		v[4][i] = r->delivered ? r->cpu * 1e9 / r->delivered : 0;
		v[5][i] = r->prod_secs > 0 ? r->produced / r->prod_secs : 0;
		s->eps_min = eps < s->eps_min ? eps : s->eps_min;
		s->eps_max = eps > s->eps_max ? eps : s->eps_max;
	}
	s->produced = median(v[0], n);
	s->delivered = median(v[1], n);
	s->lost = median(v[2], n);
	s->eps = median(v[3], n);
	s->cpu_ns = median(v[4], n);
	s->prod_eps = median(v[5], n);
}

static void print_run(const char *label, int i, int n, const struct peer *p, enum bench_mode m,
		      const struct result *r)
{
	printf("%s %d/%d %-7s %-7s produced %8llu delivered %8llu lost %7llu  %6.3f Mev/s  "
	       "%7.1f ns CPU/ev  producer %6.3f Mev/s  timeouts %llu  %s%s\n",
	       label, i, n, p->name, mode_name(m), (unsigned long long)r->produced,
	       (unsigned long long)r->delivered, (unsigned long long)r->lost,
	       r->wall > 0 ? r->delivered / r->wall / 1e6 : 0,
	       r->delivered ? r->cpu * 1e9 / r->delivered : 0,
	       r->prod_secs > 0 ? r->produced / r->prod_secs / 1e6 : 0,
	       (unsigned long long)r->stalls, r->ok ? "ok" : "FAILED: ",
	       r->ok ? "" : r->why);
}

/* One phase: every reader o->runs times, interleaved, then the medians. */
static int phase(const struct opts *o, enum reader_wait wait, const uint64_t events[2],
		 const char *title, double ratios[2][2])
{
	const struct peer *peers[2] = { &peer_barebpf, &peer_libbpf };
	struct series s[4];
	int failed = 0, err = 0;

	memset(s, 0, sizeof(s));
	for (int m = 0; m < 2; m++)
		for (int k = 0; k < 2; k++) {
			struct series *x = &s[m * 2 + k];

			x->peer = peers[k];
			x->mode = (enum bench_mode)m;
			if (!(x->r = calloc((size_t)o->runs, sizeof(struct result))))
				err = -ENOMEM;
		}
	printf("== %s\nperf: %llu events per run; ring buffer: %llu events per run\n\n", title,
	       (unsigned long long)events[0], (unsigned long long)events[1]);
	/* A B B A, B A A B, ...: noise and drift fall on both peers alike. */
	for (int i = 0; i < o->runs && !err; i++)
		for (int m = 0; m < 2 && !err; m++)
			for (int j = 0; j < 2 && !err; j++) {
				int k = (i + m) % 2 ? 1 - j : j;
				struct series *x = &s[m * 2 + k];
				struct result *r = &x->r[x->n];

				if ((err = run_one(x->peer, x->mode, o, events[m], wait, 0, r))) {
					fprintf(stderr, "bench: %s %s: %s\n", x->peer->name,
						mode_name(x->mode), strerror(-err));
					break;
				}
				x->n++;
				failed |= !r->ok;
				print_run("run", i + 1, o->runs, x->peer, x->mode, r);
			}
	if (!err) {
		printf("\nmedians of %d runs:\n", o->runs);
		printf("%-16s %10s %10s %9s %12s %15s %10s %13s %8s\n", "reader", "produced",
		       "delivered", "lost", wait == READ_BATCH ? "drained/s" : "delivered/s",
		       "(min..max)", "CPU ns/ev", "producer ev/s", "checks");
		for (int i = 0; i < 4; i++) {
			char name[32], range[32];

			summarize(&s[i]);
			snprintf(name, sizeof(name), "%s %s", s[i].peer->name, mode_name(s[i].mode));
			snprintf(range, sizeof(range), "%.2f..%.2fM", s[i].eps_min / 1e6,
				 s[i].eps_max / 1e6);
			printf("%-16s %10.0f %10.0f %9.0f %11.3fM %15s %10.1f %12.3fM %5d/%d\n",
			       name, s[i].produced, s[i].delivered, s[i].lost, s[i].eps / 1e6, range,
			       s[i].cpu_ns, s[i].prod_eps / 1e6, s[i].ok, s[i].n);
		}
		printf("\n");
		for (int m = 0; m < 2; m++) {
			const struct series *b = &s[m * 2], *l = &s[m * 2 + 1];

			double pe[64], pc[64];

			/* Also run against run of the same round, next to each other in
			 * time, so that slow drifts of the machine cancel. */
			for (int i = 0; i < b->n; i++) {
				const struct result *x = &b->r[i], *y = &l->r[i];

				pe[i] = x->wall > 0 && y->delivered ?
					(x->delivered / x->wall) / (y->delivered / y->wall) : 0;
				pc[i] = x->delivered && y->cpu > 0 ?
					(x->cpu / x->delivered) / (y->cpu / y->delivered) : 0;
			}
			ratios[m][0] = l->eps > 0 ? b->eps / l->eps : 0;
			ratios[m][1] = l->cpu_ns > 0 ? b->cpu_ns / l->cpu_ns : 0;
			printf("barebpf/libbpf %s: throughput %.2fx, CPU/event %.2fx "
			       "(median of per-round ratios: %.2fx, %.2fx)\n", mode_name(b->mode),
			       ratios[m][0], ratios[m][1], median(pe, b->n), median(pc, b->n));
		}
		printf("\n");
	}
	for (int i = 0; i < 4; i++)
		free(s[i].r);
	return err ? -1 : failed;
}

static int benchmark(const struct opts *o)
{
	double live[2][2], batch[2][2], core[2] = { 0 }, plain[2] = { 0 };
	int a, b, c = 0;

	printf("barebpf against libbpf: the same producer, object and ring sizes; events of %zu "
	       "bytes;\nperf: %u data pages per CPU; ring buffer: %zu bytes; producer: getppid() "
	       "on CPU %d,\nreader on another; %d runs of each reader, interleaved; poll timeout "
	       "%d ms\n\n", sizeof(struct bench_event), o->perf_pages, o->ringbuf_bytes, prod.cpu,
	       o->runs, o->timeout_ms);
	if (o->barebpf)
		c = bench_load_phase(o->barebpf, o->core_obj, o->plain_obj, o->runs, core, plain);
	a = phase(o, READ_LIVE, o->events,
		  "live: the reader polls while the producer runs (events/s and CPU include "
		  "wakeups)", live);
	if (a < 0)
		return 1;
	b = phase(o, READ_BATCH, o->drain_events,
		  "drain: the producer fills 90% of the ring, the reader drains it with consume(); "
		  "only the draining is timed", batch);
	if (b < 0)
		return 1;
	printf("== summary (barebpf/libbpf, medians; below 1.00x CPU/event is barebpf cheaper)\n");
	if (o->barebpf)
		printf("load    CO-RE: wall %.2fx, system calls %.3fx;  plain: wall %.2fx, system "
		       "calls %.3fx (barebpf/bpftool)\n", core[0], core[1], plain[0], plain[1]);
	for (int m = 0; m < 2; m++)
		printf("%-7s live: throughput %.2fx, CPU/event %.2fx;  drain: throughput %.2fx, "
		       "CPU/event %.2fx\n", mode_name((enum bench_mode)m), live[m][0], live[m][1],
		       batch[m][0], batch[m][1]);
	if (c)
		printf("\na load FAILED (see above)\n");
	if (a || b)
		printf("\nsome runs FAILED their accounting checks (see above)\n");
	return a || b || c;
}

/* Small rings and a producer that outruns the reader, so records are lost;
 * every reader must still account for every event. */
static int accounting(const struct opts *o)
{
	static const struct {
		const char *what;
		enum reader_wait wait;
		unsigned int slow_ns;
		uint64_t n;
	} cases[] = {
		{ "reader stalled until the producer is done", READ_STALLED, 0, 20000 },
		{ "reader slower than the producer", READ_LIVE, 2000, 100000 },
		{ "reader at full speed", READ_LIVE, 0, 200000 },
	};
	const struct peer *peers[2] = { &peer_barebpf, &peer_libbpf };
	int failed = 0;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (int m = 0; m < 2; m++)
			for (int k = 0; k < 2; k++) {
				struct result r;
				int err = run_one(peers[k], (enum bench_mode)m, o, cases[c].n,
						  cases[c].wait, cases[c].slow_ns, &r);
				const char *ring = m == MODE_PERF ? "perf ring" : "ring buffer";

				if (err) {
					printf("FAIL accounting %s %s (%s): setup or read failed: %s\n",
					       peers[k]->name, ring, cases[c].what, strerror(-err));
					failed = 1;
					continue;
				}
				if (cases[c].wait == READ_STALLED && !r.lost)
					add_why(&r, "no event was lost, so nothing was tested");
				if (o->verbose)
					print_run("run", 1, 1, peers[k], (enum bench_mode)m, &r);
				printf("%s accounting %s %s (%s): produced %llu = delivered %llu + lost "
				       "%llu%s%s\n", r.ok ? "PASS" : "FAIL", peers[k]->name, ring,
				       cases[c].what, (unsigned long long)r.produced,
				       (unsigned long long)r.delivered, (unsigned long long)r.lost,
				       r.ok ? "" : ": ", r.ok ? "" : r.why);
				failed |= !r.ok;
			}
	return failed;
}

static const char usage[] =
	"usage: bench [--accounting] [--events N | --perf-events N --ringbuf-events N]\n"
	"             [--drain-events N] [--runs N] [--perf-pages N] [--ringbuf-bytes N] [--timeout-ms N]\n"
	"             [--producer-cpu N] [--barebpf PATH --core-obj OBJ --plain-obj OBJ]\n"
	"             [-v] PRODUCER.bpf.o\n"
	"--barebpf: first a load phase, barebpf load against bpftool prog loadall\n"
	"defaults: 200000 perf events and 2000000 ring buffer events per run (each perf\n"
	"record costs the producer a wakeup, so it is slower to produce), 5 runs, 64 pages per CPU,\n"
	"262144 bytes of ring buffer, 100 ms; --accounting: 1 page, 4096 bytes\n";

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "accounting", no_argument, NULL, 'a' },
		{ "events", required_argument, NULL, 'e' },
		{ "perf-events", required_argument, NULL, 'E' },
		{ "ringbuf-events", required_argument, NULL, 'R' },
		{ "drain-events", required_argument, NULL, 'D' },
		{ "runs", required_argument, NULL, 'r' },
		{ "perf-pages", required_argument, NULL, 'p' },
		{ "ringbuf-bytes", required_argument, NULL, 'b' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "producer-cpu", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "barebpf", required_argument, NULL, 'B' },
		{ "core-obj", required_argument, NULL, 'C' },
		{ "plain-obj", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct opts o = {
		.events = { 200000, 2000000 }, .drain_events = { 200000, 2000000 }, .runs = 5, .perf_pages = 64, .ringbuf_bytes = 256 * 1024,
		.timeout_ms = 100,
	};
	int acct = 0, c, ret, set_pages = 0, set_bytes = 0, consumer_cpu;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t th;

	setvbuf(stdout, NULL, _IOLBF, 0);
	prod.cpu = 0;
	while ((c = getopt_long(argc, argv, "ve:r:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'a': acct = 1; break;
		case 'e': o.events[0] = o.events[1] = strtoull(optarg, NULL, 0); break;
		case 'E': o.events[0] = strtoull(optarg, NULL, 0); break;
		case 'R': o.events[1] = strtoull(optarg, NULL, 0); break;
		case 'D': o.drain_events[0] = o.drain_events[1] = strtoull(optarg, NULL, 0); break;
		case 'r': o.runs = atoi(optarg); break;
		case 'p': o.perf_pages = (unsigned int)strtoul(optarg, NULL, 0); set_pages = 1; break;
		case 'b': o.ringbuf_bytes = strtoul(optarg, NULL, 0); set_bytes = 1; break;
		case 't': o.timeout_ms = atoi(optarg); break;
		case 'c': prod.cpu = atoi(optarg); break;
		case 'v': o.verbose = 1; break;
		case 'B': o.barebpf = optarg; break;
		case 'C': o.core_obj = optarg; break;
		case 'P': o.plain_obj = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind + 1 != argc || !o.events[0] || !o.events[1] || !o.drain_events[0] || o.runs < 1 || o.runs > 64 || !o.perf_pages ||
	    o.perf_pages & (o.perf_pages - 1) || o.timeout_ms < 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (o.barebpf && (!o.core_obj || !o.plain_obj)) {
		fputs(usage, stderr);
		return 2;
	}
	o.obj = argv[optind];
	if (acct) {
		/* The smallest rings: one data page per CPU, one page of ring buffer. */
		o.perf_pages = set_pages ? o.perf_pages : 1;
		o.ringbuf_bytes = set_bytes ? o.ringbuf_bytes : (size_t)sysconf(_SC_PAGESIZE);
	}
	if (geteuid() != 0) {
		printf("SKIP bench%s: need root (bpf(), perf_event_open, tracefs)\n",
		       acct ? " accounting" : "");
		return 0;
	}
	if (access(o.obj, R_OK)) {
		fprintf(stderr, "bench: %s: %s\n", o.obj, strerror(errno));
		return 2;
	}
	consumer_cpu = ncpu > 1 ? (prod.cpu + 1) % (int)ncpu : prod.cpu;
	if (ncpu < 2)
		fprintf(stderr, "bench: one CPU only: producer and consumer share it\n");
	if (pin(consumer_cpu))
		fprintf(stderr, "bench: cannot pin the consumer to CPU %d\n", consumer_cpu);
	if (pthread_create(&th, NULL, producer_main, NULL)) {
		fprintf(stderr, "bench: cannot start the producer thread\n");
		return 1;
	}
	pthread_mutex_lock(&prod.mu);
	while (!prod.tid)
		pthread_cond_wait(&prod.cv, &prod.mu);
	pthread_mutex_unlock(&prod.mu);
	atomic_store(&prod.done, 1);

	ret = acct ? accounting(&o) : benchmark(&o);

	producer_cmd(CMD_EXIT, 0);
	pthread_join(th, NULL);
	return ret;
}
