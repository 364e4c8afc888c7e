/* Types for the BTF value dumper's unit tests: each shape the dumper renders
 * reaches .BTF through a BTF-defined map's value or a global variable. */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

enum color { RED, GREEN = 5, BLUE = -1 };

/* packed: clang emits a one-byte enum. */
enum __attribute__((packed)) level { LOW, HIGH = 200 };

typedef __u64 timestamp_t;

struct ints {
	__s8 s8;
	__u8 u8;
	__s16 s16;
	__u16 u16;
	__s32 s32;
	__u32 u32;
	__s64 s64;
	__u64 u64;
	char c;
	signed char sc;
	unsigned char uc;
	bool b;
	long l;
	unsigned long ul;
};

struct point {
	__s16 x;
	__s16 y;
};

struct bits {
	unsigned int a : 3;
	unsigned int b : 5;
	int c : 4;
	enum color col : 8;
	unsigned long long big : 40;
	bool flag : 1;
};

union word {
	__u32 u32;
	__u8 bytes[4];
};

struct mixed {
	struct point origin;
	struct point path[2];
	enum color color;
	enum level level;
	struct bits bits;
	union word word;
	timestamp_t ts;
	const volatile __u32 cv;
	void *ptr;
	char name[8];
	__u8 raw[4];
	struct {
		__u16 lo;
		__u16 hi;
	};
	int matrix[2][3];
	float f;
	double d;
};

struct event {
	int pid;
	int ppid;
	unsigned exit_code;
	unsigned long long duration_ns;
	char comm[16];
	char filename[127];
	bool exit_event;
};

struct hist {
	__u32 slots[26];
};

/* Slots after other members, and the other name barebpf looks for. */
struct comm_hist {
	char comm[16];
	__u64 slots[27];
};

struct lat_hist {
	__u64 total;
	__u16 hist[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct ints);
} ints_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct mixed);
} mixed_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct event);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct comm_hist);
} comm_hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct lat_hist);
} lat_hists SEC(".maps");

/* One variable per section: clang-14 leaves every DATASEC offset 0. */
__u64 total_events;		/* .bss */
int verbose = 3;		/* .data */

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 slot = 0;

	for (int i = 0; i < 25 && v > 1; i++) {
		v >>= 1;
		slot++;
	}
	return slot;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int dump_types(void *ctx)
{
	__u32 zero = 0;
	struct hist *h = bpf_map_lookup_elem(&hists, &zero);
	__u32 slot = log2_slot(bpf_ktime_get_ns() & 0xffff);

	if (h && slot < 26)
		__sync_fetch_and_add(&h->slots[slot], 1);
	__sync_fetch_and_add(&total_events, verbose);
	return 0;
}
