/* A USDT target for the tests: barebpf:tick fires with (i, -7 * i, a
 * constant) and barebpf:guarded (usdt_sema.c) only while a semaphore says
 * someone listens. Built statically, like trigger.c, for the VMs.
 * usdt_target N [SLEEP_MS]: N ticks, then prints how often the semaphore was on. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <time.h>

int usdt_guarded(int i);

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5, ms = argc > 2 ? atoi(argv[2]) : 100, on = 0;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	for (int i = 1; i <= n; i++) {
		long neg = -7L * i;
		short s = (short)(i * 100);

		STAP_PROBE4(barebpf, tick, i, neg, s, 1234);
		on += usdt_guarded(i);
		nanosleep(&ts, NULL);
	}
	printf("semaphore on %d of %d\n", on, n);
	return 0;
}
