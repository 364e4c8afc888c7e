/* What `barebpf run` shows: events decoded with the object's BTF, and maps,
 * as text or JSON lines on stdout. */
#ifndef BAREBPF_CLI_SHOW_H
#define BAREBPF_CLI_SHOW_H

#include "barebpf.h"

struct show {
	const struct bb_object *obj;
	int json;
	__u32 event_type;	/* BTF id of the event struct, 0 for a hex dump */
	unsigned long long events;
};

/* A bb_event_fn and a bb_lost_fn: one line per event or loss. */
int show_event(void *ctx, int cpu, const void *data, size_t size);
void show_lost(void *ctx, int cpu, __u64 lost);
/* Every map worth reading: hash and array maps, histograms, global variables. */
void show_maps(const struct show *s, const struct bb_loader *l);
/* name escaped for a text line (BB_ESC_JSON: a JSON string); four results
 * stay valid at a time. */
const char *show_str(const char *name, unsigned int flags);

#endif
