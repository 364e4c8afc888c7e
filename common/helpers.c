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

const char *bb_helper_since(int id)
{
	static const struct { int first; const char *release; } firsts[] = {
		{ 130, "5.8" }, { 147, "5.10" }, { 156, "5.11" }, { 163, "5.12" }, { 164, "5.13" },
		{ 166, "5.14" }, { 169, "5.15" }, { 176, "5.16" }, { 180, "5.17" }, { 194, "5.19" },
		{ 208, "6.1" }, { 210, "6.2" },
	};
	const char *r = NULL;

	for (size_t i = 0; i < sizeof(firsts) / sizeof(firsts[0]); i++)
		if (id >= firsts[i].first)
			r = firsts[i].release;
	return r;
}
