/* kprobe and uprobe events: one line appended to kprobe_events/uprobe_events per
 * probe, removed with "-:GROUP/EVENT". Event names carry our pid so that the
 * entries of a barebpf that died can be told apart and removed later. */
#ifndef BAREBPF_PROBE_H
#define BAREBPF_PROBE_H

#include <linux/types.h>
#include <stddef.h>

#define PROBE_GROUP "barebpf"

enum probe_kind { PROBE_KPROBE, PROBE_UPROBE };

struct probe {
	enum probe_kind kind;
	char event[64];		/* EVENT, in group PROBE_GROUP */
};

/* Adds "p:barebpf/EVENT TARGET" (or "r:" when ret) and returns the event id.
 * target is SYM[+OFF] for kprobes, PATH:0xOFFSET for uprobes. */
int probe_add(enum probe_kind kind, int ret, const char *what, const char *target,
	      struct probe *p, __u64 *id);
int probe_remove(const struct probe *p);
/* Removes the entries of barebpf processes that no longer run; returns how
 * many were removed, or -errno. Other tools' entries are never touched. */
int probe_cleanup_stale(enum probe_kind kind);
/* 0 if s may appear in a probe line: no whitespace, control characters or
 * anything else the kprobe_events parser would read as a separator. */
int probe_check_symbol(const char *s);
int probe_check_path(const char *s);
/* The parsers of what tracefs hands back (no system calls), for tests:
 * the kernel's reason in error_log for the last refused line naming event
 * (text is split in place; "" if none), and whether a kprobe_events or
 * uprobe_events line is one of PROBE_GROUP's (0, its EVENT in event) or
 * not (-ENOENT). */
void probe_error_log_parse(char *text, const char *event, char *buf, size_t size);
int probe_events_line_ours(const char *line, char event[64]);
/* The directory holding kprobe_events/uprobe_events. */
int probe_dir(enum probe_kind kind, const char **dir);

#endif
