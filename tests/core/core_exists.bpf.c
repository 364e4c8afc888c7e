// SPDX-License-Identifier: GPL-2.0
/*
 * Asks the running kernel what it has before using it. Accesses that only
 * make sense on some kernels sit behind bpf_core_field_exists(),
 * bpf_core_type_exists() and bpf_core_enum_value_exists(); where the answer
 * is 0 the guarded instruction is poisoned, and the verifier drops it as dead
 * code. Also reads type sizes, enum values and kernel type ids.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* Linux 5.14 renamed task_struct.state to __state and made it unsigned. */
struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

/* No kernel has this type... */
struct barebpf_no_such_type {
	int x;
} __attribute__((preserve_access_index));

/* ...nor this value in its enum pid_type (flavors apply to enumerators too). */
enum pid_type___future {
	PIDTYPE_BAREBPF___future = 42,
};

struct kernel_facts {
	__u64 state, task_size, missing_size, missing_x, tgid_value, future_value, callchain_max;
	__s64 perf_error;
	__u32 task_id, task_local_id;
	__u8 has_old_state, has_new_state, has_task, has_missing, has_tgid, has_future, has_pid_t;
};

struct kernel_facts facts;

SEC("tracepoint/syscalls/sys_enter_getppid")
int kernel_facts(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct kernel_facts *f = &facts;

	f->has_new_state = bpf_core_field_exists(task->__state);
	f->has_old_state = bpf_core_field_exists(struct task_struct___old, state);
	if (f->has_new_state)
		f->state = BPF_CORE_READ(task, __state);
	else if (f->has_old_state)
		f->state = BPF_CORE_READ((struct task_struct___old *)task, state);

	f->has_task = bpf_core_type_exists(struct task_struct);
	f->task_size = bpf_core_type_size(struct task_struct);
	f->task_id = bpf_core_type_id_kernel(struct task_struct);
	f->task_local_id = bpf_core_type_id_local(struct task_struct);
	f->has_pid_t = bpf_core_type_exists(pid_t);
	f->has_missing = bpf_core_type_exists(struct barebpf_no_such_type);
	if (f->has_missing) {
		struct barebpf_no_such_type *m = (void *)task;

		f->missing_size = bpf_core_type_size(struct barebpf_no_such_type);
		f->missing_x = BPF_CORE_READ(m, x);
	}

	f->has_tgid = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_TGID);
	if (f->has_tgid)
		f->tgid_value = bpf_core_enum_value(enum pid_type, PIDTYPE_TGID);
	f->has_future = bpf_core_enum_value_exists(enum pid_type___future,
						   PIDTYPE_BAREBPF___future);
	if (f->has_future)
		f->future_value = bpf_core_enum_value(enum pid_type___future,
						      PIDTYPE_BAREBPF___future);
	f->callchain_max = bpf_core_enum_value(enum perf_callchain_context, PERF_CONTEXT_MAX);
	f->perf_error = bpf_core_enum_value(enum perf_event_state, PERF_EVENT_STATE_ERROR);

	bpf_printk("core_exists: __state %d, task_struct %llu bytes, id %u",
		   f->has_new_state, f->task_size, f->task_id);
	return 0;
}
