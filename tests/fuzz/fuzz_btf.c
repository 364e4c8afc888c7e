/* A target BTF (what --kernel-btf or /sys/kernel/btf/vmlinux hands barebpf):
 * parsed, indexed for CO-RE, and the relocations of a fixed object applied
 * against it. FUZZ_LOCAL_OBJ names that object (a CO-RE fixture). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "btf.h"
#include "core.h"
#include "object.h"

static struct bb_object *local;

static void quiet(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx, (void)level, (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("FUZZ_LOCAL_OBJ");

	(void)argc, (void)argv;
	bb_set_log(quiet, NULL);
	if (path && bb_object_open_file(path, &local))
		fprintf(stderr, "fuzz_btf: cannot open %s; CO-RE against the input skipped\n", path);
	return 0;
}

static void relocate_all(const struct bb_core_target *t)
{
	for (size_t i = 0; local && local->btf && i < local->nr_progs; i++) {
		const struct bb_prog *p = &local->progs[i];
		struct bpf_insn *copy;

		if (!p->nr_core_relos || !(copy = malloc(p->insn_cnt * sizeof(*copy))))
			continue;
		memcpy(copy, p->insns, p->insn_cnt * sizeof(*copy));
		bb_core_apply(local->btf, t, p->core_relos, p->nr_core_relos, copy, p->insn_cnt,
			      p->name);
		free(copy);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bb_core_target *t;
	struct bb_btf *btf;
	const char *why;

	if (bb_btf_parse(data, size, &btf, &why))
		return 0;
	for (unsigned int id = 1; id < bb_btf_count(btf) && id < 4096; id++) {
		bb_btf_size(btf, id);
		bb_btf_resolve(btf, id);
	}
	if (!bb_core_target_new(btf, &t)) {
		relocate_all(t);
		bb_core_target_free(t);
	}
	bb_btf_free(btf);
	return 0;
}
