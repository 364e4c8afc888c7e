/* Attaching a loaded program to its event. A link owns the fds (and, later,
 * the probe events) that keep the program attached. */
#ifndef BAREBPF_ATTACH_H
#define BAREBPF_ATTACH_H

#include "object.h"

struct bb_link {
	const char *prog;
	enum bb_attach_kind kind;
	int fd;			/* perf event or raw tracepoint fd */
};

/* Attach by the program's section; logs what went wrong and returns -errno. */
int bb_attach(const struct bb_prog *prog, int prog_fd, struct bb_link *link);
void bb_link_destroy(struct bb_link *link);

#endif
