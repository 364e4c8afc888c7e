#include <linux/bpf.h>
#include <stddef.h>

#include "helpers.h"

/* __BPF_FUNC_MAPPER lists the helpers in number order; newer headers pass the
 * number as a second argument, which the variadic macro ignores. */
#define HELPER_NAME(name, ...) "bpf_" #name

static const char *const names[] = { __BPF_FUNC_MAPPER(HELPER_NAME) };

const char *bb_helper_name(int id)
{
	return id > 0 && (size_t)id < sizeof(names) / sizeof(names[0]) ? names[id] : NULL;
}
