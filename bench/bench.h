/* The benchmark's shared pieces: the event the producer sends, the counters it
 * keeps, and what each peer (barebpf, libbpf) provides to the driver. */
#ifndef BAREBPF_BENCH_H
#define BAREBPF_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Must match bench/producer.bpf.c. */
#define EV_WORDS 8
#define EV_MULT 0x9e3779b97f4a7c15ull	/* w[i] = seq * EV_MULT + i for i >= 1 */

struct bench_event {
	uint64_t w[EV_WORDS];		/* w[0] is the sequence number */
};

struct bench_stats {
	uint64_t produced;		/* program runs for the producer thread */
	uint64_t perf_failed;		/* bpf_perf_event_output returned an error */
	uint64_t rb_failed;		/* bpf_ringbuf_reserve returned NULL */
	uint64_t pad;
};

enum bench_mode { MODE_PERF, MODE_RINGBUF };

struct bench_cfg {
	const char *obj_path;
	enum bench_mode mode;
	unsigned int perf_pages;	/* data pages per CPU, a power of two */
	size_t ringbuf_bytes;		/* max_entries of the ring buffer map */
	pid_t tid;			/* the producer thread */
};

/* What a peer calls for every record and every lost report; in bench.c. */
int bench_on_sample(void *tally, const void *data, size_t size);
void bench_on_lost(void *tally, uint64_t lost);

struct peer {
	const char *name;
	/* Opens and loads the object, sets up the reader on the chosen map and
	 * attaches the chosen program. Nothing timed happens here. */
	int (*setup)(const struct bench_cfg *cfg, void *tally, void **state);
	/* Waits up to timeout_ms and consumes what is ready: records or -errno. */
	int (*poll)(void *state, int timeout_ms);
	/* Consumes without waiting. */
	int (*consume)(void *state);
	int (*read_stats)(void *state, struct bench_stats *out);
	/* The reader's own lost total, where it keeps one (-1 if it does not). */
	int64_t (*reader_lost)(void *state);
	void (*teardown)(void *state);
};

extern const struct peer peer_barebpf;
extern const struct peer peer_libbpf;

/* bench/load.c: load wall time and system calls against bpftool; ratios
 * (barebpf/bpftool: wall, calls) for each object. 0, or 1 if a load failed. */
int bench_load_phase(const char *barebpf, const char *core_obj, const char *plain_obj, int runs,
		     double core[2], double plain[2]);

#endif
