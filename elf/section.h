/* Program section names: what program type and attach point a section means. */
#ifndef BAREBPF_SECTION_H
#define BAREBPF_SECTION_H

#include "object.h"

/* Returns 0 and fills type, attach and target (the part after the prefix), or
 * -ENOENT for a section barebpf does not know. */
int bb_section_classify(const char *sec, __u32 *type, enum bb_attach_kind *attach,
			const char **target);

#endif
