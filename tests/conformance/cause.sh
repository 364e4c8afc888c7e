#!/bin/sh
# cause.sh "ERROR" [VERDICT] -- one short name for why barebpf did not load
# an object, from its first error line (run.sh adds the verifier's last
# word after " | "); RESULTS.md groups its work queue by this name. Issue
# numbers are the project's.
e=$1
case ${2:-fail} in timeout) echo "timeout"; exit ;; crash*) echo "crash ($2)"; exit ;; esac
errno() { echo "$e" | sed -n "s/.*$1: \([A-Z0-9]*\).*/\1/p"; }
case $e in
*"section 'struct_ops"*) echo "struct_ops (issue 26)" ;;
*"section 'kprobe.multi"* | *"section 'kretprobe.multi"*) echo "kprobe.multi (issue 27)" ;;
*"section 'uprobe.multi"* | *"section 'uretprobe.multi"*) echo "uprobe.multi (issue 27)" ;;
*"section 'uprobe.s/"* | *"section 'uretprobe.s/"*) echo "sleepable uprobes (issue 27)" ;;
*"section 'syscall'"*) echo "syscall programs (issue 26)" ;;
*"section 'sk_lookup"* | *"section 'sk_reuseport"* | *"section 'netfilter"* | *"section 'lwt_"* | \
*"section 'sk_skb'"* | *"section 'sk_skb/verdict"* | *"section 'cgroup/"*"_unix'"*)
	echo "section of issue 28: $(echo "$e" | sed -n "s/.*section '\([^']*\)'.*/\1/p")" ;;
*"exception callback"*) echo "exception callbacks (issue 29)" ;;
*"section '?"*) echo 'SEC("?...") autoload' ;;
*"is not a program type barebpf knows"*)
	echo "unknown section: $(echo "$e" | sed -n "s/.*section '\([^/']*\).*/\1/p")" ;;
*"refuses BPF trampolines"*) echo "trampolines refused (kernel)" ;;
*"is not traceable"*) echo "attach target missing from BTF" ;;
*"unknown field 'values'"*) echo "map .values (map-in-map, prog array init)" ;;
*"no symbol for it in section '.maps'"*) echo ".maps entry without symbol" ;;
*"is in neither the .kconfig nor the .ksyms"*) echo "extern of another object (unlinked)" ;;
*"no kernel function"* | *"no kernel variable"* | *"no kernel symbol"*) echo "ksym/kfunc missing here" ;;
*"past struct bpf_map_def"*) echo "legacy map def larger than bpf_map_def" ;;
*"load failed"*"invalid bpf_context access"*) echo "verifier: ctx access (expected attach type?)" ;;
*"load failed"*"mem_or_null"*) echo "verifier: global subprog arg (hidden subprog linkage?)" ;;
*"load failed"*) echo "verifier: $(errno 'load failed')" ;;
*"create failed"*) echo "map create: $(errno 'create failed')" ;;
*extern* | *ksym* | *kfunc* | *kconfig*) echo "externs (.ksyms/.kconfig)" ;;
*CO-RE* | *relocation*) echo "CO-RE / relocation" ;;
*BTF*) echo "BTF" ;;
*) echo "other" ;;
esac
