/* BPF helper names by number, from the UAPI header's own list. */
#ifndef BAREBPF_HELPERS_H
#define BAREBPF_HELPERS_H

/* "bpf_get_current_pid_tgid" for 14; NULL for a number the header does not know. */
const char *bb_helper_name(int id);
/* The oldest Linux release that can have helper id: helpers are numbered in
 * the order they were added, so a known first number per release bounds it. */
const char *bb_helper_since(int id);

#endif
