/* What barebpf pinned in a directory, kept there in a pinned map of its own
 * (DIR/barebpf_pins: one array entry, the names NUL-separated), so that
 * bb_unpin removes only those names. */
#ifndef BAREBPF_PINS_H
#define BAREBPF_PINS_H

#include <stddef.h>

/* Adds names (entries of dir) to the record, creating it if need be. */
int pins_record(const char *dir, const char *const *names, size_t n);

#endif
