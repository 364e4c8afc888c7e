/* What the unit test files share: the test table entry and CHECK. */
#ifndef BAREBPF_UNIT_H
#define BAREBPF_UNIT_H

#include <stdio.h>

/* fn returns 1 (passed), 0 (failed) or -1 (skipped). */
struct unit_test {
	const char *name;
	int (*fn)(const char *dir);
};

/* Needs an int ok in scope; prints the failed condition and where. */
#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (!(cond)) {                                                       \
			printf("    %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
			ok = 0;                                                      \
		}                                                                    \
	} while (0)

#endif
