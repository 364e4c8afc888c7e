/* What `barebpf run` shows: events decoded with the object's BTF, and maps,
 * as text or JSON lines. Part of the command line: it prints to stdout. */
#ifndef BAREBPF_SHOW_H
#define BAREBPF_SHOW_H

#include <stdio.h>

#include "loader.h"

struct show {
	const struct bb_object *obj;
	int json;
	unsigned int event_type;	/* BTF id of the event struct, 0 for a hex dump */
	unsigned long long events;
};

/* Picks the event type: the struct named name, else a struct named "event",
 * else the only struct whose name ends in "event" or "event_t". 0 or -errno. */
int show_pick_event_type(struct show *s, const char *name);
/* A bb_event_fn: one line per event. */
int show_event(void *ctx, int cpu, const void *data, size_t size);
void show_lost(void *ctx, int cpu, unsigned long long lost);
/* Every map worth reading: hash and array maps, histograms, global variables. */
void show_maps(const struct show *s, const struct bb_loader *l);

#endif
