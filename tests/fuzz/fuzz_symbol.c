/* uprobe symbol resolution on a damaged executable, from memory. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "symbol.h"

static void quiet(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx, (void)level, (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "main", "readline", "bb_trigger_point", "_start" };
	unsigned long off;
	void *copy;

	bb_set_log(quiet, NULL);
	/* libelf may write to an image it was handed; give it a copy. */
	if (!(copy = malloc(size ? size : 1)))
		return 0;
	memcpy(copy, data, size);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		bb_elf_func_offset_mem(copy, size, names[i], &off);
	free(copy);
	return 0;
}
