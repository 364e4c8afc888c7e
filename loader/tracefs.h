/* Finding (and if need be mounting) tracefs, and reading event ids from it. */
#ifndef BAREBPF_TRACEFS_H
#define BAREBPF_TRACEFS_H

#include <linux/types.h>
#include <stddef.h>

#include "barebpf.h"

/* The tracefs directory: /sys/kernel/tracing or /sys/kernel/debug/tracing,
 * mounting tracefs at the first when neither is there. 0 or -errno. */
int tracefs_dir(const char **dir);
/* Id of events/<event>/id, event being "category/name". 0 or -errno. */
int tracefs_event_id(const char *event, __u64 *id);
/* 0 if s is a tracefs event or group name: letters, digits, '_' only. */
int tracefs_check_name(const char *s);
/* bb_trace_pipe_open (barebpf.h) opens <tracefs>/trace_pipe. */

#endif
