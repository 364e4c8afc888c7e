/* BPF helper names by number, from the UAPI header's own list. */
#ifndef BAREBPF_HELPERS_H
#define BAREBPF_HELPERS_H

/* "bpf_get_current_pid_tgid" for 14; NULL for a number the header does not know. */
const char *bb_helper_name(int id);

#endif
