#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "sys.h"
#include "tracefs.h"

static const char *const candidates[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };

/* 1 when tracefs is mounted at dir, 0 when not, -EACCES when something is
 * there that this user may not look into (tracefs is 0700 root). */
static int has_events(const char *dir)
{
	char path[128];
	int err;

	snprintf(path, sizeof(path), "%s/events", dir);
	err = bb_sys_access(path, "is tracefs mounted here?");
	return !err ? 1 : err == -EACCES ? err : 0;
}

int tracefs_dir(const char **dir)
{
	static const char *found;
	const char *denied = NULL;
	int ret;

	for (size_t i = 0; !found && i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		ret = has_events(candidates[i]);
		if (ret == 1)
			found = candidates[i];
		else if (ret == -EACCES && !denied)
			denied = candidates[i];
	}
	if (found) {
		*dir = found;
		return 0;
	}
	if (denied) {
		bb_err("tracefs: permission denied: %s is there but this user may not read it: %s "
		       "(run as root)", denied, bb_strerror(-EACCES));
		return -EACCES;
	}
	ret = bb_sys_mount("tracefs", candidates[0], "tracefs",
			   "tracefs is not mounted: mount it, as tracepoint ids live there");
	if (ret) {
		bb_err("tracefs: not mounted at %s or %s, and mounting it failed: %s%s",
		       candidates[0], candidates[1], bb_strerror(ret),
		       ret == -EPERM ? " (mounting needs root)" :
		       ret == -ENODEV ? " (kernel without CONFIG_TRACING?)" : "");
		return ret;
	}
	*dir = found = candidates[0];
	return 0;
}

int tracefs_check_name(const char *s)
{
	if (!*s)
		return -EINVAL;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return -EINVAL;
	return 0;
}

int tracefs_event_id(const char *event, __u64 *id)
{
	char path[512], cat[256], *buf, *slash, *end;
	const char *dir;
	size_t len;
	int err;

	if (strlen(event) >= sizeof(cat) || !(slash = strchr(strcpy(cat, event), '/')))
		return -EINVAL;
	*slash = '\0';
	if (tracefs_check_name(cat) || tracefs_check_name(slash + 1))
		return -EINVAL;
	if ((err = tracefs_dir(&dir)))
		return err;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir, cat, slash + 1);
	bb_why("read the event's id so perf_event_open can name it");
	err = bb_read_file(path, 64, 0, &buf, &len);
	if (!err)
		bb_debug("id of %s: %s", event, strtok(buf, "\n") ? buf : "?");
	if (err)
		return err;
	*id = strtoull(buf, &end, 10);
	err = end == buf ? -EINVAL : 0;
	free(buf);
	return err;
}

int bb_trace_pipe_open(void)
{
	char path[128];
	const char *dir;
	int fd, err;

	if ((err = tracefs_dir(&dir)))
		return err;
	snprintf(path, sizeof(path), "%s/trace_pipe", dir);
	fd = bb_sys_openat(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC,
			   "bpf_printk writes to trace_pipe: read it while the programs run");
	err = fd;
	if (fd < 0)
		bb_log(err == -EBUSY ? BB_LOG_WARN : BB_LOG_ERROR, "tracefs: cannot open %s: %s%s",
		       path, bb_strerror(err), err == -EBUSY ?
		       " (another process is reading it; bpf_printk lines go there)" : "");
	return err;
}
