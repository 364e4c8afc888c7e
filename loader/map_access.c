/* Map access for callers of barebpf.h: lookups and updates by map index,
 * with per-CPU values sized from the kernel's possible CPUs. */
#include <errno.h>

#include "barebpf.h"
#include "bpf.h"
#include "file.h"
#include "object.h"

int bb_possible_cpus(void)
{
	static _Thread_local int n;	/* the possible CPUs never change */
	unsigned char set[4096];

	if (!n)
		n = bb_cpu_list_read("possible", set, (int)sizeof(set));
	return n;
}

static int percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

int bb_map_value_size(const struct bb_loader *l, size_t map, size_t *ncpu, size_t *stride)
{
	const struct bb_object *o = bb_loader_object(l);
	const struct bb_map_def *m;
	int cpus = 1;

	if (map >= o->nr_maps)
		return -ENOENT;
	m = &o->maps[map];
	if (percpu(m->type) && (cpus = bb_possible_cpus()) < 0)
		return cpus;
	/* The kernel hands per-CPU values over as one 8-byte aligned copy per CPU. */
	*stride = percpu(m->type) ? (m->value_size + 7) & ~(size_t)7 : m->value_size;
	*ncpu = (size_t)cpus;
	return 0;
}

static int fd_of(const struct bb_loader *l, size_t map)
{
	int fd = bb_loader_map_fd(l, map);

	return fd == -1 ? -EBADF : fd;
}

int bb_map_lookup(const struct bb_loader *l, size_t map, const void *key, void *value)
{
	int fd = fd_of(l, map);

	return fd < 0 ? fd : sys_bpf_map_lookup_elem(fd, key, value);
}

int bb_map_update(const struct bb_loader *l, size_t map, const void *key, const void *value,
		  __u64 flags)
{
	int fd = fd_of(l, map);

	return fd < 0 ? fd : sys_bpf_map_update_elem(fd, key, value, flags);
}

int bb_map_delete(const struct bb_loader *l, size_t map, const void *key)
{
	int fd = fd_of(l, map);

	return fd < 0 ? fd : sys_bpf_map_delete_elem(fd, key);
}

int bb_map_next_key(const struct bb_loader *l, size_t map, const void *key, void *next)
{
	int fd = fd_of(l, map);

	return fd < 0 ? fd : sys_bpf_map_get_next_key(fd, key, next);
}
