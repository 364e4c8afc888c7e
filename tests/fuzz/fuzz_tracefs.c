/* What tracefs hands back: error_log text and kprobe_events/uprobe_events
 * lines, each in a buffer of its exact size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *save, why[512], event[64];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		probe_events_line_ours(line, event);
	memcpy(text, data, size);
	text[size] = '\0';
	probe_error_log_parse(text, "p_do_unlinkat_4026531836_42", why, sizeof(why));
	free(text);
	return 0;
}
