"""Checks run --json output of kconfig.bpf.o against this kernel: its version
(Debian's uname -v, Ubuntu's version_signature, else the release) and its own
CONFIG_HZ. Usage: kconfig_check.py OUT"""
import gzip, json, os, re, sys

g = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        d = json.loads(line)
        if "global" in d:
            g[d["global"]] = d["value"]
u = os.uname()
text = u.release
m = re.search(r"Debian (\d+\.\d+(\.\d+)?)", u.version)
if os.path.exists("/proc/version_signature"):
    text = open("/proc/version_signature").read().split()[-1]
elif m:
    text = m.group(1)
parts = [int(x) for x in re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", text).groups(default="0")]
want = (parts[0] << 16) | (parts[1] << 8) | min(parts[2], 255)
boot = "/boot/config-" + u.release
cfg = open(boot).read() if os.path.exists(boot) else gzip.open("/proc/config.gz", "rt").read()
hz = int(re.search(r"^CONFIG_HZ=(\d+)$", cfg, re.M).group(1))
ok = g.get("seen_version") == want and g.get("seen_hz") == hz and g.get("seen_bpf_syscall") == 1
print("version %s (want %d = %s), CONFIG_HZ %s (want %d), BPF_SYSCALL %s, cookie %s, wrapper %s"
      % (g.get("seen_version"), want, text, g.get("seen_hz"), hz, g.get("seen_bpf_syscall"),
         g.get("seen_cookie"), g.get("seen_wrapper")))
sys.exit(0 if ok else 1)
