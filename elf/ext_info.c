/* .BTF.ext records are per ELF section, with byte offsets; a linked program is
 * pieces of sections. Each record moves to where its instruction landed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "btf_ext.h"
#include "core.h"
#include "log.h"
#include "parse.h"

struct rebase {
	const struct bb_btf_ext_info *info;
	size_t elem;		/* size of the kernel's record */
	void **out;
	size_t *nr;
};

static int rebase_seg(const struct parse *p, const struct bb_segment *seg, struct rebase *rb)
{
	const struct bb_btf_ext_sec *sec =
		bb_btf_ext_find(rb->info, p->code.secs[seg->sec_idx].name);
	size_t copy = rb->info->rec_size < rb->elem ? rb->info->rec_size : rb->elem;

	for (__u32 i = 0; sec && i < sec->nr; i++) {
		const unsigned char *rec = bb_btf_ext_rec(rb->info, sec, i);
		unsigned char *n;
		__u32 off;

		memcpy(&off, rec, sizeof(off));
		off /= 8;
		if (off < seg->sec_insn || off - seg->sec_insn >= seg->len)
			continue;
		n = realloc(*rb->out, (*rb->nr + 1) * rb->elem);
		if (!n)
			return -ENOMEM;
		*rb->out = n;
		n += *rb->nr * rb->elem;
		memset(n, 0, rb->elem);
		memcpy(n, rec, copy);
		off = (__u32)(seg->out_insn + off - seg->sec_insn);
		memcpy(n, &off, sizeof(off));
		(*rb->nr)++;
	}
	return 0;
}

static int rebase_all(const struct parse *p, struct bb_prog *prog, struct rebase *rb)
{
	int err;

	for (size_t s = 0; s < prog->nr_segs; s++)
		if ((err = rebase_seg(p, &prog->segs[s], rb)))
			return err;
	return 0;
}

/* bpf_core_relo has the instruction as a byte offset, bb_core_relo as an index. */
static int core_to_index(struct bb_prog *prog, struct bpf_core_relo *raw, size_t n)
{
	prog->core_relos = calloc(n ? n : 1, sizeof(*prog->core_relos));
	if (!prog->core_relos)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		prog->core_relos[i] = (struct bb_core_relo){
			.insn = raw[i].insn_off, .type_id = raw[i].type_id,
			.access_str_off = raw[i].access_str_off, .kind = raw[i].kind,
		};
	prog->nr_core_relos = n;
	return 0;
}

int parse_ext_info(struct parse *p)
{
	const struct bb_btf_ext *ext = p->o->btf_ext;
	int err;

	for (size_t i = 0; ext && i < p->o->nr_progs; i++) {
		struct bb_prog *prog = &p->o->progs[i];
		struct bpf_core_relo *core = NULL;
		size_t nr_core = 0;
		struct rebase func = { &ext->func, sizeof(struct bpf_func_info),
				       (void **)&prog->func_info, &prog->nr_func_info };
		struct rebase line = { &ext->line, sizeof(struct bpf_line_info),
				       (void **)&prog->line_info, &prog->nr_line_info };
		struct rebase relo = { &ext->core, sizeof(struct bpf_core_relo), (void **)&core,
				       &nr_core };

		err = rebase_all(p, prog, &func);
		if (!err)
			err = rebase_all(p, prog, &line);
		if (!err)
			err = rebase_all(p, prog, &relo);
		if (!err)
			err = core_to_index(prog, core, nr_core);
		free(core);
		if (err)
			return err;
	}
	return 0;
}

int parse_btf_ext(struct parse *p)
{
	const char *why;
	long i;

	for (i = 1; i < (long)p->nsecs && strcmp(p->secs[i].name, ".BTF.ext"); i++)
		;
	if (i == (long)p->nsecs || !p->secs[i].data || !p->o->btf)
		return 0;
	if (bb_btf_ext_parse(p->secs[i].data, p->secs[i].sh.sh_size, p->o->btf, &p->o->btf_ext,
			     &why))
		bb_warn("object '%s': section '.BTF.ext' is malformed (%s); continuing without "
			"function and line info", p->obj, why ? why : "out of memory");
	return 0;
}
