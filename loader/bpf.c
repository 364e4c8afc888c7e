#include <stdio.h>
#include <string.h>

#include "bpf.h"
#include "log.h"
#include "names.h"
#include "syscall.h"

#define PTR(p) ((__u64)(unsigned long)(p))

/* What -vv says of a command when the caller gave no reason of its own. */
static const char *default_why(int cmd)
{
	switch (cmd) {
	case BPF_MAP_CREATE: return "create the map; the fd goes into every instruction that names it";
	case BPF_MAP_UPDATE_ELEM: return "write a map entry";
	case BPF_MAP_LOOKUP_ELEM: return "read a map entry";
	case BPF_MAP_GET_NEXT_KEY: return "walk the map's keys";
	case BPF_MAP_FREEZE: return "freeze .rodata so the verifier treats const volatile values as constants";
	case BPF_PROG_LOAD: return "hand the relocated instructions to the verifier";
	case BPF_BTF_LOAD: return "give the kernel the object's BTF: map key/value types, "
				  "function and line info for the verifier's messages";
	case BPF_RAW_TRACEPOINT_OPEN: return "attach the program to the raw tracepoint; the fd holds it there";
	case BPF_OBJ_GET_INFO_BY_FD: return "ask the kernel what the object really is (type, sizes, name)";
	case BPF_OBJ_PIN: return "pin the map in the bpf filesystem so it outlives this process";
	case BPF_PROG_ATTACH: return "attach the program; it stays until BPF_PROG_DETACH";
	case BPF_PROG_DETACH: return "detach the program run attached";
	default: return NULL;
	}
}

static int call(int cmd, union bpf_attr *attr, const char *args)
{
	long ret = sys_bpf(cmd, attr, sizeof(*attr));

	if (cmd == BPF_PROG_LOAD && attr->log_level)
		bb_why("retry PROG_LOAD with log_level=1 to get the verifier's reasons");
	return (int)bb_narrate(ret, default_why(cmd), "bpf(%s, {%s}, %zu)", bb_bpf_cmd_name(cmd),
			       args, sizeof(*attr));
}

/* strace's spelling of an enum value: "BPF_MAP_TYPE_" and the name in capitals. */
static const char *upper(const char *prefix, const char *name, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "%s", prefix);

	for (; *name && n + 1 < size; name++)
		buf[n++] = (char)(*name >= 'a' && *name <= 'z' ? *name - 32 : *name);
	buf[n] = '\0';
	return buf;
}

static const char *flag_names(__u64 flags, const char *const *names, size_t nr, char *buf,
			      size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nr && n < size; i++)
		if (flags & (1ull << i) && names[i]) {
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "|" : "", names[i]);
			flags &= ~(1ull << i);
		}
	if (flags || !n)
		snprintf(buf + n, size - n, "%s%#llx", n ? "|" : "", (unsigned long long)flags);
	return buf;
}

static const char *map_flags(__u32 flags, char *buf, size_t size)
{
	static const char *const names[] = {
		"BPF_F_NO_PREALLOC", "BPF_F_NO_COMMON_LRU", "BPF_F_NUMA_NODE", "BPF_F_RDONLY",
		"BPF_F_WRONLY", "BPF_F_STACK_BUILD_ID", "BPF_F_ZERO_SEED", "BPF_F_RDONLY_PROG",
		"BPF_F_WRONLY_PROG", "BPF_F_CLONE", "BPF_F_MMAPABLE", "BPF_F_PRESERVE_ELEMS",
		"BPF_F_INNER_MAP",
	};

	return flag_names(flags, names, sizeof(names) / sizeof(names[0]), buf, size);
}

static const char *update_flags(__u64 flags)
{
	return flags == BPF_ANY ? "BPF_ANY" : flags == BPF_NOEXIST ? "BPF_NOEXIST" :
	       flags == BPF_EXIST ? "BPF_EXIST" : flags == BPF_F_LOCK ? "BPF_F_LOCK" : "?";
}

#define NARRATE(buf, ...) \
	(bb_log_enabled(BB_LOG_DEBUG) ? (snprintf(buf, sizeof(buf), __VA_ARGS__), buf) : "")

static const char *btf_ids(const struct sys_bpf_map_params *p)
{
	static _Thread_local char buf[64];

	snprintf(buf, sizeof(buf), "%u, btf_key_type_id=%u, btf_value_type_id=%u", p->btf_fd,
		 p->btf_key_type_id, p->btf_value_type_id);
	return buf;
}

int sys_bpf_map_create(const struct sys_bpf_map_params *p)
{
	union bpf_attr a;
	char s[512], t[64], f[160];

	memset(&a, 0, sizeof(a));
	a.map_type = p->map_type;
	a.key_size = p->key_size;
	a.value_size = p->value_size;
	a.max_entries = p->max_entries;
	a.map_flags = p->map_flags;
	if (p->name)
		strncpy(a.map_name, p->name, sizeof(a.map_name) - 1);
	a.btf_fd = p->btf_fd;
	a.btf_key_type_id = p->btf_key_type_id;
	a.btf_value_type_id = p->btf_value_type_id;
	a.inner_map_fd = (__u32)p->inner_map_fd;
	return call(BPF_MAP_CREATE, &a,
		    NARRATE(s, "map_type=%s, key_size=%u, value_size=%u, max_entries=%u, "
			    "map_flags=%s, inner_map_fd=%d, map_name=\"%s\"%s%s",
			    upper("BPF_MAP_TYPE_", bb_map_type_name(p->map_type), t, sizeof(t)),
			    p->key_size, p->value_size, p->max_entries,
			    map_flags(p->map_flags, f, sizeof(f)), p->inner_map_fd, a.map_name,
			    p->btf_fd ? ", btf_fd=" : "", p->btf_fd ? btf_ids(p) : ""));
}

static int elem_op(int cmd, int fd, const void *key, const void *value, __u64 flags)
{
	union bpf_attr a;
	char s[128];

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = PTR(key);
	a.value = PTR(value);
	a.flags = flags;
	if (cmd == BPF_MAP_UPDATE_ELEM)
		return call(cmd, &a, NARRATE(s, "map_fd=%d, key=%p, value=%p, flags=%s", fd, key,
					     value, update_flags(flags)));
	return call(cmd, &a, NARRATE(s, "map_fd=%d, key=%p, value=%p", fd, key, value));
}

int sys_bpf_map_lookup_elem(int fd, const void *key, void *value)
{
	return elem_op(BPF_MAP_LOOKUP_ELEM, fd, key, value, 0);
}

int sys_bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags)
{
	return elem_op(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

int sys_bpf_map_delete_elem(int fd, const void *key)
{
	return elem_op(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int sys_bpf_map_get_next_key(int fd, const void *key, void *next_key)
{
	union bpf_attr a;
	char s[96];

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = PTR(key);
	a.next_key = PTR(next_key);
	return call(BPF_MAP_GET_NEXT_KEY, &a,
		    NARRATE(s, "map_fd=%d, key=%p, next_key=%p", fd, key, next_key));
}

int sys_bpf_map_freeze(int fd)
{
	union bpf_attr a;
	char s[32];

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	return call(BPF_MAP_FREEZE, &a, NARRATE(s, "map_fd=%d", fd));
}

static const char *prog_attach(const struct sys_bpf_prog_params *p)
{
	static _Thread_local char buf[160];
	int n = snprintf(buf, sizeof(buf), ", expected_attach_type=%s, attach_btf_id=%u",
			 bb_attach_type_name(p->expected_attach_type), p->attach_btf_id);

	if (p->attach_btf_obj_fd && n > 0 && (size_t)n < sizeof(buf))
		n += snprintf(buf + n, sizeof(buf) - n, ", attach_btf_obj_fd=%u",
			      p->attach_btf_obj_fd);
	if ((p->prog_flags & BPF_F_SLEEPABLE) && n > 0 && (size_t)n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, ", prog_flags=BPF_F_SLEEPABLE");
	if ((p->prog_flags & BPF_F_XDP_HAS_FRAGS) && n > 0 && (size_t)n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, ", prog_flags=BPF_F_XDP_HAS_FRAGS");
	return buf;
}

static const char *prog_btf(const struct sys_bpf_prog_params *p)
{
	static _Thread_local char buf[64];

	snprintf(buf, sizeof(buf), "%u, func_info_cnt=%u, line_info_cnt=%u", p->prog_btf_fd,
		 p->func_info_cnt, p->line_info_cnt);
	return buf;
}

static void spell_fd_array(const struct sys_bpf_prog_params *p, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, ", fd_array=[");

	for (__u32 i = 0; i < p->fd_array_cnt && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%d", i ? ", " : "", p->fd_array[i]);
	if (n < size)
		snprintf(buf + n, size - n, "]");
}

int sys_bpf_prog_load(const struct sys_bpf_prog_params *p)
{
	union bpf_attr a;
	char s[512], t[64], f[96];

	memset(&a, 0, sizeof(a));
	a.prog_type = p->prog_type;
	a.expected_attach_type = p->expected_attach_type;
	a.insns = PTR(p->insns);
	a.insn_cnt = p->insn_cnt;
	a.license = PTR(p->license);
	a.kern_version = p->kern_version;
	a.log_buf = PTR(p->log_buf);
	a.log_size = p->log_size;
	a.log_level = p->log_level;
	if (p->name)
		strncpy(a.prog_name, p->name, sizeof(a.prog_name) - 1);
	a.prog_btf_fd = p->prog_btf_fd;
	a.func_info = PTR(p->func_info);
	a.func_info_rec_size = p->func_info_rec_size;
	a.func_info_cnt = p->func_info_cnt;
	a.line_info = PTR(p->line_info);
	a.line_info_rec_size = p->line_info_rec_size;
	a.line_info_cnt = p->line_info_cnt;
	a.prog_flags = p->prog_flags;
	a.attach_btf_id = p->attach_btf_id;
	a.attach_btf_obj_fd = p->attach_btf_obj_fd;
	a.fd_array = PTR(p->fd_array);
	spell_fd_array(p, f, sizeof(f));
	return call(BPF_PROG_LOAD, &a,
		    NARRATE(s, "prog_type=%s, insn_cnt=%u, insns=%p, license=\"%s\", "
			    "log_level=%u, log_size=%u, kern_version=KERNEL_VERSION(%u, %u, %u), "
			    "prog_name=\"%s\"%s%s%s%s",
			    upper("BPF_PROG_TYPE_", bb_prog_type_name(p->prog_type), t, sizeof(t)),
			    p->insn_cnt, (void *)p->insns, p->license, p->log_level, p->log_size,
			    p->kern_version >> 16, (p->kern_version >> 8) & 0xff,
			    p->kern_version & 0xff, a.prog_name,
			    p->attach_btf_id || p->expected_attach_type || p->prog_flags ?
			    prog_attach(p) : "",
			    p->prog_btf_fd ? ", prog_btf_fd=" : "", p->prog_btf_fd ? prog_btf(p) : "",
			    p->fd_array ? f : ""));
}

int sys_bpf_obj_pin(int fd, const char *path)
{
	union bpf_attr a;
	char s[320];

	memset(&a, 0, sizeof(a));
	a.bpf_fd = fd;
	a.pathname = PTR(path);
	return call(BPF_OBJ_PIN, &a, NARRATE(s, "pathname=\"%s\", bpf_fd=%d", path, fd));
}

int sys_bpf_obj_get(const char *path)
{
	union bpf_attr a;
	char s[300];

	memset(&a, 0, sizeof(a));
	a.pathname = PTR(path);
	return call(BPF_OBJ_GET, &a, NARRATE(s, "pathname=\"%s\"", path));
}

static int next_id(int cmd, __u32 start, __u32 *next)
{
	union bpf_attr a;
	char s[32];
	int ret;

	memset(&a, 0, sizeof(a));
	a.start_id = start;
	ret = call(cmd, &a, NARRATE(s, "start_id=%u", start));
	if (ret == 0)
		*next = a.next_id;
	return ret;
}

int sys_bpf_prog_get_next_id(__u32 start, __u32 *next)
{
	return next_id(BPF_PROG_GET_NEXT_ID, start, next);
}

int sys_bpf_map_get_next_id(__u32 start, __u32 *next)
{
	return next_id(BPF_MAP_GET_NEXT_ID, start, next);
}

int sys_bpf_raw_tracepoint_open(const char *name, int prog_fd)
{
	union bpf_attr a;
	char s[160];

	memset(&a, 0, sizeof(a));
	a.raw_tracepoint.name = PTR(name);
	a.raw_tracepoint.prog_fd = prog_fd;
	return call(BPF_RAW_TRACEPOINT_OPEN, &a,
		    NARRATE(s, "raw_tracepoint={name=%s%s%s, prog_fd=%d}", name ? "\"" : "",
			    name ? name : "NULL", name ? "\"" : "", prog_fd));
}

int sys_bpf_link_create(int prog_fd, int target_fd, __u32 attach_type, const void *iter_info,
			__u32 iter_info_len)
{
	union bpf_attr a;
	char s[160];

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = (__u32)prog_fd;
	a.link_create.target_fd = (__u32)target_fd;
	a.link_create.attach_type = attach_type;
	a.link_create.iter_info = PTR(iter_info);
	a.link_create.iter_info_len = iter_info_len;
	return call(BPF_LINK_CREATE, &a,
		    NARRATE(s, "link_create={prog_fd=%d, target_fd=%d, attach_type=%s%s}", prog_fd,
			    target_fd, bb_attach_type_name(attach_type),
			    iter_info_len ? ", iter_info=..." : ""));
}

int sys_bpf_link_create_perf(int prog_fd, int perf_fd, __u64 cookie)
{
	union bpf_attr a;
	char s[200];

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = (__u32)prog_fd;
	a.link_create.target_fd = (__u32)perf_fd;
	a.link_create.attach_type = BPF_PERF_EVENT;
	a.link_create.perf_event.bpf_cookie = cookie;
	return call(BPF_LINK_CREATE, &a,
		    NARRATE(s, "link_create={prog_fd=%d, target_fd=%d, attach_type=BPF_PERF_EVENT, "
			    "perf_event={bpf_cookie=%llu}}", prog_fd, perf_fd,
			    (unsigned long long)cookie));
}

int sys_bpf_iter_create(int link_fd)
{
	union bpf_attr a;
	char s[48];

	memset(&a, 0, sizeof(a));
	a.iter_create.link_fd = (__u32)link_fd;
	return call(BPF_ITER_CREATE, &a, NARRATE(s, "iter_create={link_fd=%d}", link_fd));
}

int sys_bpf_btf_get_next_id(__u32 start, __u32 *next)
{
	return next_id(BPF_BTF_GET_NEXT_ID, start, next);
}

int sys_bpf_btf_get_fd_by_id(__u32 id)
{
	union bpf_attr a;
	char s[32];

	memset(&a, 0, sizeof(a));
	a.btf_id = id;
	return call(BPF_BTF_GET_FD_BY_ID, &a, NARRATE(s, "btf_id=%u", id));
}

/* BPF_OBJ_GET_INFO_BY_FD, for any kind of object. info may carry input
 * (a BTF's name buffer), so it is the caller's to clear. */
static int obj_get_info(int fd, void *info, __u32 len)
{
	union bpf_attr a;
	char s[48];

	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = (__u32)fd;
	a.info.info_len = len;
	a.info.info = PTR(info);
	return call(BPF_OBJ_GET_INFO_BY_FD, &a,
		    NARRATE(s, "info={bpf_fd=%d, info_len=%u}", fd, len));
}

int sys_bpf_btf_get_info(int fd, struct bpf_btf_info *info)
{
	return obj_get_info(fd, info, sizeof(*info));
}

int sys_bpf_map_get_info(int fd, struct bpf_map_info *info)
{
	memset(info, 0, sizeof(*info));
	return obj_get_info(fd, info, sizeof(*info));
}

int sys_bpf_btf_load(const void *btf, __u32 size, char *log_buf, __u32 log_size,
		     __u32 log_level)
{
	union bpf_attr a;
	char s[96];

	memset(&a, 0, sizeof(a));
	a.btf = PTR(btf);
	a.btf_size = size;
	a.btf_log_buf = PTR(log_buf);
	a.btf_log_size = log_size;
	a.btf_log_level = log_level;
	return call(BPF_BTF_LOAD, &a,
		    NARRATE(s, "btf=%p, btf_size=%u, btf_log_level=%u", btf, size, log_level));
}

int sys_bpf_link_create_ifindex(int prog_fd, int ifindex, __u32 attach_type, __u32 flags)
{
	union bpf_attr a;
	char s[160];

	memset(&a, 0, sizeof(a));
	a.link_create.prog_fd = (__u32)prog_fd;
	a.link_create.target_ifindex = (__u32)ifindex;
	a.link_create.attach_type = attach_type;
	a.link_create.flags = flags;
	bb_why(attach_type == BPF_XDP ? "attach XDP to the interface; the link fd holds it there" :
	       "attach the program to the interface's tcx hook; the link fd holds it there");
	return call(BPF_LINK_CREATE, &a,
		    NARRATE(s, "link_create={prog_fd=%d, target_ifindex=%d, attach_type=%s, "
			    "flags=%s}", prog_fd, ifindex, bb_attach_type_name(attach_type),
			    flags == 2 ? "XDP_FLAGS_SKB_MODE" : flags == 4 ? "XDP_FLAGS_DRV_MODE" :
			    flags == 8 ? "XDP_FLAGS_HW_MODE" : "0"));
}

int sys_bpf_link_create_fd(int prog_fd, int target_fd, __u32 attach_type)
{
	bb_why(attach_type == BPF_FLOW_DISSECTOR ?
	       "attach the flow dissector to this network namespace; the link fd holds it" :
	       "attach the program to the cgroup; the link fd holds it there");
	return sys_bpf_link_create(prog_fd, target_fd, attach_type, NULL, 0);
}

static int prog_attach_op(int cmd, int target_fd, int prog_fd, __u32 type, __u32 flags)
{
	union bpf_attr a;
	char s[160];

	memset(&a, 0, sizeof(a));
	a.target_fd = (__u32)target_fd;
	a.attach_bpf_fd = (__u32)prog_fd;
	a.attach_type = type;
	a.attach_flags = flags;
	return call(cmd, &a, NARRATE(s, "target_fd=%d, attach_bpf_fd=%d, attach_type=%s, "
				     "attach_flags=%s", target_fd, prog_fd,
				     bb_attach_type_name(type),
				     flags == BPF_F_ALLOW_MULTI ? "BPF_F_ALLOW_MULTI" : "0"));
}

int sys_bpf_prog_attach(int target_fd, int prog_fd, __u32 attach_type, __u32 flags)
{
	return prog_attach_op(BPF_PROG_ATTACH, target_fd, prog_fd, attach_type, flags);
}

int sys_bpf_prog_detach(int target_fd, int prog_fd, __u32 attach_type)
{
	return prog_attach_op(BPF_PROG_DETACH, target_fd, prog_fd, attach_type, 0);
}
