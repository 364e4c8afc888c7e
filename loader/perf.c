#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "log.h"
#include "perf.h"
#include "sys.h"
#include "syscall.h"

static int narrate(const char *call, long ret)
{
	return (int)bb_narrate(ret, NULL, "%s", call);
}

/* Both kinds of event barebpf opens: one sample per hit, a wake-up per sample. */
static int open_event(__u32 type, __u64 config, __u64 sample_type, const char *what, int pid,
		      int cpu)
{
	struct perf_event_attr attr;
	char call[256];

	memset(&attr, 0, sizeof(attr));
	attr.type = type;
	attr.size = sizeof(attr);
	attr.config = config;
	attr.sample_type = sample_type;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	snprintf(call, sizeof(call), "perf_event_open({%s, size=%u, sample_period=1, "
		 "wakeup_events=1}, pid=%d, cpu=%d, group_fd=-1, PERF_FLAG_FD_CLOEXEC)", what,
		 attr.size, pid, cpu);
	bb_why(type == PERF_TYPE_TRACEPOINT ? "open the event as a perf event: the program is "
	       "attached to this fd" : "one BPF output event per CPU: bpf_perf_event_output "
	       "writes into its ring");
	return narrate(call, sys_perf_event_open(&attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

int perf_tracepoint_open(__u64 id, int pid, int cpu)
{
	char what[80];

	snprintf(what, sizeof(what), "type=PERF_TYPE_TRACEPOINT, config=%llu",
		 (unsigned long long)id);
	return open_event(PERF_TYPE_TRACEPOINT, id, 0, what, pid, cpu);
}

int perf_output_open(int cpu)
{
	return open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT, PERF_SAMPLE_RAW,
			  "type=PERF_TYPE_SOFTWARE, config=PERF_COUNT_SW_BPF_OUTPUT, "
			  "sample_type=PERF_SAMPLE_RAW", -1, cpu);
}

int perf_set_bpf(int perf_fd, int prog_fd)
{
	return bb_sys_ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, "PERF_EVENT_IOC_SET_BPF",
			    (unsigned long)prog_fd,
			    "tie the program to the event: it runs each time the event fires");
}

int perf_enable(int perf_fd)
{
	return bb_sys_ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, "PERF_EVENT_IOC_ENABLE", 0,
			    "start the event, and with it the program");
}

int perf_disable(int perf_fd)
{
	return bb_sys_ioctl(perf_fd, PERF_EVENT_IOC_DISABLE, "PERF_EVENT_IOC_DISABLE", 0,
			    "stop the event before its fd is closed");
}
