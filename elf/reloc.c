#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "reloc.h"

#define INSN_LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)
#define INSN_CALL (BPF_JMP | BPF_CALL)
#define MAX_INSNS (1u << 20)

struct linker {
	const struct bb_code *code;
	struct bb_prog *p;
	size_t insn_cap, seg_cap, rel_cap;
};

static const struct bb_code_rel *find_rel(const struct bb_code_sec *s, size_t insn)
{
	size_t lo = 0, hi = s->nr_rels;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->rels[mid].insn == insn)
			return &s->rels[mid];
		if (s->rels[mid].insn < insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct bb_code_func *find_func(const struct bb_code_sec *s, size_t insn)
{
	for (size_t i = 0; i < s->nr_funcs; i++)
		if (insn >= s->funcs[i].start && insn - s->funcs[i].start < s->funcs[i].len)
			return &s->funcs[i];
	return NULL;
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

static int append_func(struct linker *l, size_t sec, const struct bb_code_func *f)
{
	struct bb_prog *p = l->p;
	struct bb_segment *seg;

	if (p->insn_cnt + f->len > MAX_INSNS) {
		bb_err("program '%s': more than %u instructions after linking", p->name, MAX_INSNS);
		return -E2BIG;
	}
	if (grow((void **)&p->insns, &l->insn_cap, p->insn_cnt + f->len, sizeof(*p->insns)) ||
	    grow((void **)&p->segs, &l->seg_cap, p->nr_segs + 1, sizeof(*p->segs)))
		return -ENOMEM;
	if (f->len)
		memcpy(p->insns + p->insn_cnt, l->code->secs[sec].insns + f->start,
		       f->len * sizeof(*p->insns));
	seg = &p->segs[p->nr_segs++];
	seg->func = f->name;
	seg->sec_idx = (int)sec;
	seg->sec_insn = f->start;
	seg->out_insn = p->insn_cnt;
	seg->len = f->len;
	p->insn_cnt += f->len;
	return 0;
}

static long linked_index(const struct bb_prog *p, size_t sec, size_t insn)
{
	for (size_t i = 0; i < p->nr_segs; i++) {
		const struct bb_segment *s = &p->segs[i];

		if ((size_t)s->sec_idx == sec && insn >= s->sec_insn && insn - s->sec_insn < s->len)
			return (long)(s->out_insn + insn - s->sec_insn);
	}
	return -1;
}

/* Points the call (or function address) at i to instruction target of section sec,
 * appending the function that holds it if this program does not have it yet. */
static int fix_call(struct linker *l, size_t i, size_t sec, size_t target)
{
	const struct bb_code_sec *s = &l->code->secs[sec];
	long to = linked_index(l->p, sec, target);
	int err;

	if (to < 0) {
		const struct bb_code_func *f = find_func(s, target);

		if (!f) {
			bb_err("program '%s': call to instruction %zu of section '%s', which is not "
			       "inside any function", l->p->name, target, s->name);
			return -EINVAL;
		}
		err = append_func(l, sec, f);
		if (err)
			return err;
		to = linked_index(l->p, sec, target);
	}
	l->p->insns[i].imm = (__s32)(to - (long)i - 1);
	return 0;
}

static int add_reloc(struct linker *l, size_t i, const struct bb_code_rel *r)
{
	struct bb_prog *p = l->p;

	if (grow((void **)&p->relocs, &l->rel_cap, p->nr_relocs + 1, sizeof(*p->relocs)))
		return -ENOMEM;
	p->relocs[p->nr_relocs++] = (struct bb_reloc){
		.kind = r->kind, .insn = i, .map = r->map, .off = r->off, .sym = r->sym,
	};
	return 0;
}

static int bad_rel(const struct bb_prog *p, const struct bb_code_sec *s, size_t insn,
		   const char *sym, const char *why)
{
	bb_err("program '%s': relocation against '%s' at instruction %zu of section '%s': %s",
	       p->name, sym ? sym : "?", insn, s->name, why);
	return -EINVAL;
}

static int link_insn(struct linker *l, size_t *i, const struct bb_segment *seg)
{
	const struct bb_code_sec *s = &l->code->secs[seg->sec_idx];
	size_t sidx = seg->sec_insn + (*i - seg->out_insn);
	const struct bb_code_rel *r = find_rel(s, sidx);
	struct bpf_insn insn = l->p->insns[*i];

	if (insn.code == INSN_LD_IMM64) {
		if (*i + 1 >= seg->out_insn + seg->len)
			return bad_rel(l->p, s, sidx, r ? r->sym : "", "ld_imm64 is cut off");
		(*i)++;
		if (!r)
			return 0;
		if (r->kind == BB_RELOC_MAP_FD || r->kind == BB_RELOC_MAP_VALUE ||
		    r->kind == BB_RELOC_KSYM)
			return add_reloc(l, *i - 1, r);
		if (r->kind != BB_RELOC_FUNC_ADDR)
			return bad_rel(l->p, s, sidx, r->sym, "ld_imm64 cannot hold a call");
		l->p->insns[*i - 1].src_reg = BPF_PSEUDO_FUNC;
		return fix_call(l, *i - 1, r->target_sec, r->target_insn);
	}
	if (insn.code == INSN_CALL && insn.src_reg == BPF_PSEUDO_CALL) {
		long target = (long)sidx + insn.imm + 1;

		if (r && r->kind == BB_RELOC_KFUNC)
			return add_reloc(l, *i, r);
		if (r && r->kind != BB_RELOC_CALL)
			return bad_rel(l->p, s, sidx, r->sym, "a call cannot refer to a map");
		if (r)
			return fix_call(l, *i, r->target_sec, r->target_insn);
		if (target < 0 || (size_t)target >= s->cnt)
			return bad_rel(l->p, s, sidx, NULL, "call target outside the section");
		return fix_call(l, *i, (size_t)seg->sec_idx, (size_t)target);
	}
	if (r)
		return bad_rel(l->p, s, sidx, r->sym, "instruction is neither ld_imm64 nor a call");
	return 0;
}

int bb_reloc_link(const struct bb_code *code, size_t sec, size_t func, struct bb_prog *prog)
{
	struct linker l = { .code = code, .p = prog };
	size_t seg = 0;
	int err;

	err = append_func(&l, sec, &code->secs[sec].funcs[func]);
	for (size_t i = 0; !err && i < prog->insn_cnt; i++) {
		struct bb_segment cur;

		while (i >= prog->segs[seg].out_insn + prog->segs[seg].len)
			seg++;
		cur = prog->segs[seg]; /* link_insn may move the array */
		err = link_insn(&l, &i, &cur);
	}
	return err;
}

int bb_reloc_apply(const struct bb_prog *prog, const int *map_fds, size_t nr_maps,
		   struct bpf_insn *out)
{
	if (prog->insn_cnt)
		memcpy(out, prog->insns, prog->insn_cnt * sizeof(*out));
	for (size_t i = 0; i < prog->nr_relocs; i++) {
		const struct bb_reloc *r = &prog->relocs[i];

		if (r->kind == BB_RELOC_KSYM || r->kind == BB_RELOC_KFUNC)
			continue; /* the loader's, from the kernel (loader/externs.c) */
		if (r->map >= nr_maps || map_fds[r->map] < 0) {
			bb_err("program '%s': instruction %zu refers to map %zu, which was not created",
			       prog->name, r->insn, r->map);
			return -EINVAL;
		}
		out[r->insn].src_reg =
			r->kind == BB_RELOC_MAP_FD ? BPF_PSEUDO_MAP_FD : BPF_PSEUDO_MAP_VALUE;
		out[r->insn].imm = map_fds[r->map];
		out[r->insn + 1].imm = r->kind == BB_RELOC_MAP_VALUE ? (__s32)r->off : 0;
	}
	return 0;
}
