/* Prog arrays and maps of maps given their initial slots (elf/map_slots.c). */
#ifndef BAREBPF_MAP_SLOTS_H
#define BAREBPF_MAP_SLOTS_H

#include "object.h"

/* Every map-in-map slot, once all maps exist; reused (pinned) maps are kept as they are. */
int bb_map_slots_fill_maps(const struct bb_object *o, const int *map_fds,
			   const unsigned char *reused);
/* The slots of prog arrays that name program prog, once it is loaded. */
int bb_map_slots_fill_prog(const struct bb_object *o, const int *map_fds,
			   const unsigned char *reused, size_t prog, int prog_fd);

#endif
