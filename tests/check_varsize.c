/* Checks what `barebpf run varsize.bpf.o --json` printed (stdout, then stderr):
 * every event intact (its size and byte pattern follow from its sequence
 * number), none twice, and produced = delivered + lost for the perf ring and
 * for the ring buffer. C, not a script, so that it runs in the VMs too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS (1 << 20)

static unsigned char seen_perf[MAX_EVENTS], seen_ring[MAX_EVENTS];

static long number_after(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* 1 if the hex bytes after "event": " are a valid event; *seq gets its number. */
static int check_event(const char *hex, unsigned long *seq)
{
	unsigned char data[512];
	size_t n = 0, size;
	unsigned int byte;
	int used;

	while (n < sizeof(data) && sscanf(hex, " %2x%n", &byte, &used) == 1) {
		data[n++] = (unsigned char)byte;
		hex += used;
	}
	if (n < 4)
		return 0;
	*seq = data[0] | data[1] << 8 | data[2] << 16 | (unsigned long)data[3] << 24;
	size = ((*seq * 37) & 0xff) | 4;
	if (n < size || *seq >= MAX_EVENTS)
		return 0;
	for (size_t j = 4; j < size; j++)
		if (data[j] != (unsigned char)(*seq + j))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	long produced = -1, dropped = -1, lost = 0, perf = 0, ring = 0, bad = 0;
	char line[4096];
	FILE *out, *err;

	if (argc != 3 || !(out = fopen(argv[1], "r")) || !(err = fopen(argv[2], "r"))) {
		fprintf(stderr, "usage: check_varsize STDOUT-FILE STDERR-FILE\n");
		return 2;
	}
	while (fgets(line, sizeof(line), out)) {
		const char *ev = strstr(line, "\"event\": \"");
		unsigned long seq;

		if (strstr(line, "\"global\":\"produced\""))
			produced = number_after(line, "\"value\":");
		if (strstr(line, "\"global\":\"rb_dropped\""))
			dropped = number_after(line, "\"value\":");
		if (!ev)
			continue;
		if (!check_event(ev + 10, &seq)) {
			bad++;
		} else if (number_after(line, "\"cpu\": ") == -1) {
			bad += seen_ring[seq]++ != 0;
			ring++;
		} else {
			bad += seen_perf[seq]++ != 0;
			perf++;
		}
	}
	while (fgets(line, sizeof(line), err))
		if (strstr(line, "events lost in all"))
			lost += number_after(line, "barebpf: ");
	printf("produced %ld; perf delivered %ld + lost %ld; ring buffer delivered %ld + dropped "
	       "%ld; damaged or repeated %ld\n", produced, perf, lost, ring, dropped, bad);
	return produced > 0 && !bad && perf + lost == produced && ring + dropped == produced ? 0 : 1;
}
