#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <limits.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bpf.h"
#include "barebpf.h"
#include "file.h"
#include "log.h"
#include "names.h"
#include "perf.h"
#include "ring.h"
#include "sys.h"

enum ring_kind { RING_PERF, RING_BPF };

/* How a perf ring wakes its reader. WAKE: the waking event is in the array's
 * slot, every record wakes the reader. BATCH: the batching event is, the
 * kernel wakes once per watermark, and a deadline is armed a delay after the
 * last pass that found records. LAST: back to WAKE after a pass at the
 * deadline found nothing, with one more look a delay later for a record that
 * was being written through the batching event while the slot switched. */
enum pace { PACE_WAKE, PACE_BATCH, PACE_LAST };

#define DELAY_NS ((long long)BB_EVENTS_DELAY_MS * 1000000)

static long RET(long r)
{
	return r < 0 ? -errno : r;
}

struct ring {
	enum ring_kind kind;
	int fd;			/* perf event fd, or the ring buffer map fd */
	int cpu;
	void *base;		/* perf: metadata page then data; bpf: producer page then data */
	void *consumer;		/* bpf ring buffer: the consumer page */
	const unsigned char *data;	/* the records, a page after base */
	size_t data_size;	/* power of two */
	size_t map_len;		/* 0: memory the caller owns (bb_events_add_mem) */
	int wake_fd;		/* perf: the waking event, writing into fd's ring (-1: none) */
	int map_fd;		/* perf: the array whose slot cpu is switched (-1: none) */
	enum pace pace;
	long long due_ns;	/* BATCH, LAST: CLOCK_MONOTONIC deadline; 0: none */
	char *name;		/* the map's name, for bb_events_ring_name */
};

struct bb_events {
	int epfd;
	struct ring *rings;
	size_t nr, cap;
	bb_event_fn on_event;
	bb_lost_fn on_lost;
	void *ctx;
	unsigned char *copy;	/* a perf record that wraps is reassembled here */
	size_t copy_cap;
	__u64 lost;
	__u64 corrupt;		/* records skipped as impossible */
	const char *current;	/* name of the ring being consumed */
};

int bb_events_new(bb_event_fn on_event, bb_lost_fn on_lost, void *ctx, struct bb_events **out)
{
	struct bb_events *ev = calloc(1, sizeof(*ev));

	if (!ev)
		return -ENOMEM;
	ev->epfd = (int)bb_narrate(RET(epoll_create1(EPOLL_CLOEXEC)),
				   "one epoll waits on every ring at once", "epoll_create1(EPOLL_CLOEXEC)");
	if (ev->epfd < 0) {
		int err = ev->epfd;

		free(ev);
		return err;
	}
	ev->on_event = on_event;
	ev->on_lost = on_lost;
	ev->ctx = ctx;
	*out = ev;
	return 0;
}

static struct ring *new_ring(struct bb_events *ev)
{
	if (ev->nr == ev->cap) {
		size_t cap = ev->cap ? 2 * ev->cap : 8;
		struct ring *r = realloc(ev->rings, cap * sizeof(*r));

		if (!r)
			return NULL;
		ev->rings = r;
		ev->cap = cap;
	}
	memset(&ev->rings[ev->nr], 0, sizeof(ev->rings[0]));
	ev->rings[ev->nr].fd = -1;
	ev->rings[ev->nr].wake_fd = -1;
	ev->rings[ev->nr].map_fd = -1;
	return &ev->rings[ev->nr];
}

static int watch(struct bb_events *ev, int fd)
{
	struct epoll_event e = { .events = EPOLLIN, .data.u64 = ev->nr };

	return (int)bb_narrate(RET(epoll_ctl(ev->epfd, EPOLL_CTL_ADD, fd, &e)),
			       "wake the reader when this ring has data",
			       "epoll_ctl(%d, EPOLL_CTL_ADD, %d, {events=EPOLLIN, data={u64=%zu}})",
			       ev->epfd, fd, ev->nr);
}

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void unmap_ring(struct ring *r)
{
	if (!r->map_len)
		return;
	if (r->base)
		bb_sys_munmap(r->base, r->map_len, NULL);
	if (r->consumer)
		bb_sys_munmap(r->consumer, (size_t)sysconf(_SC_PAGESIZE), NULL);
	if (r->kind == RING_PERF && r->wake_fd >= 0)
		bb_sys_close(r->wake_fd, NULL);
	if (r->kind == RING_PERF && r->fd >= 0)
		bb_sys_close(r->fd, NULL);
}

/* The ring's size comes from the kernel: a wrong one would make a wrong mask. */
static int map_check(int map_fd, const char *name, __u32 type, struct bpf_map_info *info)
{
	int err = sys_bpf_map_get_info(map_fd, info);

	if (err)
		bb_err("map '%s': cannot read its info: %s", name, bb_strerror(err));
	else if (info->type != type)
		bb_err("map '%s' is a %s map, not %s", name, bb_map_type_name(info->type),
		       bb_map_type_name(type));
	return err ? err : info->type != type ? -EINVAL : 0;
}

/* The batching event of the CPU, which owns the ring, mmap'd. */
static int open_ring(struct ring *r, const char *name)
{
	int err;

	r->fd = perf_output_open(r->cpu, (__u32)(r->data_size / 16));
	if (r->fd < 0) {
		bb_err("map '%s': perf_event_open for CPU %d failed: %s", name, r->cpu,
		       bb_strerror(r->fd));
		return r->fd;
	}
	r->base = bb_sys_mmap(r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0,
			      "map the metadata page and the data pages the kernel writes "
			      "samples into");
	if (r->base == MAP_FAILED) {
		err = -errno;
		r->base = NULL;
		bb_err("map '%s': mmap of %zu bytes for CPU %d failed: %s", name, r->map_len,
		       r->cpu, bb_strerror(err));
		return err;
	}
	r->data = (const unsigned char *)r->base + page_size();
	return 0;
}

/* Two events per CPU share one ring: the batching one (a wake-up per quarter
 * ring) and the waking one (a wake-up per record); the slot starts with the
 * waking one, as the ring starts idle. */
static int add_perf_cpu(struct bb_events *ev, int map_fd, const char *name, int cpu,
			unsigned int page_order)
{
	struct ring *r = new_ring(ev);
	int err;

	if (!r)
		return -ENOMEM;
	r->kind = RING_PERF;
	r->cpu = cpu;
	r->data_size = page_size() << page_order;
	r->map_len = page_size() + r->data_size;
	r->map_fd = map_fd;
	if ((err = open_ring(r, name))) {
		unmap_ring(r);
		return err;
	}
	if ((err = r->wake_fd = perf_output_open(cpu, 0)) < 0 ||
	    (err = perf_set_output(r->wake_fd, r->fd)) || (err = perf_enable(r->fd)) ||
	    (err = perf_enable(r->wake_fd)) ||
	    (bb_why("store the waking event's fd in slot CPU of the perf event array so "
		    "bpf_perf_event_output(BPF_F_CURRENT_CPU) finds it"),
	     err = sys_bpf_map_update_elem(map_fd, &cpu, &r->wake_fd, BPF_ANY)) ||
	    (err = watch(ev, r->fd))) {
		bb_err("map '%s': setting up CPU %d failed: %s", name, cpu, bb_strerror(err));
		unmap_ring(r);
		return err;
	}
	r->name = name ? strdup(name) : NULL;
	ev->nr++;
	return 0;
}

int bb_events_add_perf(struct bb_events *ev, int map_fd, const char *name, unsigned int page_order)
{
	unsigned char online[4096];
	struct bpf_map_info info;
	int err;

	if (page_order > 16)
		return -EINVAL;
	if ((err = map_check(map_fd, name, BPF_MAP_TYPE_PERF_EVENT_ARRAY, &info)))
		return err;
	if ((err = bb_cpu_list_read("online", online, (int)sizeof(online))) < 0) {
		bb_err("map '%s': cannot read the online CPUs: %s", name, bb_strerror(err));
		return err;
	}
	for (int cpu = 0; cpu < (int)sizeof(online); cpu++) {
		if (!online[cpu])
			continue;
		if ((__u32)cpu >= info.max_entries) {
			bb_err("map '%s' has %u entries, too few for CPU %d", name, info.max_entries,
			       cpu);
			return -E2BIG;
		}
		if ((err = add_perf_cpu(ev, map_fd, name, cpu, page_order)))
			return err;
	}
	return 0;
}

int bb_events_add_ringbuf(struct bb_events *ev, int map_fd, const char *name)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size;
	struct bpf_map_info info;
	struct ring *r;
	int err;

	if ((err = map_check(map_fd, name, BPF_MAP_TYPE_RINGBUF, &info)))
		return err;
	size = info.max_entries;
	if (!(r = new_ring(ev)))
		return -ENOMEM;
	if (!size || size & (size - 1) || size % page) {
		bb_err("map '%s': ring buffer size %zu is not a power-of-2 multiple of the page size",
		       name, size);
		return -EINVAL;
	}
	r->kind = RING_BPF;
	r->fd = map_fd;
	r->cpu = -1;
	r->data_size = size;
	r->consumer = bb_sys_mmap(page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0,
				  "the consumer page: we write how far we have read");
	if (r->consumer == MAP_FAILED) {
		r->consumer = NULL;
		goto fail;
	}
	/* The data pages are mapped twice in a row, so no record ever wraps. */
	r->map_len = page + 2 * size;
	r->base = bb_sys_mmap(r->map_len, PROT_READ, MAP_SHARED, map_fd, (off_t)page,
			      "the producer page and the data, mapped twice in a row so no "
			      "record wraps");
	if (r->base == MAP_FAILED) {
		r->base = NULL;
		goto fail;
	}
	r->data = (const unsigned char *)r->base + page;
	if ((err = watch(ev, map_fd))) {
		unmap_ring(r);
		return err;
	}
	r->name = name ? strdup(name) : NULL;
	ev->nr++;
	return 0;
fail:
	err = -errno;
	bb_err("map '%s': mmap of the ring buffer failed: %s", name, bb_strerror(err));
	unmap_ring(r);
	return err;
}

/* Copies len bytes at off of a ring of size bytes, wrapping at its end. */
static void ring_copy(const unsigned char *ring, size_t size, size_t off, void *dst, size_t len)
{
	size_t first = size - off < len ? size - off : len;

	memcpy(dst, ring + off, first);
	memcpy((unsigned char *)dst + first, ring, len - first);
}

/* 1 if a sample was delivered, 0 if not, or the callback's -errno. */
static int perf_record(struct bb_events *ev, const struct ring *r,
		       const struct perf_event_header *h, const unsigned char *rec)
{
	__u32 raw;
	__u64 lost;
	int ret;

	if (h->type == PERF_RECORD_SAMPLE && h->size >= sizeof(*h) + sizeof(raw)) {
		memcpy(&raw, rec + sizeof(*h), sizeof(raw));
		if (raw > h->size - sizeof(*h) - sizeof(raw)) {
			bb_warn("perf ring of CPU %d: sample of %u bytes in a %u-byte record; dropped",
				r->cpu, raw, h->size);
			return 0;
		}
		ret = ev->on_event(ev->ctx, r->cpu, rec + sizeof(*h) + sizeof(raw), raw);
		return ret < 0 ? ret : 1;
	}
	if (h->type == PERF_RECORD_LOST && h->size >= sizeof(*h) + 16) {
		memcpy(&lost, rec + sizeof(*h) + 8, sizeof(lost));
		ev->lost += lost;
		if (ev->on_lost)
			ev->on_lost(ev->ctx, r->cpu, lost);
	}
	return 0;
}

static const unsigned char *whole_record(struct bb_events *ev, const unsigned char *data,
					 size_t size, size_t off, size_t len)
{
	if (off + len <= size)
		return data + off;
	if (len > ev->copy_cap) {
		unsigned char *n = realloc(ev->copy, len);

		if (!n)
			return NULL;
		ev->copy = n;
		ev->copy_cap = len;
	}
	ring_copy(data, size, off, ev->copy, len);
	return ev->copy;
}

/* The kernel writes data_head after the records (release); reading it with
 * acquire makes the records visible. data_tail is stored with release only
 * after a record has been used, so the kernel never overwrites it early. */
static int consume_perf(struct bb_events *ev, struct ring *r)
{
	struct perf_event_mmap_page *meta = r->base;
	const unsigned char *data = r->data;
	__u64 head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	__u64 tail = meta->data_tail;
	int n = 0, ret = 0;

	/* The kernel never lets the unread part outgrow the ring. */
	if (head - tail > r->data_size && tail < head) {
		ev->corrupt++;
		bb_warn("perf ring of CPU %d: head %llu is more than a ring ahead of tail %llu; "
			"skipping to the head", r->cpu, (unsigned long long)head,
			(unsigned long long)tail);
		tail = head;
	}
	while (tail < head && ret >= 0) {
		size_t off = tail & (r->data_size - 1);
		struct perf_event_header h;
		const unsigned char *rec;

		ring_copy(data, r->data_size, off, &h, sizeof(h));
		if (h.size < sizeof(h) || h.size > head - tail) {
			ev->corrupt++;
			bb_warn("perf ring of CPU %d: record of %u bytes at %llu is corrupt; "
				"skipping to the head", r->cpu, h.size, (unsigned long long)tail);
			tail = head;
			break;
		}
		rec = whole_record(ev, data, r->data_size, off, h.size);
		if (!rec)
			return -ENOMEM;
		ret = perf_record(ev, r, &h, rec);
		n += ret > 0;
		tail += h.size;
		__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
	return ret < 0 ? ret : n;
}

#define RINGBUF_HDR 8

/* Skips what cannot be a record: the consumer moves to the producer. */
static int ring_corrupt(struct bb_events *ev, unsigned long *cons_pos, unsigned long prod, int n,
			const char *what)
{
	ev->corrupt++;
	bb_warn("ring buffer: corrupt %s; skipping to the producer", what);
	__atomic_store_n(cons_pos, prod, __ATOMIC_RELEASE);
	return n;
}

/* The producer position is read with acquire; a record's length word too,
 * as the kernel clears its busy bit with release when the record is done. */
static int consume_ringbuf(struct bb_events *ev, struct ring *r)
{
	unsigned long *cons_pos = r->consumer;
	const unsigned long *prod_pos = r->base;
	const unsigned char *data = r->data;
	const unsigned long mask = r->data_size - 1, max = r->data_size - RINGBUF_HDR;
	const bb_event_fn cb = ev->on_event;
	void *ctx = ev->ctx;
	unsigned long cons = __atomic_load_n(cons_pos, __ATOMIC_ACQUIRE), prod, start;
	int n = 0, ret = 0;

	do {
		start = cons;
		prod = __atomic_load_n(prod_pos, __ATOMIC_ACQUIRE);
		while (cons < prod) {
			const __u32 *hdr = (const __u32 *)(data + (cons & mask));
			__u32 len, size;

			/* Records are 8-aligned and never more than a ring ahead. */
			if ((cons & 7) || prod - cons > r->data_size)
				return ring_corrupt(ev, cons_pos, prod, n, "positions");
			len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
			if (len & BPF_RINGBUF_BUSY_BIT)
				return n;
			if (size > max)
				return ring_corrupt(ev, cons_pos, prod, n, "record length");
			cons += (size + RINGBUF_HDR + 7) & ~7ul;
			if (!(len & BPF_RINGBUF_DISCARD_BIT)) {
				ret = cb(ctx, -1, hdr + 2, size);
				if (ret < 0) {
					__atomic_store_n(cons_pos, cons, __ATOMIC_RELEASE);
					return ret;
				}
				n++;
			}
			__atomic_store_n(cons_pos, cons, __ATOMIC_RELEASE);
		}
	} while (cons != start);
	return n;
}

/* Puts the batching (batching) or the waking event in slot cpu of the array. */
static int use_event(const struct ring *r, int batching)
{
	int fd = batching ? r->fd : r->wake_fd;

	if (r->map_fd < 0 || r->wake_fd < 0)
		return 0;
	bb_why(batching ? "records keep coming: the batching event takes slot CPU, the kernel "
	       "then wakes the reader once per wakeup_watermark bytes" : "the ring went quiet: "
	       "the waking event takes slot CPU back, so the next record wakes the reader");
	return sys_bpf_map_update_elem(r->map_fd, &r->cpu, &fd, BPF_ANY);
}

/* After a pass over perf ring r that found records (moved) or not, at now. */
static void pace(struct ring *r, int moved, long long now)
{
	if (moved) {
		if (r->pace == PACE_BATCH || !use_event(r, 1)) {
			r->pace = PACE_BATCH;
			r->due_ns = now + DELAY_NS;
		}
		return;
	}
	if (!r->due_ns || now < r->due_ns)
		return;
	if (r->pace == PACE_BATCH) {
		if (!use_event(r, 0))
			r->pace = PACE_LAST;
		r->due_ns = now + DELAY_NS;	/* LAST's one more look, or a retry */
	} else {
		r->pace = PACE_WAKE;
		r->due_ns = 0;
	}
}

static int consume_ring(struct bb_events *ev, struct ring *r, long long now)
{
	struct perf_event_mmap_page *meta = r->base;
	__u64 tail;
	int n;

	ev->current = r->name;
	if (r->kind != RING_PERF)
		return consume_ringbuf(ev, r);
	tail = __atomic_load_n(&meta->data_tail, __ATOMIC_RELAXED);
	n = consume_perf(ev, r);
	pace(r, __atomic_load_n(&meta->data_tail, __ATOMIC_RELAXED) != tail, now);
	return n;
}

int bb_events_consume(struct bb_events *ev)
{
	long long now = now_ns();
	int total = 0;

	for (size_t i = 0; i < ev->nr; i++) {
		int n = consume_ring(ev, &ev->rings[i], now);

		if (n < 0)
			return n;
		total += n;
	}
	return total;
}

int bb_events_next_deadline_ms(const struct bb_events *ev)
{
	long long due = 0, left;

	for (size_t i = 0; i < ev->nr; i++)
		if (ev->rings[i].due_ns && (!due || ev->rings[i].due_ns < due))
			due = ev->rings[i].due_ns;
	if (!due)
		return -1;
	left = due - now_ns();
	if (left <= 0)
		return 0;
	left = (left + 999999) / 1000000;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* The rings epoll found ready, then those whose deadline has come. */
int bb_events_poll(struct bb_events *ev, int timeout_ms)
{
	struct epoll_event ready[64];
	int due = bb_events_next_deadline_ms(ev), total = 0, n, got;
	long long now;

	if (due >= 0 && (timeout_ms < 0 || due < timeout_ms))
		timeout_ms = due;
	if ((n = epoll_wait(ev->epfd, ready, 64, timeout_ms)) < 0)
		return errno == EINTR ? 0 : -errno;
	now = now_ns();
	for (int i = 0; i < n; i++) {
		if ((got = consume_ring(ev, &ev->rings[ready[i].data.u64], now)) < 0)
			return got;
		total += got;
	}
	for (size_t i = 0; i < ev->nr; i++) {
		if (!ev->rings[i].due_ns || now < ev->rings[i].due_ns)
			continue;
		if ((got = consume_ring(ev, &ev->rings[i], now)) < 0)
			return got;
		total += got;
	}
	return total;
}

int bb_events_add_mem(struct bb_events *ev, int bpf_ringbuf, void *meta, void *consumer,
		      const void *data, size_t data_size, int cpu)
{
	struct ring *r;

	if (!data_size || data_size & (data_size - 1) || data_size < 8 || !meta ||
	    (bpf_ringbuf && !consumer))
		return -EINVAL;
	if (!(r = new_ring(ev)))
		return -ENOMEM;
	r->kind = bpf_ringbuf ? RING_BPF : RING_PERF;
	r->cpu = bpf_ringbuf ? -1 : cpu;
	r->base = meta;
	r->consumer = consumer;
	r->data = data;
	r->data_size = data_size;
	ev->nr++;
	return 0;
}

const char *bb_events_ring_name(const struct bb_events *ev)
{
	return ev->current;
}

int bb_events_fd(const struct bb_events *ev)
{
	return ev->epfd;
}

__u64 bb_events_lost(const struct bb_events *ev)
{
	return ev->lost;
}

__u64 bb_events_corrupt(const struct bb_events *ev)
{
	return ev->corrupt;
}

void bb_events_free(struct bb_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->nr; i++) {
		unmap_ring(&ev->rings[i]);
		free(ev->rings[i].name);
	}
	bb_sys_close(ev->epfd, NULL);
	free(ev->rings);
	free(ev->copy);
	free(ev);
}
