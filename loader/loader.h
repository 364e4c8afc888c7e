/* The loaded object: owns every map fd, program fd and link it creates, and
 * releases all of them in bb_loader_free, whatever state it is in. */
#ifndef BAREBPF_LOADER_H
#define BAREBPF_LOADER_H

#include <stddef.h>

#include "object.h"

struct bb_loader;

/* Takes ownership of obj. */
int bb_loader_new(struct bb_object *obj, struct bb_loader **out);
const struct bb_object *bb_loader_object(const struct bb_loader *l);
/* The kernel BTF that CO-RE relocations are resolved against; by default
 * /sys/kernel/btf/vmlinux, read when the first program needs it. */
void bb_loader_set_kernel_btf(struct bb_loader *l, const char *path);
int bb_loader_create_maps(struct bb_loader *l);
/* Loads program i; on a verifier rejection logs its words. Maps must exist. */
int bb_loader_load_prog(struct bb_loader *l, size_t i);
struct bb_attach_opts;
/* opts may be NULL. */
int bb_loader_attach_prog(struct bb_loader *l, size_t i, const struct bb_attach_opts *opts);
/* Pins every map in dir (a bpf filesystem) under its name, dots made '_'. */
int bb_loader_pin_maps(struct bb_loader *l, const char *dir);
/* Detaches every attached program; they stay loaded. */
void bb_loader_detach(struct bb_loader *l);
int bb_loader_prog_fd(const struct bb_loader *l, size_t i);
int bb_loader_map_fd(const struct bb_loader *l, size_t i);
/* Detaches, closes every fd and frees the object. */
void bb_loader_free(struct bb_loader *l);

#endif
