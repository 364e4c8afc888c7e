/* Short readable names for UAPI enums, shared by inspect and the -v narration. */
#ifndef BAREBPF_NAMES_H
#define BAREBPF_NAMES_H

#include "barebpf.h"	/* bb_map_type_name, bb_prog_type_name */

const char *bb_bpf_cmd_name(unsigned int cmd);
const char *bb_attach_type_name(unsigned int type);	/* "BPF_TRACE_FENTRY", ... */

/* tcx attach types (6.6), newer than Debian 12's UAPI headers. */
enum { BB_TCX_INGRESS = 46, BB_TCX_EGRESS = 47 };

#endif
