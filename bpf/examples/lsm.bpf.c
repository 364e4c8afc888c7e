// SPDX-License-Identifier: GPL-2.0
/* lsm/path_unlink: refuses unlinking files named "barebpf-lsm-deny" with
 * EPERM; every other unlink goes on. Needs a kernel booted with "bpf" among
 * its LSMs (lsm=...,bpf) and BPF trampolines. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define EPERM 1

struct qstr {
	const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry {
	struct qstr d_name;
} __attribute__((preserve_access_index));

static const char denied[] = "barebpf-lsm-deny";

/* int security_path_unlink(const struct path *dir, struct dentry *dentry) */
SEC("lsm/path_unlink")
int BPF_PROG(deny_unlink, void *dir, struct dentry *dentry, int ret)
{
	char name[sizeof(denied)] = {};

	if (ret)
		return ret;	/* an earlier LSM said no already */
	bpf_probe_read_kernel_str(name, sizeof(name), dentry->d_name.name);
	for (int i = 0; i < (int)sizeof(denied); i++)
		if (name[i] != denied[i])
			return 0;
	bpf_printk("lsm: denied unlink of %s", name);
	return -EPERM;
}
