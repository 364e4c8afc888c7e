#!/bin/sh
# Guest side of smoke.sh: proves the VM has what kprobe/BPF tests need.
set -e
uname -a
ls -l /sys/kernel/tracing/kprobe_events
echo "unprivileged_bpf_disabled=$(cat /proc/sys/kernel/unprivileged_bpf_disabled)"
ev=/sys/kernel/tracing/kprobe_events
echo 'p:bbtest/probe_test do_unlinkat' >>"$ev"
echo "added: $(cat "$ev")"
[ -d /sys/kernel/tracing/events/bbtest/probe_test ]
echo "event id: $(cat /sys/kernel/tracing/events/bbtest/probe_test/id)"
echo '-:bbtest/probe_test' >>"$ev"
echo "after removal: [$(cat "$ev")]"
[ -z "$(cat "$ev")" ]
[ ! -f /payload/marker.txt ] || cat /payload/marker.txt
echo SMOKE-OK
