#include <linux/btf.h>
#include <string.h>

#include "section.h"

#define ROW(pfx, tgt, knd, type, eat, how, fl) \
	{ { pfx, tgt, knd, BPF_PROG_TYPE_##type, eat, BB_ATTACH_##how != BB_ATTACH_NONE }, \
	  BB_ATTACH_##how, fl, NULL, 0 }
/* A kind whose target is a type of the kernel's BTF: name format and kind. */
#define BTF_ROW(pfx, tgt, knd, type, eat, how, fl, fmt, bkind) \
	{ { pfx, tgt, knd, BPF_PROG_TYPE_##type, BPF_##eat, 1 }, \
	  BB_ATTACH_##how, fl, fmt, BTF_KIND_##bkind }

/* A section is PREFIX or PREFIX/TARGET; libbpf's spellings are rows of their own. */
static const struct bb_section sections[] = {
	ROW("tracepoint", "CAT/NAME", "tracepoint", TRACEPOINT, 0, TRACEPOINT, 0),
	ROW("tp", "CAT/NAME", "tracepoint", TRACEPOINT, 0, TRACEPOINT, 0),
	ROW("raw_tracepoint", "NAME", "raw_tracepoint", RAW_TRACEPOINT, 0, RAW_TRACEPOINT, 0),
	ROW("raw_tp", "NAME", "raw_tracepoint", RAW_TRACEPOINT, 0, RAW_TRACEPOINT, 0),
	ROW("kprobe", "SYMBOL[+OFFSET]", "kprobe", KPROBE, 0, KPROBE, 0),
	ROW("kretprobe", "SYMBOL", "kretprobe", KPROBE, 0, KPROBE, BB_SEC_RET),
	ROW("ksyscall", "NAME", "ksyscall", KPROBE, 0, KPROBE, BB_SEC_SYSCALL),
	ROW("kretsyscall", "NAME", "kretsyscall", KPROBE, 0, KPROBE, BB_SEC_SYSCALL | BB_SEC_RET),
	ROW("uprobe", "PATH:SYMBOL[+OFFSET]", "uprobe", KPROBE, 0, UPROBE, 0),
	ROW("uretprobe", "PATH:SYMBOL[+OFFSET]", "uretprobe", KPROBE, 0, UPROBE, BB_SEC_RET),
	ROW("usdt", "PATH:PROVIDER:NAME", "usdt", KPROBE, 0, USDT, 0),
	BTF_ROW("fentry", "[MODULE:]FUNC", "fentry", TRACING, TRACE_FENTRY, BTF, BB_SEC_MODULE,
		"%s", FUNC),
	BTF_ROW("fentry.s", "[MODULE:]FUNC", "fentry", TRACING, TRACE_FENTRY, BTF,
		BB_SEC_MODULE | BB_SEC_SLEEPABLE, "%s", FUNC),
	BTF_ROW("fexit", "[MODULE:]FUNC", "fexit", TRACING, TRACE_FEXIT, BTF, BB_SEC_MODULE,
		"%s", FUNC),
	BTF_ROW("fexit.s", "[MODULE:]FUNC", "fexit", TRACING, TRACE_FEXIT, BTF,
		BB_SEC_MODULE | BB_SEC_SLEEPABLE, "%s", FUNC),
	BTF_ROW("fmod_ret", "[MODULE:]FUNC", "fmod_ret", TRACING, MODIFY_RETURN, BTF,
		BB_SEC_MODULE, "%s", FUNC),
	BTF_ROW("tp_btf", "NAME", "tp_btf", TRACING, TRACE_RAW_TP, BTF, 0, "btf_trace_%s", TYPEDEF),
	BTF_ROW("lsm", "HOOK", "lsm", LSM, LSM_MAC, BTF, 0, "bpf_lsm_%s", FUNC),
	BTF_ROW("lsm.s", "HOOK", "lsm", LSM, LSM_MAC, BTF, BB_SEC_SLEEPABLE, "bpf_lsm_%s", FUNC),
	BTF_ROW("iter", "NAME", "iter", TRACING, TRACE_ITER, ITER, 0, "bpf_iter_%s", FUNC),
	BTF_ROW("iter.s", "NAME", "iter", TRACING, TRACE_ITER, ITER, BB_SEC_SLEEPABLE,
		"bpf_iter_%s", FUNC),
	ROW("socket", NULL, "socket", SOCKET_FILTER, 0, NONE, 0),
	ROW("xdp", NULL, "xdp", XDP, 0, NONE, 0),
	ROW("perf_event", NULL, "perf_event", PERF_EVENT, 0, NONE, 0),
};

#define NR_SECTIONS (sizeof(sections) / sizeof(sections[0]))

const struct bb_section *bb_section_find(const char *sec, const char **target)
{
	for (size_t i = 0; i < NR_SECTIONS; i++) {
		const struct bb_section *s = &sections[i];
		size_t n = strlen(s->def.prefix);

		if (strncmp(sec, s->def.prefix, n) || (sec[n] && sec[n] != '/'))
			continue;
		*target = s->def.target && sec[n] == '/' ? sec + n + 1 : NULL;
		return s;
	}
	*target = NULL;
	return NULL;
}

size_t bb_section_count(void)
{
	return NR_SECTIONS;
}

const struct bb_section_def *bb_section_def(size_t i)
{
	return i < NR_SECTIONS ? &sections[i].def : NULL;
}
