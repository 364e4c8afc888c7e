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

/* Both kinds of event barebpf opens: one sample per hit, and a wake-up per
 * sample, or (watermark > 0) one each time watermark more bytes are stored. */
static int open_event(__u32 type, __u64 config, __u64 sample_type, __u32 watermark,
		      const char *what, int pid, int cpu)
{
	struct perf_event_attr attr;
	char call[256], wake[64];

	memset(&attr, 0, sizeof(attr));
	attr.type = type;
	attr.size = sizeof(attr);
	attr.config = config;
	attr.sample_type = sample_type;
	attr.sample_period = 1;
	attr.watermark = watermark > 0;
	attr.wakeup_events = watermark ? watermark : 1;	/* a union with wakeup_watermark */
	if (watermark)
		snprintf(wake, sizeof(wake), "watermark=1, wakeup_watermark=%u", watermark);
	else
		snprintf(wake, sizeof(wake), "wakeup_events=1");
	snprintf(call, sizeof(call), "perf_event_open({%s, size=%u, sample_period=1, %s}, "
		 "pid=%d, cpu=%d, group_fd=-1, PERF_FLAG_FD_CLOEXEC)", what, attr.size, wake,
		 pid, cpu);
	bb_why(type == PERF_TYPE_TRACEPOINT ? "open the event as a perf event: the program is "
	       "attached to this fd" : watermark ? "the CPU's batching BPF output event: it "
	       "owns the ring, and wakes the reader once per wakeup_watermark bytes" :
	       "the CPU's waking BPF output event: it writes into the batching event's ring "
	       "and wakes the reader at every sample, for when that ring is idle");
	return narrate(call, sys_perf_event_open(&attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

int perf_tracepoint_open(__u64 id, int pid, int cpu)
{
	char what[80];

	snprintf(what, sizeof(what), "type=PERF_TYPE_TRACEPOINT, config=%llu",
		 (unsigned long long)id);
	return open_event(PERF_TYPE_TRACEPOINT, id, 0, 0, what, pid, cpu);
}

int perf_output_open(int cpu, __u32 watermark)
{
	return open_event(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT, PERF_SAMPLE_RAW, watermark,
			  "type=PERF_TYPE_SOFTWARE, config=PERF_COUNT_SW_BPF_OUTPUT, "
			  "sample_type=PERF_SAMPLE_RAW", -1, cpu);
}

int perf_set_output(int perf_fd, int ring_fd)
{
	return bb_sys_ioctl(perf_fd, PERF_EVENT_IOC_SET_OUTPUT, "PERF_EVENT_IOC_SET_OUTPUT",
			    (unsigned long)ring_fd, "write this event's samples into the ring "
			    "of that fd: both events of the CPU share one ring");
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
