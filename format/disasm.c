#include <stdio.h>

#include "disasm.h"

static const char *const alu_ops[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=",
	"endian",
};
static const char *const jmp_ops[16] = {
	"goto", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=",
};
static const char *const sizes[4] = { "u32", "u16", "u8", "u64" };

static int alu(const struct bpf_insn *in, char *buf, size_t size)
{
	int is64 = BPF_CLASS(in->code) == BPF_ALU64;
	char r = is64 ? 'r' : 'w';
	unsigned int op = BPF_OP(in->code) >> 4;

	if (BPF_OP(in->code) == BPF_NEG)
		return snprintf(buf, size, "%c%d = -%c%d", r, in->dst_reg, r, in->dst_reg);
	if (BPF_OP(in->code) == BPF_END)
		return snprintf(buf, size, "r%d = %s%d r%d", in->dst_reg,
				BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm, in->dst_reg);
	if (!alu_ops[op])
		return snprintf(buf, size, "(bad alu op %#x)", in->code);
	if (BPF_SRC(in->code) == BPF_X)
		return snprintf(buf, size, "%c%d %s %c%d", r, in->dst_reg, alu_ops[op], r,
				in->src_reg);
	return snprintf(buf, size, "%c%d %s %d", r, in->dst_reg, alu_ops[op], in->imm);
}

static int jmp(const struct bpf_insn *in, char *buf, size_t size)
{
	unsigned int op = BPF_OP(in->code) >> 4;
	char r = BPF_CLASS(in->code) == BPF_JMP32 ? 'w' : 'r';

	if (BPF_OP(in->code) == BPF_EXIT)
		return snprintf(buf, size, "exit");
	if (BPF_OP(in->code) == BPF_CALL)
		return in->src_reg == BPF_PSEUDO_CALL ? snprintf(buf, size, "call pc%+d", in->imm)
						      : snprintf(buf, size, "call helper#%d", in->imm);
	if (BPF_OP(in->code) == BPF_JA)
		return snprintf(buf, size, "goto %+d", in->off);
	if (!jmp_ops[op])
		return snprintf(buf, size, "(bad jump op %#x)", in->code);
	if (BPF_SRC(in->code) == BPF_X)
		return snprintf(buf, size, "if %c%d %s %c%d goto %+d", r, in->dst_reg, jmp_ops[op],
				r, in->src_reg, in->off);
	return snprintf(buf, size, "if %c%d %s %d goto %+d", r, in->dst_reg, jmp_ops[op], in->imm,
			in->off);
}

static int mem(const struct bpf_insn *in, char *buf, size_t size)
{
	const char *sz = sizes[BPF_SIZE(in->code) >> 3];

	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
		return snprintf(buf, size, "r%d = *(%s *)(r%d %+d)", in->dst_reg, sz, in->src_reg,
				in->off);
	case BPF_ST:
		return snprintf(buf, size, "*(%s *)(r%d %+d) = %d", sz, in->dst_reg, in->off,
				in->imm);
	default:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			return snprintf(buf, size, "lock *(%s *)(r%d %+d) atomic(%#x) r%d", sz,
					in->dst_reg, in->off, in->imm, in->src_reg);
		return snprintf(buf, size, "*(%s *)(r%d %+d) = r%d", sz, in->dst_reg, in->off,
				in->src_reg);
	}
}

int bb_disasm(const struct bpf_insn *in, const struct bpf_insn *next, char *buf, size_t size)
{
	switch (BPF_CLASS(in->code)) {
	case BPF_ALU: case BPF_ALU64:
		alu(in, buf, size);
		return 1;
	case BPF_JMP: case BPF_JMP32:
		jmp(in, buf, size);
		return 1;
	case BPF_LDX: case BPF_ST: case BPF_STX:
		mem(in, buf, size);
		return 1;
	default:
		break;
	}
	if (in->code == (BPF_LD | BPF_IMM | BPF_DW) && next) {
		unsigned long long v = (unsigned int)in->imm | (unsigned long long)next->imm << 32;

		snprintf(buf, size, "r%d = %#llx ll", in->dst_reg, v);
		return 2;
	}
	snprintf(buf, size, "(unknown opcode %#x)", in->code);
	return 1;
}
