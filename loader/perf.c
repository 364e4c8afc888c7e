#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "log.h"
#include "perf.h"
#include "syscall.h"

static int narrate(const char *call, long ret)
{
	if (ret >= 0)
		bb_debug("%s = %ld", call, ret);
	else
		bb_debug("%s = -1 %s (%s)", call, bb_errname(ret), bb_strerror(ret));
	return (int)ret;
}

int perf_tracepoint_open(__u64 id, int pid, int cpu)
{
	struct perf_event_attr attr;
	char call[200];

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.size = sizeof(attr);
	attr.config = id;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	snprintf(call, sizeof(call), "perf_event_open({type=PERF_TYPE_TRACEPOINT, size=%u, "
		 "config=%llu, sample_period=1, wakeup_events=1}, pid=%d, cpu=%d, group_fd=-1, "
		 "PERF_FLAG_FD_CLOEXEC)", attr.size, (unsigned long long)id, pid, cpu);
	return narrate(call, sys_perf_event_open(&attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

int perf_output_open(int cpu)
{
	struct perf_event_attr attr;
	char call[200];

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	snprintf(call, sizeof(call), "perf_event_open({type=PERF_TYPE_SOFTWARE, size=%u, "
		 "config=PERF_COUNT_SW_BPF_OUTPUT, sample_type=PERF_SAMPLE_RAW, sample_period=1, "
		 "wakeup_events=1}, pid=-1, cpu=%d, group_fd=-1, PERF_FLAG_FD_CLOEXEC)", attr.size, cpu);
	return narrate(call, sys_perf_event_open(&attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

static int perf_ioctl(int fd, unsigned long req, const char *name, unsigned long arg)
{
	char call[80];
	int ret = ioctl(fd, req, arg);

	snprintf(call, sizeof(call), "ioctl(%d, %s, %lu)", fd, name, arg);
	return narrate(call, ret < 0 ? -errno : ret);
}

int perf_set_bpf(int perf_fd, int prog_fd)
{
	return perf_ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, "PERF_EVENT_IOC_SET_BPF",
			  (unsigned long)prog_fd);
}

int perf_enable(int perf_fd)
{
	return perf_ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, "PERF_EVENT_IOC_ENABLE", 0);
}

int perf_disable(int perf_fd)
{
	return perf_ioctl(perf_fd, PERF_EVENT_IOC_DISABLE, "PERF_EVENT_IOC_DISABLE", 0);
}
