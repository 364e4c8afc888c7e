/* Short readable names for UAPI enums, shared by inspect and the -v narration. */
#ifndef BAREBPF_NAMES_H
#define BAREBPF_NAMES_H

const char *bb_map_type_name(unsigned int type);
const char *bb_prog_type_name(unsigned int type);
const char *bb_bpf_cmd_name(unsigned int cmd);

#endif
