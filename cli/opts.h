/* The command line's words: commands, options, help, usage errors. */
#ifndef BAREBPF_CLI_OPTS_H
#define BAREBPF_CLI_OPTS_H

#include <stdio.h>

#include "barebpf.h"

enum { EXIT_LOAD = 1, EXIT_USAGE = 2 };

enum cmd {
	CMD_INSPECT = 1, CMD_LOAD = 2, CMD_RUN = 4, CMD_SYSCALL = 8, CMD_CLEANUP = 16,
	CMD_UNPIN = 32, CMD_HELP = 64,
};

struct run_opts {
	struct bb_attach_opts attach;
	double duration, interval;
	unsigned int page_order;
	const char *pin_dir, *event_type, *kernel_btf, *kconfig, *maps;
	int json, timestamp, no_maps, pin_progs;
	int verbosity;		/* -v 1, -vv 2 */
	const char *sets[64];
	int nsets;
	enum cmd cmd;
	const char *arg;	/* OBJ, NAME, DIR or the command help is asked about */
};

/* Parses argv into o. Returns -1 to go on, else the exit status (help,
 * --version, a usage error: its reason said, then one line to --help). */
int parse_command_line(int argc, char **argv, struct run_opts *o);
/* A usage error: the reason, then where to read more. Returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
