#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "ksym.h"
#include "log.h"
#include "probe.h"

static int listed(const char *path, int field, const char *name)
{
	FILE *f = fopen(path, "re");
	char line[512], word[256];
	int found = 0;

	if (!f)
		return -errno;
	while (!found && fgets(line, sizeof(line), f))
		/* kallsyms: ADDR TYPE NAME [module]; available_filter_functions: NAME [module] */
		found = sscanf(line, field ? "%*s %*s %255s" : "%255s", word) == 1 &&
			!strcmp(word, name);
	fclose(f);
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
