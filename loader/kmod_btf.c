#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "file.h"
#include "kmod_btf.h"
#include "log.h"
#include "sys.h"

#define KMOD_BTF_MAX ((size_t)1 << 28)

/* 1: a loaded module, 2: built in (no initstate), 0: neither. */
static int presence(const char *module)
{
	char path[300];

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", module);
	if (!bb_sys_access(path, "a loaded module has an initstate"))
		return 1;
	snprintf(path, sizeof(path), "/sys/module/%s", module);
	return bb_sys_access(path, "built-in code shows under /sys/module too") ? 0 : 2;
}

static const char *why_no_btf(const char *module)
{
	switch (presence(module)) {
	case 1:
		return " (it is loaded: this kernel was built without CONFIG_DEBUG_INFO_BTF_MODULES)";
	case 2:
		return " (it is built into this kernel: its types are in vmlinux's BTF, so name "
		       "no module)";
	default:
		return " (is the module loaded?)";
	}
}

int kmod_btf_read(const char *module, const struct bb_btf *vmlinux, struct bb_btf **out)
{
	const char *why = NULL;
	char path[300], *raw;
	size_t size;
	int err;

	*out = NULL;
	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", module);
	if ((err = bb_read_file(path, KMOD_BTF_MAX, 0, &raw, &size))) {
		bb_err("module '%s': cannot read its BTF %s: %s%s", module, path, bb_strerror(err),
		       err == -ENOENT ? why_no_btf(module) : "");
		return err;
	}
	err = bb_btf_parse_split(raw, size, vmlinux, out, &why);
	free(raw);
	if (err)
		bb_err("module BTF %s: %s", path, why ? why : bb_strerror(err));
	return err;
}

int kmod_btf_fd(const char *module)
{
	char name[64];
	__u32 id = 0;
	int fd, err;

	while (!(err = sys_bpf_btf_get_next_id(id, &id))) {
		struct bpf_btf_info info;

		if ((fd = sys_bpf_btf_get_fd_by_id(id)) == -EPERM) {
			err = fd;
			break;
		}
		if (fd < 0)
			continue;	/* gone since */
		memset(&info, 0, sizeof(info));
		memset(name, 0, sizeof(name));
		info.name = (__u64)(unsigned long)name;
		info.name_len = sizeof(name);
		if (!sys_bpf_btf_get_info(fd, &info) && !strcmp(name, module))
			return fd;
		bb_sys_close(fd, NULL);
	}
	/* ENOENT: the walk went past the last id */
	bb_err("module '%s': cannot open its BTF in the kernel: %s", module,
	       err == -ENOENT ? "BPF_BTF_GET_NEXT_ID found no BTF of that name" : bb_strerror(err));
	return err;
}

static int each_line(char *text, const struct bb_btf *vmlinux,
		     int (*fn)(const char *, const struct bb_btf *, void *), void *ctx)
{
	char module[64], path[300];
	int ret = 0;

	for (char *line = text; !ret && line && *line; line = strchr(line, '\n'), line += !!line) {
		struct bb_btf *btf;

		if (!bb_word_copy(line, module, sizeof(module)))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", module);
		if (bb_sys_access(path, "does this module have BTF?"))
			continue;
		if (kmod_btf_read(module, vmlinux, &btf))
			continue;	/* said why; the others may still have it */
		ret = fn(module, btf, ctx);
		bb_btf_free(btf);
	}
	return ret;
}

int kmod_btf_each(const struct bb_btf *vmlinux,
		  int (*fn)(const char *module, const struct bb_btf *btf, void *ctx), void *ctx)
{
	char *text;
	size_t len;
	int ret;

	bb_why("the loaded modules, whose BTF may have what vmlinux's does not");
	if (bb_read_file("/proc/modules", (size_t)1 << 24, 0, &text, &len))
		return 0;	/* no modules (CONFIG_MODULES=n) */
	ret = each_line(text, vmlinux, fn, ctx);
	free(text);
	return ret;
}
