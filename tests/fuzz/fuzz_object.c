/* The object as barebpf reads it from outside: opened from memory, every
 * program's CO-RE relocations applied against a small fixed target BTF, every
 * program listed, every map's key and value formatted from input bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "btf.h"
#include "core.h"
#include "object.h"
#include "target_btf.h"

static struct bb_btf *target_btf;
static struct bb_core_target *target;

static void quiet(void *ctx, enum bb_log_level level, const char *msg)
{
	(void)ctx, (void)level, (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *why;
	size_t size;
	const void *raw = fuzz_target_btf(&size);

	(void)argc, (void)argv;
	bb_set_log(quiet, NULL);
	if (bb_btf_parse(raw, size, &target_btf, &why) || bb_core_target_new(target_btf, &target))
		abort();
	return 0;
}

static void relocate(const struct bb_object *o, const struct bb_prog *p)
{
	struct bpf_insn *copy;

	if (!p->nr_core_relos || !o->btf || !p->insn_cnt)
		return;
	if (!(copy = malloc(p->insn_cnt * sizeof(*copy))))
		return;
	memcpy(copy, p->insns, p->insn_cnt * sizeof(*copy));
	bb_core_apply(o->btf, target, p->core_relos, p->nr_core_relos, copy, p->insn_cnt,
		      p->name);
	free(copy);
}

/* size bytes of the input, repeated, to format as a value of type id; with
 * map != (size_t)-1 also drawn as that map's histogram (size is its value size). */
static void format(const struct bb_object *o, __u32 id, size_t size, const uint8_t *in,
		   size_t n, size_t map)
{
	unsigned char *buf;
	unsigned long long *slots;
	size_t nr;
	char *s;

	if (size > (1u << 20) || !(buf = malloc(size ? size : 1)))
		return;
	for (size_t i = 0; i < size; i++)
		buf[i] = n ? in[i % n] : 0;
	if (!bb_format_value(o, id, buf, size, 0, &s))
		free(s);
	if (!bb_format_value(o, id, buf, size, BB_FMT_JSON, &s))
		free(s);
	if (map != (size_t)-1 && !bb_map_histogram(o, map, buf, 1, size, &slots, &nr))
		free(slots);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bb_object *o;
	char *s;

	if (bb_object_open_mem(data, size, "fuzz.o", &o))
		return 0;
	for (size_t i = 0; i < o->nr_progs; i++) {
		relocate(o, &o->progs[i]);
		if (!bb_format_prog(o, i, &s))
			free(s);
	}
	for (size_t i = 0; i < o->nr_maps; i++) {
		const struct bb_map_def *m = &o->maps[i];

		format(o, m->btf_key_type_id, m->key_size, data, size, (size_t)-1);
		format(o, m->btf_value_type_id, m->value_size, data + size / 2, size - size / 2, i);
	}
	bb_object_free(o);
	return 0;
}
