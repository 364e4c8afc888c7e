/* .kconfig externs: the running kernel's version and configuration, copied
 * into .bss by a getpid tracepoint so that run prints what the kernel saw. */
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

enum libbpf_tristate { TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2 };

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_BPF_COOKIE __kconfig;
extern bool LINUX_HAS_SYSCALL_WRAPPER __kconfig;
extern int CONFIG_HZ __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_EVENTS __kconfig;
extern char CONFIG_UPROBES __kconfig;
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;
extern int CONFIG_BAREBPF_NO_SUCH_OPTION __kconfig __weak;

unsigned int seen_version;
int seen_hz, seen_cookie, seen_wrapper, seen_bpf_syscall, seen_bpf_events, seen_missing;
char seen_uprobes;
char seen_localversion[16];

SEC("tracepoint/syscalls/sys_enter_getpid")
int kconfig_values(void *ctx)
{
	seen_version = LINUX_KERNEL_VERSION;
	seen_hz = CONFIG_HZ;
	seen_cookie = LINUX_HAS_BPF_COOKIE;
	seen_wrapper = LINUX_HAS_SYSCALL_WRAPPER;
	seen_bpf_syscall = CONFIG_BPF_SYSCALL;
	seen_bpf_events = CONFIG_BPF_EVENTS;
	seen_uprobes = CONFIG_UPROBES;
	seen_missing = CONFIG_BAREBPF_NO_SUCH_OPTION;
	__builtin_memcpy(seen_localversion, CONFIG_LOCALVERSION, sizeof(seen_localversion));
	return 0;
}
