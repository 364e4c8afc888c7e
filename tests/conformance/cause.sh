#!/bin/sh
# cause.sh "ERROR" [VERDICT] -- one short name for why barebpf did not load
# an object, from its first error line; the work queue of RESULTS.md is
# grouped by it. Issue numbers are the project's.
e=$1
case ${2:-fail} in timeout) echo "timeout"; exit ;; crash*) echo "crash ($2)"; exit ;; esac
case $e in
*"section 'struct_ops"*) echo "struct_ops (issue 26)" ;;
*"section 'kprobe.multi"* | *"section 'kretprobe.multi"*) echo "kprobe.multi (issue 27)" ;;
*"section '?"*) echo 'SEC("?...") autoload' ;;
*"is not a program type barebpf knows"*)
	echo "unknown section: $(echo "$e" | sed -n "s/.*section '\([^/']*\).*/\1/p")" ;;
*"refuses BPF trampolines"*) echo "trampolines refused (kernel)" ;;
*"is not traceable"*) echo "attach target missing from BTF" ;;
*"no symbol for it in section '.maps'"*) echo ".maps entry without symbol" ;;
*.values* | *"map-in-map"* | *"inner map"*) echo "map .values / map-in-map" ;;
*"load failed"*) echo "verifier: $(echo "$e" | sed -n 's/.*load failed: \([A-Z0-9]*\).*/\1/p')" ;;
*"create failed"*) echo "map create: $(echo "$e" | sed -n 's/.*create failed: \([A-Z0-9]*\).*/\1/p')" ;;
*extern* | *ksym* | *kfunc* | *kconfig*) echo "externs (.ksyms/.kconfig)" ;;
*CO-RE* | *relocation*) echo "CO-RE / relocation" ;;
*BTF*) echo "BTF" ;;
*) echo "other" ;;
esac
