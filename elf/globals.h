/* Setting global variables (.rodata, .data, .bss) of an object before it is
 * loaded, by name, checked against their BTF type. */
#ifndef BAREBPF_GLOBALS_H
#define BAREBPF_GLOBALS_H

#include "object.h"

/* name=value, e.g. "pid_target=1234". 0 or -errno with a message that, for an
 * unknown name, lists the variables that exist. */
int bb_object_set_global(struct bb_object *o, const char *assignment);

#endif
