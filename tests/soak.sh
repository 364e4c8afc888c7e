#!/bin/sh
# make soak SECONDS=600: a steady load of events of every size through a perf
# ring and a ring buffer small enough to lose many, for SECONDS, read by one
# `barebpf run`. Checks at every interval that nothing was delivered that was
# not produced (delivered + lost <= produced: events still in a ring are in
# neither), at the end that produced = delivered + lost exactly and every event
# arrived intact and once, and reports barebpf's RSS and fd count over time.
cd "$(dirname "$0")/.."
arch=${ARCH:-$(uname -m | sed -e s/aarch64/arm64/)}
secs=${1:-600}
interval=$(( secs / 10 > 1 ? secs / 10 : 1 ))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ "$(id -u)" = 0 ] || { echo "SKIP soak: needs root"; exit 0; }

build/$arch/trigger soak $((secs - 3)) &
drv=$!
./barebpf run build/$arch/bpf/varsize.bpf.o --json --pages 1 --interval $interval \
	--duration $secs --set target_tgid=$drv >"$tmp/out" 2>"$tmp/err" &
bb=$!
echo "soak: $secs s, snapshot every $interval s; barebpf pid $bb, producer pid $drv"
printf '%8s %10s %6s\n' SECONDS RSS_KIB FDS
t=0
while kill -0 $bb 2>/dev/null; do
	rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$bb/status 2>/dev/null)
	fds=$(ls /proc/$bb/fd 2>/dev/null | wc -l)
	[ -n "$rss" ] && printf '%8d %10s %6s\n' $t "$rss" "$fds" | tee -a "$tmp/samples"
	sleep $interval
	t=$((t + interval))
done
wait $bb
rc=$?
wait $drv
python3 - "$tmp/out" "$tmp/err" "$tmp/samples" $rc <<'PY'
import json, sys
out, err, samples, rc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
perf = ring = bad = 0
seen_p, seen_r = set(), set()
snaps, glob = [], {}
def event_ok(hexs):
    b = bytes.fromhex(hexs.replace(' ', ''))
    if len(b) < 4: return None
    n = int.from_bytes(b[:4], 'little'); size = ((n * 37) & 0xff) | 4
    if len(b) < size or any(b[j] != (n + j) & 0xff for j in range(4, size)): return None
    return n
for line in open(out):
    if not line.startswith('{'):
        continue    # a trace_pipe line: another program's bpf_printk
    o = json.loads(line)
    if 'global' in o:
        glob[o['global']] = o['value']
        if o['global'] == 'rb_dropped':
            snaps.append((glob.get('produced', 0), perf, ring, o['value']))
    elif 'event' in o:
        n = event_ok(o['event'])
        if n is None: bad += 1; continue
        s = seen_r if o.get('cpu', -1) == -1 else seen_p
        if n in s: bad += 1
        s.add(n)
        if s is seen_r: ring += 1
        else: perf += 1
lost = sum(int(l.split()[1]) for l in open(err) if 'events lost in all' in l)
ok = True
for i, (p, dp, dr, dropped) in enumerate(snaps[:-1]):
    if dr + dropped > p or dp > p:
        print("FAIL soak: snapshot %d: delivered more than produced (%d, %d + %d, of %d)" % (i, dp, dr, dropped, p)); ok = False
p = glob.get('produced', -1); dropped = glob.get('rb_dropped', -1)
exact = p > 0 and perf + lost == p and ring + dropped == p and not bad
print("%s soak: %d snapshots consistent; at the end produced %d = perf %d + lost %d, = ring buffer %d + dropped %d; %d damaged or repeated"
      % ("PASS" if ok and exact and rc == 0 else "FAIL", len(snaps), p, perf, lost, ring, dropped, bad))
rss = [int(l.split()[1]) for l in open(samples)]
fds = [int(l.split()[2]) for l in open(samples)]
if len(rss) > 2:
    grow = rss[-1] - rss[1]
    print("%s soak: RSS %d KiB at the first sample, %d KiB at the last (%+d KiB); fds %d .. %d"
          % ("PASS" if grow < 2048 and max(fds) == min(fds) else "FAIL", rss[1], rss[-1], grow, min(fds), max(fds)))
PY
