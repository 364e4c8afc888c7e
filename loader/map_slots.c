#include <errno.h>

#include "bpf.h"
#include "log.h"
#include "map_slots.h"

static int put(const struct bb_map_def *m, int map_fd, const struct bb_map_slot *s, int fd,
	       const char *what)
{
	int err;

	bb_why("__array(values, ...) names what this slot holds at load, as libbpf fills it");
	err = sys_bpf_map_update_elem(map_fd, &s->slot, &fd, BPF_ANY);
	if (err)
		bb_err("map '%s': slot %u: putting %s '%s' there failed: %s", m->name, s->slot,
		       m->type == BPF_MAP_TYPE_PROG_ARRAY ? "program" : "map", what,
		       bb_strerror(err));
	return err;
}

int bb_map_slots_fill_maps(const struct bb_object *o, const int *map_fds,
			   const unsigned char *reused)
{
	int err;

	for (size_t i = 0; i < o->nr_maps; i++) {
		const struct bb_map_def *m = &o->maps[i];

		if (m->type == BPF_MAP_TYPE_PROG_ARRAY || (reused && reused[i]))
			continue;
		for (size_t k = 0; k < m->nr_slots; k++)
			if ((err = put(m, map_fds[i], &m->slots[k], map_fds[m->slots[k].index],
				       o->maps[m->slots[k].index].name)))
				return err;
	}
	return 0;
}

int bb_map_slots_fill_prog(const struct bb_object *o, const int *map_fds,
			   const unsigned char *reused, size_t prog, int prog_fd)
{
	int err;

	for (size_t i = 0; i < o->nr_maps; i++) {
		const struct bb_map_def *m = &o->maps[i];

		if (m->type != BPF_MAP_TYPE_PROG_ARRAY || (reused && reused[i]))
			continue;
		for (size_t k = 0; k < m->nr_slots; k++)
			if (m->slots[k].index == prog &&
			    (err = put(m, map_fds[i], &m->slots[k], prog_fd, o->progs[prog].name)))
				return err;
	}
	return 0;
}
