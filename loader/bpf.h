/* One thin wrapper per bpf(2) command. Each zeroes the whole union bpf_attr
 * (the kernel rejects non-zero bytes past the fields a command uses), makes the
 * call, narrates it at debug level and returns the result or -errno. */
#ifndef BAREBPF_BPF_H
#define BAREBPF_BPF_H

#include <linux/bpf.h>

struct sys_bpf_map_params {
	const char *name;
	__u32 map_type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	__u32 btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	int inner_map_fd;	/* map-in-map: a map like its inner maps; 0: none */
};

struct sys_bpf_prog_params {
	const char *name;
	__u32 prog_type;
	__u32 expected_attach_type;
	const struct bpf_insn *insns;
	__u32 insn_cnt;
	const char *license;
	__u32 kern_version;
	char *log_buf;
	__u32 log_size;
	__u32 log_level;
	__u32 prog_btf_fd;
	const void *func_info;
	__u32 func_info_rec_size;
	__u32 func_info_cnt;
	const void *line_info;
	__u32 line_info_rec_size;
	__u32 line_info_cnt;
	__u32 prog_flags;		/* BPF_F_SLEEPABLE, ... */
	__u32 attach_btf_id;		/* BTF-typed programs: the kernel type they attach to */
	__u32 attach_btf_obj_fd;	/* ... in this module's BTF (0: vmlinux) */
	const int *fd_array;		/* module BTF fds for kfunc calls (insn.off), or NULL */
	__u32 fd_array_cnt;		/* its length, for -v only (the kernel takes no length) */
};

int sys_bpf_map_create(const struct sys_bpf_map_params *p);
int sys_bpf_map_lookup_elem(int fd, const void *key, void *value);
int sys_bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);
int sys_bpf_map_delete_elem(int fd, const void *key);
int sys_bpf_map_get_next_key(int fd, const void *key, void *next_key);
int sys_bpf_map_freeze(int fd);
int sys_bpf_prog_load(const struct sys_bpf_prog_params *p);
int sys_bpf_obj_pin(int fd, const char *path);
int sys_bpf_obj_get(const char *path);
int sys_bpf_prog_get_next_id(__u32 start, __u32 *next);
int sys_bpf_map_get_next_id(__u32 start, __u32 *next);
int sys_bpf_raw_tracepoint_open(const char *name, int prog_fd);
int sys_bpf_map_get_info(int fd, struct bpf_map_info *info);
/* iter_info may be NULL (iter_info_len 0); target_fd 0 for tracing programs. */
int sys_bpf_link_create(int prog_fd, int target_fd, __u32 attach_type, const void *iter_info,
			__u32 iter_info_len);
/* A perf event (kprobe, uprobe) linked to a program, with a BPF cookie (5.15). */
int sys_bpf_link_create_perf(int prog_fd, int perf_fd, __u64 cookie);
int sys_bpf_iter_create(int link_fd);
/* A link on an interface (tcx, XDP: target_ifindex) or on an fd (cgroup, netns);
 * flags: XDP_FLAGS_* for XDP. */
int sys_bpf_link_create_ifindex(int prog_fd, int ifindex, __u32 attach_type, __u32 flags);
int sys_bpf_link_create_fd(int prog_fd, int target_fd, __u32 attach_type);
int sys_bpf_prog_attach(int target_fd, int prog_fd, __u32 attach_type, __u32 flags);
int sys_bpf_prog_detach(int target_fd, int prog_fd, __u32 attach_type);
int sys_bpf_btf_get_next_id(__u32 start, __u32 *next);
int sys_bpf_btf_get_fd_by_id(__u32 id);
/* info->name must point at name_len bytes the kernel fills. */
int sys_bpf_btf_get_info(int fd, struct bpf_btf_info *info);
int sys_bpf_btf_load(const void *btf, __u32 size, char *log_buf, __u32 log_size,
		     __u32 log_level);

#endif
