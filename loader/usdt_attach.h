/* USDT: a program of SEC("usdt/PATH:PROVIDER:NAME") attached as one uprobe
 * per .note.stapsdt site (with the semaphore as ref_ctr_offset), the
 * argument specs written to libbpf's __bpf_usdt_specs map, the spec id in
 * the BPF cookie (BPF_LINK_CREATE, 5.15+) or, on kernels whose answer is
 * EINVAL, in __bpf_usdt_ip_to_spec_id by probe address. */
#ifndef BAREBPF_USDT_ATTACH_H
#define BAREBPF_USDT_ATTACH_H

#include <linux/types.h>
#include <sys/types.h>

#include "attach.h"
#include "usdt.h"

struct usdt_env {
	int specs_fd, ip_fd;	/* the two maps, -1 when the object has none */
	__u32 specs_max;	/* __bpf_usdt_specs max_entries */
	__u32 specs_value_size;
	__u32 next_id;		/* the next free spec id */
	int no_cookie_links;	/* the kernel answered EINVAL once: no perf links */
};

/* The libbpf layout of struct __bpf_usdt_arg_spec and __bpf_usdt_spec. */
struct usdt_arg_spec {
	__u64 val_off;
	__u32 arg_type;
	__s16 reg_off;
	__u8 arg_signed;
	__s8 arg_bitshift;
};

struct usdt_spec {
	struct usdt_arg_spec args[BB_USDT_MAX_ARGS];
	__u64 usdt_cookie;
	__s16 arg_cnt;
};

/* The offset in struct pt_regs of a register sys/sdt.h names, or -ENOENT. */
int usdt_reg_offset(const char *name);
/* Parsed arguments into the spec the BPF side reads. 0 or -EINVAL (*why). */
int usdt_make_spec(const struct bb_usdt_arg *args, size_t n, struct usdt_spec *spec,
		   const char **why);
int usdt_attach(const struct bb_prog *prog, int prog_fd, pid_t pid, struct usdt_env *env,
		struct bb_link *link);
void usdt_link_destroy(struct usdt_link *u);

#endif
