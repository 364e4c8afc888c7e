/* What `barebpf run` shows: events decoded with the object's BTF, and maps,
 * as text or JSON lines on stdout. */
#ifndef BAREBPF_CLI_SHOW_H
#define BAREBPF_CLI_SHOW_H

#include "barebpf.h"

struct show {
	const struct bb_object *obj;
	int json;
	int timestamp;		/* -t: wall clock HH:MM:SS before each event */
	__u32 event_type;	/* BTF id of the event struct, 0 for a hex dump */
	unsigned long long events;
	const struct bb_events *ev;	/* the rings, for the map's name */
	const char *maps;	/* --maps a,b,c: only these; NULL: the default set */
	int no_maps;		/* --no-maps */
	unsigned long snapshots;
	const char *path;	/* the object file, for its DWARF */
	struct bb_record_type *record;	/* the event struct from DWARF, or NULL */
	size_t record_size;	/* the record size it was looked up for (0: named) */
	int header_done;
};

/* The header line of the event columns (member names), once, in text mode. */
void show_header(struct show *s);
/* One trace_pipe line: as it is, or as a JSON object with its fields. */
void show_trace_line(void *ctx, const char *line);
/* Seconds on CLOCK_MONOTONIC, the clock of trace_pipe's timestamps. */
double show_now(void);

/* A bb_event_fn and a bb_lost_fn: one line per event or loss. */
int show_event(void *ctx, int cpu, const void *data, size_t size);
void show_lost(void *ctx, int cpu, __u64 lost);
/* Every map worth reading: hash and array maps, histograms, global variables. */
void show_maps(struct show *s, const struct bb_loader *l);
/* name escaped for a text line (BB_ESC_JSON: a JSON string); four results
 * stay valid at a time. */
const char *show_str(const char *name, unsigned int flags);

#endif
