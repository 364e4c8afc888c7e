#include <errno.h>
#include <string.h>

#include "section.h"

static const struct {
	const char *prefix;	/* ends in '/' when a target follows */
	__u32 type;
	enum bb_attach_kind attach;
} sections[] = {
	{ "tracepoint/", BPF_PROG_TYPE_TRACEPOINT, BB_ATTACH_TRACEPOINT },
	{ "tp/", BPF_PROG_TYPE_TRACEPOINT, BB_ATTACH_TRACEPOINT },
	{ "raw_tracepoint/", BPF_PROG_TYPE_RAW_TRACEPOINT, BB_ATTACH_RAW_TRACEPOINT },
	{ "raw_tp/", BPF_PROG_TYPE_RAW_TRACEPOINT, BB_ATTACH_RAW_TRACEPOINT },
	{ "kprobe/", BPF_PROG_TYPE_KPROBE, BB_ATTACH_KPROBE },
	{ "kretprobe/", BPF_PROG_TYPE_KPROBE, BB_ATTACH_KRETPROBE },
	{ "ksyscall/", BPF_PROG_TYPE_KPROBE, BB_ATTACH_KSYSCALL },
	{ "kretsyscall/", BPF_PROG_TYPE_KPROBE, BB_ATTACH_KRETSYSCALL },
	{ "uprobe/", BPF_PROG_TYPE_KPROBE, BB_ATTACH_UPROBE },
	{ "uretprobe/", BPF_PROG_TYPE_KPROBE, BB_ATTACH_URETPROBE },
	{ "socket", BPF_PROG_TYPE_SOCKET_FILTER, BB_ATTACH_NONE },
	{ "xdp", BPF_PROG_TYPE_XDP, BB_ATTACH_NONE },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT, BB_ATTACH_NONE },
};

int bb_section_classify(const char *sec, __u32 *type, enum bb_attach_kind *attach,
			const char **target)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const char *p = sections[i].prefix;
		size_t n = strlen(p);

		if (p[n - 1] == '/' ? strncmp(sec, p, n) != 0
				    : strcmp(sec, p) != 0 && (strncmp(sec, p, n) || sec[n] != '/'))
			continue;
		*type = sections[i].type;
		*attach = sections[i].attach;
		*target = p[n - 1] != '/' && sec[n] == '/' ? sec + n + 1 : sec + n;
		return 0;
	}
	return -ENOENT;
}
