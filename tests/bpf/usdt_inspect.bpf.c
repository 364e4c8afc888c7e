/* What inspect shows of USDT programs (tests/cli.sh): sites of a target
 * tests/cli.sh puts in place (a copy of usdt_target, its notes' base moved
 * as prelink would), the other architecture's target, and targets that
 * show none: no such probe, no such file, no ELF file, no such library. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

#define PROG(name, target) \
	SEC("usdt/" target) int BPF_USDT(name) { return 0; }

PROG(on_tick, "/tmp/barebpf-inspect-usdt-target:barebpf:tick")
PROG(on_guarded, "/tmp/barebpf-inspect-usdt-target:barebpf:guarded")
PROG(on_other_arch, "/tmp/barebpf-inspect-usdt-target-other:barebpf:guarded")
PROG(on_nosuch_probe, "/tmp/barebpf-inspect-usdt-target:barebpf:nosuch")
PROG(on_nosuch_file, "/tmp/barebpf-inspect-no-such-file:barebpf:tick")
PROG(on_not_elf, "/dev/null:barebpf:tick")
PROG(on_nosuch_lib, "libbarebpf-no-such-lib.so.1:barebpf:tick")
