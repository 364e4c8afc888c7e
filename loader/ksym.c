#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "file.h"
#include "ksym.h"
#include "log.h"
#include "probe.h"

/* kallsyms: ADDR TYPE NAME [module]; available_filter_functions: NAME [module] */
static int listed(const char *path, int field, const char *name)
{
	size_t len, n = strlen(name);
	char *text, *line;
	int err, found = 0;

	bb_why("is there a kernel function of this name?");
	if ((err = bb_read_file(path, (size_t)1 << 28, 0, &text, &len)))
		return err;
	for (line = text; !found && line && *line; line = strchr(line, '\n'), line += !!line) {
		const char *w = line;

		for (int i = 0; i < field && w; i++)
			w = (w = strchr(w, ' ')) ? w + 1 : NULL;
		found = w && !strncmp(w, name, n) && strchr(" \t\n", w[n] ? w[n] : ' ');
	}
	free(text);
	return found;
}

int ksym_exists(const char *name)
{
	const char *dir;
	char path[256];
	int ret;

	if (!probe_dir(PROBE_KPROBE, &dir)) {
		snprintf(path, sizeof(path), "%s/available_filter_functions", dir);
		ret = listed(path, 0, name);
		if (ret == 1)
			return 1;
	}
	ret = listed("/proc/kallsyms", 2, name);
	bb_debug("kallsyms: '%s' %s", name, ret == 1 ? "found" : "not found");
	return ret;
}

int bb_syscall_function(const char *name, char *out, size_t size)
{
	static const char *const prefixes[] = { ARCH_SYSCALL_PREFIX, "sys_" };
	int ret = 0;

	if (probe_check_symbol(name))
		return -EINVAL;
	for (size_t i = 0; i < 2; i++) {
		snprintf(out, size, "%s%s", prefixes[i], name);
		ret = ksym_exists(out);
		if (ret == 1)
			return 0;
	}
	return ret < 0 ? ret : -ENOENT;
}
