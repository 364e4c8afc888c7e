/* barebpf: a small eBPF loader. This header is the whole API.
 *
 * The flow: open an object (ELF bytes in memory, no system calls), set its
 * globals, hand it to a loader, create maps and load programs, attach them by
 * section, read their events and maps, detach and free. Every function that
 * can fail returns 0 (or a count, or an fd) on success and -errno on failure,
 * and says what went wrong through the log callback; the library never prints
 * and never exits.
 *
 * Threads: an object, a loader and an event reader belong to one thread at
 * a time; different ones may be used by different threads at once. The log
 * callback and its level are the only state shared by the whole process:
 * set them before starting threads (the callback may be called from any
 * thread that uses the library). Strings the library returns from
 * bb_strerror-like calls are per thread and good until the next such call.
 *
 * On its own, the library: mounts tracefs (at /sys/kernel/tracing) when no
 * tracefs is mounted and a tracepoint or probe needs it, and debugfs for
 * kprobe_events on kernels that keep it there; raises RLIMIT_MEMLOCK to unlimited when a kernel
 * before 5.11 answers EPERM for lack of it. It removes the kprobe and uprobe
 * events of barebpf processes that died only when asked
 * (bb_cleanup_stale_probes), never another tool's. It installs no signal
 * handlers and starts no threads. */
#ifndef BAREBPF_H
#define BAREBPF_H

#include <linux/bpf.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif
/* The library is built with -fvisibility=hidden: what this header declares
 * is all it exports. */
#pragma GCC visibility push(default)

#define BAREBPF_VERSION "0.2.0"

/* ---- log ---------------------------------------------------------------- */

enum bb_log_level {
	BB_LOG_ERROR,
	BB_LOG_WARN,
	BB_LOG_INFO,
	BB_LOG_DEBUG,	/* every system call, decoded as strace shows it (-v) */
	BB_LOG_EXPLAIN,	/* and, after each, why it is made (-vv) */
};

/* msg has no trailing newline; it may span lines (a verifier log). */
typedef void (*bb_log_fn)(void *ctx, enum bb_log_level level, const char *msg);

/* No callback (the default) means no messages. */
void bb_set_log(bb_log_fn fn, void *ctx);
/* Messages above max are not formatted at all (default BB_LOG_INFO). */
void bb_set_log_level(enum bb_log_level max);
/* Narrates a system call at BB_LOG_DEBUG the way strace shows it, "CALL =
 * RET" or "CALL = -1 ENOENT (No such file or directory)", then why at
 * BB_LOG_EXPLAIN; fmt spells the call and its arguments. Returns ret. The
 * library narrates its own calls; a caller may narrate its own alike. */
long bb_narrate(long ret, const char *why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "EPERM (Operation not permitted)" for -EPERM (or EPERM); the kernel's own
 * numbers too: "ENOTSUPP (operation not supported by this kernel)" for 524. */
const char *bb_strerror(int err);
/* "EPERM" for -EPERM. */
const char *bb_errname(int err);

/* What this build of the library has: BB_FEATURE_DWARF when event types
 * can be read from DWARF (.debug_info, through elfutils' libdw). */
enum { BB_FEATURE_DWARF = 1 };
unsigned int bb_features(void);

/* ---- names and text ----------------------------------------------------- */

const char *bb_prog_type_name(__u32 type);	/* "tracepoint", "kprobe", ... */
const char *bb_map_type_name(__u32 type);	/* "hash", "perf_event_array", ... */

enum { BB_ESC_JSON = 1 };
/* s escaped into buf, snprintf-style (returns the length it needs): control
 * and non-ASCII bytes as \xNN, or with BB_ESC_JSON as a quoted JSON string. */
size_t bb_escape(char *buf, size_t size, const char *s, unsigned int flags);

/* ---- sections ----------------------------------------------------------- */

/* One row of the section table: what SEC("...") means to barebpf. */
struct bb_section_def {
	const char *prefix;	/* "tracepoint", "kprobe", "uprobe", ... */
	const char *target;	/* the syntax after "prefix/", e.g. "CAT/NAME"; NULL if none */
	const char *kind;	/* short name of the kind, shown by inspect */
	__u32 prog_type;
	__u32 expected_attach_type;
	int attachable;		/* run attaches it when the section names a target */
};

size_t bb_section_count(void);
/* Row i of the table, or NULL past the end. */
const struct bb_section_def *bb_section_def(size_t i);

/* ---- the object: the ELF model ------------------------------------------ */

struct bb_object;

/* Both read the whole object and make no bpf() calls. */
int bb_object_open_file(const char *path, struct bb_object **out);
int bb_object_open_mem(const void *buf, size_t size, const char *name, struct bb_object **out);
void bb_object_free(struct bb_object *obj);

struct bb_object_info {
	const char *name;
	const char *license;
	__u32 kern_version;
	int has_btf;
	size_t nr_progs, nr_maps, nr_vars, nr_elf_relocs;
	size_t nr_externs;
};

struct bb_prog_info {
	const char *name;
	const char *section;
	const char *target;	/* after the section prefix; NULL when it names none */
	const struct bb_section_def *def;	/* NULL: a section barebpf does not know */
	__u32 prog_type;
	const struct bpf_insn *insns;	/* linked with its subprograms, maps not yet in */
	size_t insn_cnt;
	int autoload;	/* 0: SEC("?...") or turned off; bb_loader_load skips it */
};

enum bb_map_origin { BB_MAP_LEGACY, BB_MAP_BTF, BB_MAP_DATA };

struct bb_map_info {
	const char *name;	/* symbol name, or the section name for global data */
	enum bb_map_origin origin;
	__u32 type, key_size, value_size, max_entries, flags;
	__u32 btf_key_type_id, btf_value_type_id;
	int frozen;		/* .rodata: read-only for the program after it is filled */
	const void *initial;	/* global data: the value_size bytes it starts with */
	size_t nr_slots;	/* prog arrays, maps of maps: slots set at load */
};

struct bb_var_info {
	const char *name;
	size_t map;		/* index of the global-data map holding it */
	size_t offset, size;
	__u32 btf_type_id;	/* its type in the object's BTF, 0 if unknown */
};

struct bb_elf_reloc_info {	/* a raw ELF relocation of a code section */
	const char *section;
	size_t offset;
	unsigned int type;	/* R_BPF_* */
	const char *sym;
	const char *sym_section;
};

/* An extern of the object: an undefined symbol typed by the .kconfig or
 * .ksyms DATASEC of its BTF. */
enum bb_extern_kind {
	BB_EXTERN_KCONFIG,	/* a value of the .kconfig map, filled before load */
	BB_EXTERN_KSYM,		/* a kernel variable: its address, or its BTF id when typed */
	BB_EXTERN_KFUNC,	/* a kernel function the program calls */
};

struct bb_extern_info {
	const char *name;
	enum bb_extern_kind kind;
	int weak;		/* may be missing: 0 (kconfig, ksym) or a poisoned call (kfunc) */
	int typed;		/* ksym: declared with a type (BPF_PSEUDO_BTF_ID) */
	__u32 btf_type_id;	/* its type in the object's BTF (0: void) */
	size_t offset, size;	/* kconfig: place in the .kconfig map value */
	int resolved;		/* the value below is known */
	const void *value;	/* kconfig: size bytes, once resolved */
	__u64 addr;		/* untyped ksym: the address from /proc/kallsyms */
	__u32 kernel_btf_id;	/* typed ksym, kfunc: the id in the kernel's BTF */
	const char *module;	/* ... of this module ("": vmlinux) */
};

/* Each fills *out with pointers into obj (valid until it is freed); the
 * indexed ones return -ENOENT past the end. */
void bb_object_info(const struct bb_object *obj, struct bb_object_info *out);
int bb_object_prog(const struct bb_object *obj, size_t i, struct bb_prog_info *out);
int bb_object_map(const struct bb_object *obj, size_t i, struct bb_map_info *out);
int bb_object_var(const struct bb_object *obj, size_t i, struct bb_var_info *out);
/* Slot k of a map's __array(values, ...): its key and the program or map it holds. */
int bb_object_map_slot(const struct bb_object *obj, size_t map, size_t k, __u32 *slot,
		       const char **name);
int bb_object_elf_reloc(const struct bb_object *obj, size_t i, struct bb_elf_reloc_info *out);
int bb_object_extern(const struct bb_object *obj, size_t i, struct bb_extern_info *out);
/* Index of the program or map of that name, or -ENOENT. */
int bb_object_find_prog(const struct bb_object *obj, const char *name);
int bb_object_find_map(const struct bb_object *obj, const char *name);

/* "name=value": a global of .rodata, .data or .bss, checked against its BTF
 * type; an unknown name gets a message listing the variables. */
int bb_object_set_global(struct bb_object *obj, const char *assignment);
int bb_object_set_max_entries(struct bb_object *obj, size_t map, __u32 max_entries);
/* Whether bb_loader_load loads the program (off for SEC("?...")). */
int bb_object_set_autoload(struct bb_object *obj, size_t prog, int autoload);

/* ---- formatting (no system calls) --------------------------------------- */

enum { BB_FMT_JSON = 1 };

/* Each returns 0 and a malloc'd, NUL-terminated *out (free it), or -errno. */
/* A value of BTF type type_id (from the object) on one line, as text or
 * JSON; a hex dump when type_id is 0 or the BTF cannot describe the data. */
int bb_format_value(const struct bb_object *obj, __u32 type_id, const void *data, size_t size,
		    unsigned int flags, char **out);
/* The linked code of program i, one instruction a line, the way bpftool's
 * xlated dump reads: maps, helpers and subprograms named, source lines from
 * the line info before the instructions they describe. */
int bb_format_prog(const struct bb_object *obj, size_t prog, char **out);
/* The C spelling of BTF type type_id: "const volatile int", "struct event". */
int bb_format_type(const struct bb_object *obj, __u32 type_id, char **out);
/* A log2 histogram drawn the way bcc's print_log2_hist draws it. */
int bb_format_log2_hist(const unsigned long long *slots, size_t nr, const char *label,
			char **out);

/* The event struct: name, else the struct "event", else the only struct whose
 * name ends in "event" or "event_t". 0 with *type_id (0: none, hex dumps),
 * or -ENOENT when name was given and is not a struct of the object. */
int bb_object_event_type(const struct bb_object *obj, const char *name, __u32 *type_id);
/* Member i of the struct or union struct_id (typedefs followed): -ENOENT
 * past the last, -EINVAL when struct_id is no struct. name may be "". */
struct bb_member_info {
	const char *name;
	__u32 type_id;
	size_t offset, size;	/* bytes */
	int bitfield;		/* a bitfield: offset and size are not its bits */
};
int bb_type_member(const struct bb_object *obj, __u32 struct_id, size_t i,
		   struct bb_member_info *out);
/* Event structs that are not in BTF (clang emits BTF only for types a global
 * or a function signature uses) read from the object's DWARF (-g) with
 * libdw: the struct of the record's size whose name ends in "event" or
 * "_t", or the struct name (of that size, unless size is 0). 0 and *out; -ENOENT
 * none fits, -EEXIST several do (logged with their names), -EOPNOTSUPP when
 * built without libdw (bb_features). Reads path once. */
struct bb_record_type;
int bb_dwarf_record_type(const char *path, size_t size, const char *name,
			 struct bb_record_type **out);
const char *bb_record_type_name(const struct bb_record_type *t);
/* Member i's name (-ENOENT past the last), for column headers. */
int bb_record_member(const struct bb_record_type *t, size_t i, const char **name);
/* A record as "name=value ..." or, with BB_FMT_JSON, a JSON object. */
int bb_format_record(const struct bb_record_type *t, const void *data, size_t size,
		     unsigned int flags, char **out);
void bb_record_type_free(struct bb_record_type *t);
/* If map's value type holds a histogram (an integer array member "slots" or
 * "hist"), sums the ncpu copies of value (stride bytes apart) into a malloc'd
 * *slots of *nr counts. -ENOENT when the map is no histogram. */
int bb_map_histogram(const struct bb_object *obj, size_t map, const void *value, size_t ncpu,
		     size_t stride, unsigned long long **slots, size_t *nr);

/* ---- USDT sites: what a usdt/PATH:PROVIDER:NAME program attaches to ------ */

#define BB_USDT_MAX_ARGS 12	/* libbpf's BPF_USDT_MAX_ARG_CNT */

/* The values of libbpf's enum __bpf_usdt_arg_type. */
enum bb_usdt_arg_kind { BB_USDT_ARG_CONST, BB_USDT_ARG_REG, BB_USDT_ARG_REG_DEREF };

/* One argument of a note's spec, in either architecture's spelling
 * (x86_64 -4@-8(%rbp), 8@%rdx, -4@$5; arm64 -4@[sp, 96], -8@x4, 4@5). */
struct bb_usdt_arg {
	int size;		/* bytes: 1, 2, 4 or 8 */
	int is_signed;
	enum bb_usdt_arg_kind kind;
	char reg[8];		/* REG, REG_DEREF: "rbp", "x4", "sp" */
	long long val;		/* CONST: the value; REG_DEREF: the offset */
};

struct bb_usdt_site {
	__u64 addr;		/* the note's address, moved with .stapsdt.base */
	__u64 offset;		/* its file offset: where the uprobe goes */
	__u64 sema, sema_offset;	/* the semaphore's address and file offset; 0: none */
	const char *spec;	/* the arguments as the note spells them */
	size_t nr_args;		/* 0 too when the spec could not be parsed */
	struct bb_usdt_arg args[BB_USDT_MAX_ARGS];
	const char *why;	/* NULL, or why attaching would refuse these arguments */
};

/* Called once per site; site is valid only during the call. A negative
 * return stops the walk and is handed back. */
typedef int (*bb_usdt_site_fn)(void *ctx, const struct bb_usdt_site *site);

/* The sites of program i's probe (SEC("usdt/PATH:PROVIDER:NAME")) in its
 * target's .note.stapsdt, PATH resolved as the attach resolves it without a
 * pid, each handed to fn (NULL: only counted). path gets the file read, or
 * the library name that was not found. Returns how many sites (0: the file
 * has no such probe) or -errno: -ENOENT past the last program (not logged);
 * logged: -EINVAL when program i is no usdt program or its target is not
 * PATH:PROVIDER:NAME, -ENOENT for a library not found, -ENOEXEC for a file
 * that is no 64-bit
 * ELF, else the error of opening it. Reads files only. */
int bb_object_usdt_sites(const struct bb_object *obj, size_t i, char *path, size_t size,
			 bb_usdt_site_fn fn, void *ctx);

/* ---- the loaded object --------------------------------------------------- */

struct bb_loader;

struct bb_load_opts {
	size_t sz;		/* sizeof(struct bb_load_opts) */
	const char *kernel_btf;	/* CO-RE target; default /sys/kernel/btf/vmlinux */
	const char *kconfig;	/* .kconfig values; default /boot/config-RELEASE, /proc/config.gz */
};

/* Gives obj's externs their values from the running kernel. .kconfig: the
 * version (uname, Debian's uname -v, Ubuntu's /proc/version_signature),
 * CONFIG_* from opts->kconfig or /boot/config-RELEASE then /proc/config.gz,
 * LINUX_HAS_SYSCALL_WRAPPER / LINUX_HAS_BPF_COOKIE from the kernel's BTF.
 * .ksyms: typed ones and kfuncs by name in the BTF of vmlinux, then of the
 * loaded modules; untyped ones from /proc/kallsyms. Reads files only (no
 * bpf() calls). A missing strong extern is an error naming it and where it
 * was looked for; weak ones are 0 (a kfunc: its calls poisoned). The loader
 * calls it before creating maps when nobody has. opts may be NULL. */
int bb_object_resolve_externs(struct bb_object *obj, const struct bb_load_opts *opts);

/* Takes ownership of obj (also on failure). opts may be NULL. No system calls. */
int bb_loader_new(struct bb_object *obj, const struct bb_load_opts *opts,
		  struct bb_loader **out);
const struct bb_object *bb_loader_object(const struct bb_loader *l);
/* Loads the object's BTF, creates and fills every map. */
int bb_loader_create_maps(struct bb_loader *l);
/* Loads program i (maps are created first if need be); a verifier rejection
 * is logged with the verifier's words. */
int bb_loader_load_prog(struct bb_loader *l, size_t i);
/* Maps, then every program; stops at the first failure. */
int bb_loader_load(struct bb_loader *l);

enum bb_xdp_mode {
	BB_XDP_AUTO,		/* native, and generic when the driver has no XDP */
	BB_XDP_NATIVE,		/* XDP_FLAGS_DRV_MODE */
	BB_XDP_GENERIC,		/* XDP_FLAGS_SKB_MODE */
	BB_XDP_OFFLOAD,		/* XDP_FLAGS_HW_MODE */
};

struct bb_attach_opts {
	size_t sz;		/* sizeof(struct bb_attach_opts) */
	pid_t pid;		/* uprobes: only this process (0: every process) */
	/* Networking programs (tc, xdp, socket, cgroup, sk_msg, ...). */
	const char *dev;	/* tc, xdp, socket: the interface by name ... */
	int ifindex;		/* ... or by index (0: none given) */
	int egress;		/* SEC("tc"), SEC("classifier"): egress, not ingress */
	enum bb_xdp_mode xdp_mode;
	const char *cgroup;	/* cgroup kinds: a cgroup v2 directory (NULL: /sys/fs/cgroup) */
	const char *map;	/* sk_msg, sk_skb: the sockmap/sockhash (NULL: the one it uses) */
	int netlink;		/* tc, xdp: attach by netlink even where the kernel has links */
};

/* Attaches program i by its section. -ENOTSUP for a section with no target. */
int bb_loader_attach_prog(struct bb_loader *l, size_t i, const struct bb_attach_opts *opts);
/* Attaches every loaded program whose section names a target; the others
 * stay loaded and are logged. Returns how many were attached, or -errno. */
int bb_loader_attach(struct bb_loader *l, const struct bb_attach_opts *opts);
/* Runs the attached iterator program i (SEC("iter/NAME")) once: a new
 * BPF_ITER_CREATE fd read to its end, into a malloc'd, NUL-terminated *out
 * of *len bytes (free it). -EBADF when program i is no attached iterator. */
int bb_loader_iter_read(struct bb_loader *l, size_t i, char **out, size_t *len);
/* Detaches every attached program (they stay loaded); probes are removed. */
void bb_loader_detach(struct bb_loader *l);
/* Pins every map in dir (a bpf filesystem), all or nothing; maps reused
 * from dir are left as they are. What barebpf pins is recorded in
 * dir/barebpf_pins (a pinned array map of the names) for bb_unpin. */
int bb_loader_pin_maps(struct bb_loader *l, const char *dir);
/* Before bb_loader_create_maps: each map pinned in dir under its pin name
 * is opened (BPF_OBJ_GET) and used instead of a new one, once its type,
 * key_size, value_size and max_entries match the object's (checked with
 * BPF_OBJ_GET_INFO_BY_FD; a mismatch is -EINVAL naming the field). Reused
 * maps are not filled again. */
int bb_loader_reuse_pinned(struct bb_loader *l, const char *dir);
/* Pins every loaded program as dir/prog_NAME and every BPF link (raw
 * tracepoints, BTF-typed programs, iterators) as dir/link_NAME. */
int bb_loader_pin_progs(struct bb_loader *l, const char *dir);
/* Removes what barebpf pinned in dir (the names in dir/barebpf_pins, and
 * that record): how many, or -errno (-ENOENT: no record). */
int bb_unpin(const char *dir);
int bb_loader_prog_fd(const struct bb_loader *l, size_t i);
int bb_loader_map_fd(const struct bb_loader *l, size_t i);
/* Detaches, closes every fd and frees the object. */
void bb_loader_free(struct bb_loader *l);

/* ---- maps ---------------------------------------------------------------- */

/* Bytes one lookup fills: value_size, or for per-CPU maps one 8-byte
 * aligned copy per possible CPU. *ncpu and *stride describe the copies. */
int bb_map_value_size(const struct bb_loader *l, size_t map, size_t *ncpu, size_t *stride);
int bb_map_lookup(const struct bb_loader *l, size_t map, const void *key, void *value);
int bb_map_update(const struct bb_loader *l, size_t map, const void *key, const void *value,
		  __u64 flags);
int bb_map_delete(const struct bb_loader *l, size_t map, const void *key);
/* The key after key (NULL: the first); -ENOENT after the last. */
int bb_map_next_key(const struct bb_loader *l, size_t map, const void *key, void *next);
/* The kernel's possible CPUs (/sys/devices/system/cpu/possible), or -errno. */
int bb_possible_cpus(void);

/* ---- events: perf rings and BPF ring buffers ----------------------------- */

struct bb_events;

/* Called once per record; data is valid only during the call. A negative
 * return stops the pass and is handed back to the caller. cpu is -1 for a
 * BPF ring buffer. */
typedef int (*bb_event_fn)(void *ctx, int cpu, const void *data, size_t size);
/* Called when the kernel reports records it had to drop (perf rings). */
typedef void (*bb_lost_fn)(void *ctx, int cpu, __u64 lost);

int bb_events_new(bb_event_fn on_event, bb_lost_fn on_lost, void *ctx, struct bb_events **out);
/* A ring of 2^page_order data pages per online CPU, written by two perf
 * events of that CPU: a batching one (watermark: the kernel wakes the reader
 * once per quarter ring) and a waking one (a wake-up per record). The
 * perf event array's slot for the CPU holds the waking one while the ring is
 * idle and the batching one while records keep coming (one map update at
 * each switch, done by the reading calls). See bb_events_next_deadline_ms. */
int bb_events_add_perf(struct bb_events *ev, int map_fd, const char *name,
		       unsigned int page_order);
int bb_events_add_ringbuf(struct bb_events *ev, int map_fd, const char *name);
/* Waits up to timeout_ms (-1: no limit), or less when a deadline of
 * bb_events_next_deadline_ms comes first, and consumes every ready ring and
 * every ring whose deadline has come: records delivered or -errno. */
int bb_events_poll(struct bb_events *ev, int timeout_ms);
/* Consumes every ring without waiting. */
int bb_events_consume(struct bb_events *ev);
/* The delay bound of perf rings. A perf record is handed over at most
 * BB_EVENTS_DELAY_MS after it was written (plus the time to be scheduled),
 * whatever the rate, provided the caller consumes again by every deadline:
 * bb_events_poll does so itself; a caller with its own poll on bb_events_fd
 * waits at most bb_events_next_deadline_ms and then calls bb_events_consume.
 * An idle ring has no deadline (its next record wakes the reader at once);
 * a ring that had records has one, BB_EVENTS_DELAY_MS after the last pass
 * that found some, until two passes at deadlines found nothing: no timer
 * runs while every ring is idle. Ring buffers wake by themselves. */
#define BB_EVENTS_DELAY_MS 10
/* Milliseconds until the reader must consume again (0: now), or -1 when no
 * ring has a deadline: wait for bb_events_fd alone. No system call. */
int bb_events_next_deadline_ms(const struct bb_events *ev);
/* Readable when some ring has data. When your own poll finds it readable,
 * call bb_events_consume, not bb_events_poll: a perf fd's readiness is used
 * up by the first poll that sees it, and a full ring sends no more wake-ups. */
int bb_events_fd(const struct bb_events *ev);
/* During an on_event or on_lost call: the name the ring was added with. */
const char *bb_events_ring_name(const struct bb_events *ev);
/* Records the perf rings reported lost. The kernel reports a loss in front
 * of the next record it stores, so a burst's losses show once another record
 * follows. Ring buffer losses are the BPF side's to count. */
__u64 bb_events_lost(const struct bb_events *ev);
/* Records skipped because their header was impossible (a corrupt ring). */
__u64 bb_events_corrupt(const struct bb_events *ev);
void bb_events_free(struct bb_events *ev);

/* ---- tracing odds and ends ----------------------------------------------- */

/* <tracefs>/trace_pipe opened non-blocking (tracefs found or mounted), or
 * -errno; -EBUSY when another process reads it. */
int bb_trace_pipe_open(void);
/* The kernel function a ksyscall/NAME program attaches to. */
int bb_syscall_function(const char *name, char *buf, size_t size);
/* Removes the kprobe/uprobe events of barebpf processes that no longer run;
 * returns how many, or -errno. Other tools' events are never touched. */
int bb_cleanup_stale_probes(void);

#pragma GCC visibility pop
#ifdef __cplusplus
}
#endif

#endif
