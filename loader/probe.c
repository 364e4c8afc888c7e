#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "probe.h"
#include "sys.h"
#include "tracefs.h"

#define DEBUGFS "/sys/kernel/debug"

static const char *events_file(enum probe_kind kind)
{
	return kind == PROBE_KPROBE ? "kprobe_events" : "uprobe_events";
}

static int has_file(const char *dir, const char *file)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return bb_sys_access(path, "where are the probe files?") == 0;
}

static int is_debugfs(const char *dir)
{
	return bb_sys_statfs_type(dir, "is debugfs mounted there?") == DEBUGFS_MAGIC;
}

/* debugfs first, as bcc does; tracefs is the same filesystem seen elsewhere. */
int probe_dir(enum probe_kind kind, const char **dir)
{
	const char *file = events_file(kind), *tfs;
	int err;

	if (!has_file(DEBUGFS, "tracing") && !bb_sys_access(DEBUGFS, NULL) && !is_debugfs(DEBUGFS))
		bb_sys_mount("debugfs", DEBUGFS, "debugfs",
			     "bcc writes probes under debugfs: mount it, as bcc expects");
	if (has_file(DEBUGFS "/tracing", file)) {
		*dir = DEBUGFS "/tracing";
		return 0;
	}
	if ((err = tracefs_dir(&tfs)))
		return err;
	if (has_file(tfs, file)) {
		*dir = tfs;
		return 0;
	}
	return -ENOENT;
}

int probe_check_symbol(const char *s)
{
	if (!*s || strlen(s) > 200)
		return -EINVAL;
	for (; *s; s++)
		if (!(*s == '_' || *s == '.' || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return -EINVAL;
	return 0;
}

int probe_check_path(const char *s)
{
	if (*s != '/' || strlen(s) > 200)
		return -EINVAL;
	for (; *s; s++)
		/* The kernel splits the line at isspace(), which in its tables includes 0xa0. */
		if ((unsigned char)*s <= ' ' || *s == ':' || (unsigned char)*s >= 0x7f)
			return -EINVAL;
	return 0;
}

static int write_line(enum probe_kind kind, const char *line)
{
	char path[256];
	const char *dir;
	ssize_t n;
	int fd, err;

	if ((err = probe_dir(kind, &dir)))
		return err;
	snprintf(path, sizeof(path), "%s/%s", dir, events_file(kind));
	/* Append, never truncate: truncating removes every other tool's probes. */
	fd = bb_sys_openat(path, O_WRONLY | O_APPEND | O_CLOEXEC,
			   "append, never truncate: truncating removes every other tool's probes");
	if (fd < 0)
		return fd;
	n = bb_sys_write(fd, line, strlen(line), line[0] == '-' ? "remove our probe event" :
			 "one line defines one probe event; the kernel gives it an id");
	err = n < 0 ? (int)n : 0;
	bb_sys_close(fd, NULL);
	return err;
}

/* error_log: "... error: WHY" then "  Command: LINE"; the WHY of the last
 * error whose command names event. */
void probe_error_log_parse(char *text, const char *event, char *buf, size_t size)
{
	char *line, *err = NULL, *save, *at;

	buf[0] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if ((at = strstr(line, "error:"))) {
			err = at + 6;
			err += *err == ' ';
		} else if (err && strstr(line, "Command:") && strstr(line, event)) {
			snprintf(buf, size, "%s", err);
		}
	}
}

/* tracefs error_log: the kernel's own words on why our probe line was refused. */
static void kernel_explanation(const char *event, char *buf, size_t size)
{
	char path[256], *text;
	const char *dir;
	size_t len;

	buf[0] = '\0';
	if (tracefs_dir(&dir))
		return;
	snprintf(path, sizeof(path), "%s/error_log", dir);
	if (!bb_read_file(path, 1 << 20, 0, &text, &len)) {
		probe_error_log_parse(text, event, buf, size);
		free(text);
	}
}

/* The pid namespace's inode: a pid means something only inside its namespace,
 * so event names carry both and cleanup judges only its own namespace. */
static unsigned long pid_namespace(void)
{
	char link[64];
	ssize_t n = bb_sys_readlink("/proc/self/ns/pid", link, sizeof(link) - 1,
				    "event names carry the pid namespace: a pid means something "
				    "only inside it");

	if (n <= 0)
		return 0;
	link[n] = '\0';
	return strtoul(strchr(link, '[') ? strchr(link, '[') + 1 : link, NULL, 10);
}

static void make_event_name(int ret, const char *what, int n, char *out, size_t size)
{
	char clean[32];
	unsigned long ns;
	size_t j = 0;
	int pid;

	for (size_t i = 0; what[i] && j < sizeof(clean) - 1; i++) {
		char c = what[i];

		clean[j++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') ? c : '_';
	}
	clean[j] = '\0';
	ns = pid_namespace();
	pid = (int)bb_narrate(getpid(), "the event's name ends in our pid, so a barebpf that "
			      "finds it later can tell whether we still run", "getpid()");
	if (n)
		snprintf(out, size, "%c_%s_%d_%lu_%d", ret ? 'r' : 'p', clean, n, ns, pid);
	else
		snprintf(out, size, "%c_%s_%lu_%d", ret ? 'r' : 'p', clean, ns, pid);
}

static int explain_add_error(const struct probe *p, const char *target, int err)
{
	enum probe_kind kind = p->kind;
	char why[512];

	kernel_explanation(p->event, why, sizeof(why));
	if (err == -ENOENT && kind == PROBE_KPROBE && why[0] == '\0')
		snprintf(why, sizeof(why), "no such function in the kernel");
	bb_err("%s '%s': adding the probe failed: %s%s%s%s",
	       kind == PROBE_KPROBE ? "kprobe" : "uprobe", target, bb_strerror(err),
	       why[0] ? "; the kernel says: " : "", why,
	       err == -EBUSY ? " (the function cannot be probed, or is already in use)" :
	       err == -EACCES || err == -EPERM ? " (writing probe events needs root)" : "");
	return err;
}

int probe_add(enum probe_kind kind, int ret, const char *what, const char *target,
	      struct probe *p, __u64 *id)
{
	char line[512], event[128];
	int err = -EEXIST;

	p->kind = kind;
	for (int n = 0; err == -EEXIST && n < 100; n++) {
		make_event_name(ret, what, n, p->event, sizeof(p->event));
		snprintf(line, sizeof(line), "%c:%s/%s %s\n", ret ? 'r' : 'p', PROBE_GROUP,
			 p->event, target);
		err = write_line(kind, line);
	}
	if (err)
		return explain_add_error(p, target, err);
	snprintf(event, sizeof(event), "%s/%s", PROBE_GROUP, p->event);
	err = tracefs_event_id(event, id);
	if (err) {
		bb_err("%s event '%s': cannot read its id: %s", events_file(kind), event,
		       bb_strerror(err));
		probe_remove(p);
	}
	return err;
}

int probe_remove(const struct probe *p)
{
	char line[128];
	int err;

	snprintf(line, sizeof(line), "-:%s/%s\n", PROBE_GROUP, p->event);
	err = write_line(p->kind, line);
	if (err)
		bb_warn("%s: removing '%s/%s' failed: %s", events_file(p->kind), PROBE_GROUP,
			p->event, bb_strerror(err));
	return err;
}

/* EVENT ends in _NAMESPACE_PID. Names of another form, or of another pid
 * namespace, are left alone: their owner cannot be judged from here. */
static int owner_alive(const char *event)
{
	const char *us = strrchr(event, '_'), *ns;
	unsigned long inode;
	char *end;
	long pid;

	if (!us || us == event)
		return 1;
	pid = strtol(us + 1, &end, 10);
	if (*end || pid <= 0)
		return 1;
	for (ns = us - 1; ns > event && *ns != '_'; ns--)
		;
	inode = strtoul(ns + 1, &end, 10);
	if (*ns != '_' || end != us || !inode || inode != pid_namespace())
		return 1;
	return bb_sys_kill((pid_t)pid, 0, "does the barebpf that made this probe still run?") !=
	       -ESRCH;
}

/* "p:GROUP/EVENT ..." or, for return probes, "r10:GROUP/EVENT ...". */
int probe_events_line_ours(const char *line, char event[64])
{
	const char *g = strchr(line, ':');
	size_t n = strlen(PROBE_GROUP);

	if (!g || strncmp(g + 1, PROBE_GROUP "/", n + 1) || !bb_word_copy(g + n + 2, event, 64) ||
	    g[n + 2] == ' ' || g[n + 2] == '\t')
		return -ENOENT;
	return 0;
}

int probe_cleanup_stale(enum probe_kind kind)
{
	char path[256], *text, *line, *save;
	const char *dir;
	int removed = 0, err;
	size_t len;

	if ((err = probe_dir(kind, &dir)))
		return err;
	snprintf(path, sizeof(path), "%s/%s", dir, events_file(kind));
	if ((err = bb_read_file(path, 1 << 24, 0, &text, &len)))
		return err;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct probe p = { .kind = kind };
		char event[64];

		if (probe_events_line_ours(line, event) || owner_alive(event))
			continue;
		snprintf(p.event, sizeof(p.event), "%s", event);
		if (!probe_remove(&p))
			removed++;
	}
	free(text);
	return removed;
}

int bb_cleanup_stale_probes(void)
{
	int total = 0, err = 0;

	for (int kind = PROBE_KPROBE; kind <= PROBE_UPROBE; kind++) {
		int n = probe_cleanup_stale((enum probe_kind)kind);

		if (n > 0)
			bb_info("removed %d %s event(s) left by barebpf processes that died", n,
				kind == PROBE_KPROBE ? "kprobe" : "uprobe");
		if (n >= 0)
			total += n;
		else if (n != -ENOENT)
			err = n;
	}
	return err ? err : total;
}
