/* barebpf:guarded, a USDT probe with a semaphore the kernel counts up while
 * a uprobe with ref_ctr_offset is attached. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short barebpf_guarded_semaphore __attribute__((section(".probes")));

int usdt_guarded(int i)
{
	if (!barebpf_guarded_semaphore)
		return 0;
	STAP_PROBE2(barebpf, guarded, i, i * 3);
	return 1;
}
