/* Histograms printed the way bcc's libbpf-tools print them, and finding the
 * slot array of a histogram in a map value through BTF.
 *
 * Which maps barebpf shows as histograms (the rule the loader applies):
 *  1. A map whose value type is a BTF struct with a member named "slots"
 *     (else one named "hist") that is an array of integers (not bool or
 *     char): each entry is one histogram, labelled by its key; the other
 *     members of the value are rendered with bb_btf_dump. This is the
 *     libbpf-tools shape, struct hist { __u32 slots[MAX_SLOTS]; ... }.
 *  2. Without such BTF: an array map with 4-byte keys and 4- or 8-byte
 *     values whose name ends in "hist" (so also "_hist") or "slots": entry i
 *     is the count of slot i (bcc's BPF_HISTOGRAM shape).
 * Per-CPU maps sum their CPUs' copies first (bb_hist_add_slots adds).
 * Slot k holds values 2^k .. 2^(k+1)-1, slot 0 holds 0 and 1, which is what
 * libbpf-tools' log2l() gives.
 */
#ifndef BAREBPF_HIST_H
#define BAREBPF_HIST_H

#include <stddef.h>

#include "strbuf.h"

struct bb_btf;

/*
 * Appends the header line and one line per slot, from slot 0 to the last
 * non-zero one:
 *      usecs               : count    distribution
 *          0 -> 1          : 0        |                                        |
 *          2 -> 3          : 5        |*****                                   |
 * The bar has 40 characters scaled to the largest count; past slot 32 the
 * range columns widen to 20 and the bar narrows to 20, as bcc does. All
 * zero: nothing is appended, as bcc prints nothing. Returns 0, -EINVAL (a
 * non-zero slot past 63, whose range does not fit 64 bits) or -ENOMEM.
 */
int bb_print_log2_hist(const unsigned long long *slots, size_t nr_slots, const char *label,
		       struct bb_strbuf *out);

/*
 * Slot i counts the values base + i * step. One line per slot from the
 * first to the last non-zero one (zeros between them included):
 *      value         : count     distribution
 *         10         : 3        |****************************************|
 */
int bb_print_linear_hist(const unsigned long long *slots, size_t nr_slots, long long base,
			 long long step, const char *label, struct bb_strbuf *out);

/*
 * In the value type value_type_id (typedefs followed), finds the member
 * "slots", else "hist": an array of 1-, 2-, 4- or 8-byte integers at a byte
 * offset. Returns 0 with its byte offset, element count and element size,
 * -ENOENT if there is none, or -EINVAL for malformed BTF.
 */
int bb_btf_find_hist_slots(const struct bb_btf *btf, unsigned int value_type_id, size_t *offset,
			   size_t *nr, size_t *elem_size);

/* Adds the nr counts of elem_size bytes (host order) at offset in value to
 * slots[0..nr). Returns 0, or -EINVAL if they do not fit value_size. */
int bb_hist_add_slots(const void *value, size_t value_size, size_t offset, size_t nr,
		      size_t elem_size, unsigned long long *slots);

#endif
