/* Commands and options: which option goes with which command, the help of
 * each, and usage errors that say what is wrong in one line. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"

struct command {
	const char *name;
	enum cmd id;
	const char *args;	/* NULL: takes none */
	const char *what;
};

static const struct command commands[] = {
	{ "inspect", CMD_INSPECT, "OBJ", "show programs, maps, globals, relocations and code (no privileges)" },
	{ "load", CMD_LOAD, "OBJ", "create maps and load every program; attach nothing" },
	{ "run", CMD_RUN, "OBJ", "load, attach every program by its section, stream its output" },
	{ "syscall", CMD_SYSCALL, "NAME", "print the kernel function a ksyscall/NAME probe attaches to" },
	{ "cleanup", CMD_CLEANUP, NULL, "remove kprobe/uprobe events left by barebpf processes that died" },
	{ "unpin", CMD_UNPIN, "DIR", "remove what barebpf pinned in DIR (its own names only)" },
	{ "help", CMD_HELP, "[COMMAND]", "this text, or one command's" },
};

#define ALL (CMD_INSPECT | CMD_LOAD | CMD_RUN | CMD_SYSCALL | CMD_CLEANUP | CMD_UNPIN | CMD_HELP)
#define LOADS (CMD_LOAD | CMD_RUN)

enum { OPT_DEV = 256, OPT_IFINDEX, OPT_EGRESS, OPT_XDP_MODE, OPT_NETLINK, OPT_CGROUP, OPT_MAP };

/* One row per option: the commands it applies to and its help line. */
struct option_doc {
	int c;
	unsigned int cmds;
	const char *spelling, *help;
};

static const struct option_doc docs[] = {
	{ 'v', ALL, "-v, --verbose", "narrate every system call as it is made, as strace shows it" },
	{ 'X', ALL, "-vv, --explain", "and say after each one why it is made" },
	{ 'd', CMD_RUN, "-d, --duration SECS", "stop after SECS seconds (default: until Ctrl-C/SIGTERM)" },
	{ 'p', CMD_RUN, "-p, --pid PID", "uprobes fire only in PID (tracepoints and kprobes: not filtered, a warning says so)" },
	{ 's', CMD_INSPECT | LOADS, "-s, --set NAME=VALUE", "set a global variable (.rodata/.data/.bss) before loading" },
	{ 'j', CMD_RUN, "-j, --json", "every stdout line one JSON object (trace lines, events, maps)" },
	{ 'e', CMD_RUN, "-e, --event-type NAME", "the struct events are decoded as (default: 'event', else the only *event/*event_t struct; else hex)" },
	{ 'P', CMD_RUN, "-P, --pages N", "perf ring data pages per CPU, a power of two (64)" },
	{ 'i', CMD_RUN, "-i, --interval SECS", "print the maps every SECS seconds (and at exit)" },
	{ 't', CMD_RUN, "-t, --timestamp", "wall clock HH:MM:SS before each event" },
	{ 'm', CMD_RUN, "-m, --maps NAME,...", "dump only these maps and globals" },
	{ 'M', CMD_RUN, "--no-maps", "dump no maps" },
	{ 'b', LOADS, "-b, --pin DIR", "pin the maps in DIR (bpf filesystem), reusing those already there" },
	{ 'G', LOADS, "--pin-progs", "with --pin: pin the programs (and run's links) too" },
	{ 'B', LOADS, "-B, --btf FILE", "the kernel BTF for CO-RE (default /sys/kernel/btf/vmlinux)" },
	{ OPT_DEV, CMD_RUN, "--dev IFACE", "tc, xdp and socket programs attach to IFACE" },
	{ OPT_IFINDEX, CMD_RUN, "--ifindex N", "... or to the interface of index N" },
	{ OPT_EGRESS, CMD_RUN, "--egress", "SEC(\"tc\") and SEC(\"classifier\") on egress, not ingress" },
	{ OPT_XDP_MODE, CMD_RUN, "--xdp-mode MODE", "native, generic or offload (default: native, else generic when the driver has no XDP)" },
	{ OPT_NETLINK, CMD_RUN, "--netlink", "tc and xdp by netlink even where the kernel has links" },
	{ OPT_CGROUP, CMD_RUN, "--cgroup PATH", "cgroup programs attach to PATH (default /sys/fs/cgroup)" },
	{ OPT_MAP, CMD_RUN, "--map NAME", "sk_msg and sk_skb programs attach to map NAME (default: the sockmap or sockhash the program uses)" },
	{ 'K', CMD_INSPECT | LOADS, "-K, --kconfig FILE", "the kernel config for .kconfig externs (default /boot/config-$(uname -r), then /proc/config.gz)" },
	{ 'V', ALL, "-V, --version", "the version and what this build has" },
	{ 'h', ALL, "-h, --help", "this text (barebpf help COMMAND, or COMMAND --help: one command's)" },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static const struct option_doc *find_doc(int c)
{
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (docs[i].c == c)
			return &docs[i];
	return NULL;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("barebpf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nTry 'barebpf help %s' or 'barebpf --help'.\n", cmd);
	else
		fputs("\nTry 'barebpf --help'.\n", stderr);
	return EXIT_USAGE;
}

static void print_options(unsigned int cmds)
{
	fputs("\noptions:\n", stdout);
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (docs[i].cmds & cmds)
			printf("  %-22s %s\n", docs[i].spelling, docs[i].help);
}

static void print_sections(void)
{
	const struct bb_section_def *d;
	int col = 0;

	fputs("\nsections understood:", stdout);
	for (size_t i = 0; (d = bb_section_def(i)); i++) {
		char sec[96];
		int n = snprintf(sec, sizeof(sec), " %s%s%s", d->prefix, d->target ? "/" : "",
				 d->target ? d->target : "");

		if (col + n > 78) {
			fputs("\n ", stdout);
			col = 1;
		}
		fputs(sec, stdout);
		col += n;
	}
	putchar('\n');
}

static const char exit_text[] =
	"\nexit status: 0 success; 1 a map, program, attachment or kernel request failed;\n"
	"2 a usage error or an object that cannot be read\n";

/* The whole help, or one command's (c non-NULL). */
static int help(const struct command *c)
{
	if (c) {
		printf("usage: barebpf [-v] %s%s%s [OPTIONS]\n\n%s\n", c->name, c->args ? " " : "",
		       c->args ? c->args : "", c->what);
		print_options(c->id);
		if (c->id & (CMD_INSPECT | LOADS))
			print_sections();
		fputs(exit_text, stdout);
		return 0;
	}
	fputs("usage: barebpf [-v] COMMAND [ARG] [OPTIONS]\n\ncommands:\n", stdout);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-8s %-10s %s\n", commands[i].name,
		       commands[i].args ? commands[i].args : "", commands[i].what);
	print_options(ALL);
	print_sections();
	fputs(exit_text, stdout);
	return 0;
}

static int version(void)
{
	const char *arch =
#if defined(__x86_64__)
		"x86_64";
#elif defined(__aarch64__)
		"arm64";
#else
		"unknown";
#endif
	const char *libc =
#if defined(__GLIBC__)
		"glibc";
#else
		"musl";
#endif

	printf("barebpf %s\narch: %s\nlibc: %s\nlibdw (event types from DWARF): %s\n",
	       BAREBPF_VERSION, arch, libc, bb_features() & BB_FEATURE_DWARF ? "yes" : "no");
	return 0;
}

static int positive(const char *opt, const char *arg, double *out)
{
	char *end;

	*out = strtod(arg, &end);
	if (*end || !*arg || !(*out > 0))
		return usage_error(NULL, "%s wants a positive number, not '%s'", opt, arg);
	return 0;
}

static int pages(const char *arg, struct run_opts *o)
{
	double v;

	if (positive("--pages", arg, &v))
		return EXIT_USAGE;
	if (v > 65536 || v != (long)v || ((long)v & ((long)v - 1)))
		return usage_error(NULL, "--pages wants a power of two up to 65536, not '%s'", arg);
	for (o->page_order = 0; (1l << o->page_order) < (long)v;)
		o->page_order++;
	return 0;
}

static int pid_arg(const char *arg, struct run_opts *o)
{
	double v;

	if (positive("--pid", arg, &v))
		return EXIT_USAGE;
	if (v > 4194304 || v != (long)v)
		return usage_error(NULL, "--pid wants a process id (1 to 4194304), not '%s'", arg);
	o->attach.pid = (pid_t)v;
	return 0;
}

/* The networking options; 0, or the exit status of a usage error. */
static int net_option(int c, const char *arg, struct bb_attach_opts *a)
{
	static const char *const modes[] = { "native", "generic", "offload" };
	double v;

	switch (c) {
	case OPT_DEV: a->dev = arg; return 0;
	case OPT_EGRESS: a->egress = 1; return 0;
	case OPT_NETLINK: a->netlink = 1; return 0;
	case OPT_CGROUP: a->cgroup = arg; return 0;
	case OPT_MAP: a->map = arg; return 0;
	case OPT_IFINDEX:
		if (positive("--ifindex", arg, &v))
			return EXIT_USAGE;
		if (v != (int)v)
			return usage_error(NULL, "--ifindex wants an interface index, not '%s'", arg);
		a->ifindex = (int)v;
		return 0;
	case OPT_XDP_MODE:
		for (int i = 0; i < 3; i++)
			if (!strcmp(arg, modes[i])) {
				a->xdp_mode = (enum bb_xdp_mode)(BB_XDP_NATIVE + i);
				return 0;
			}
		return usage_error(NULL, "--xdp-mode wants native, generic or offload, not '%s'", arg);
	default: return 0;
	}
}

/* One option; 0, or the exit status of a usage error. */
static int one_option(int c, const char *arg, struct run_opts *o)
{
	switch (c) {
	case 'v': bb_set_log_level(o->verbosity++ ? BB_LOG_EXPLAIN : BB_LOG_DEBUG); return 0;
	case 'X': bb_set_log_level(BB_LOG_EXPLAIN); o->verbosity = 2; return 0;
	case 'K': o->kconfig = arg; return 0;
	case 'd': return positive("--duration", arg, &o->duration) ? EXIT_USAGE : 0;
	case 'i': return positive("--interval", arg, &o->interval) ? EXIT_USAGE : 0;
	case 'j': o->json = 1; return 0;
	case 't': o->timestamp = 1; return 0;
	case 'm': o->maps = arg; return 0;
	case 'M': o->no_maps = 1; return 0;
	case 'G': o->pin_progs = 1; return 0;
	case 'e': o->event_type = arg; return 0;
	case 'b': o->pin_dir = arg; return 0;
	case 'B': o->kernel_btf = arg; return 0;
	case 'P': return pages(arg, o);
	case 'p': return pid_arg(arg, o);
	case 's':
		if (o->nsets == 64)
			return usage_error(NULL, "--set: at most 64 of them");
		o->sets[o->nsets++] = arg;
		return 0;
	}
	return net_option(c, arg, &o->attach);
}

static const struct option long_opts[] = {
	{ "verbose", no_argument, NULL, 'v' }, { "explain", no_argument, NULL, 'X' },
	{ "duration", required_argument, NULL, 'd' }, { "pid", required_argument, NULL, 'p' },
	{ "set", required_argument, NULL, 's' }, { "json", no_argument, NULL, 'j' },
	{ "event-type", required_argument, NULL, 'e' }, { "pages", required_argument, NULL, 'P' },
	{ "interval", required_argument, NULL, 'i' }, { "pin", required_argument, NULL, 'b' },
	{ "btf", required_argument, NULL, 'B' }, { "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' }, { "timestamp", no_argument, NULL, 't' },
	{ "maps", required_argument, NULL, 'm' }, { "no-maps", no_argument, NULL, 'M' },
	{ "pin-progs", no_argument, NULL, 'G' },
	{ "dev", required_argument, NULL, OPT_DEV }, { "ifindex", required_argument, NULL, OPT_IFINDEX },
	{ "egress", no_argument, NULL, OPT_EGRESS },
	{ "xdp-mode", required_argument, NULL, OPT_XDP_MODE },
	{ "netlink", no_argument, NULL, OPT_NETLINK }, { "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "map", required_argument, NULL, OPT_MAP }, { "kconfig", required_argument, NULL, 'K' },
	{ 0 },
};

/* getopt's complaint, in our words. */
static int bad_option(int c, char **argv)
{
	const char *word = argv[optind - 1];

	if (c == ':')
		return usage_error(NULL, "%s needs an argument", word);
	if (optopt && word[0] == '-' && word[1] != '-')
		return usage_error(NULL, "unknown option '-%c'", optopt);
	return usage_error(NULL, "unknown option '%s'", word);
}

/* Options given that the command does not take: a usage error each. */
static int check_applies(const struct command *c, const int *given)
{
	for (; *given; given++) {
		const struct option_doc *d = find_doc(*given);

		const char *name = d ? strstr(d->spelling, "--") : NULL;

		if (d && !(d->cmds & c->id))
			return usage_error(c->name, "%.*s does not apply to %s",
					   (int)strcspn(name, " "), name, c->name);
	}
	return 0;
}

static int check_args(const struct command *c, int nargs, char **args, struct run_opts *o)
{
	if (c->id == CMD_HELP)
		return nargs > 1 ? usage_error("help", "help takes at most one command") : -1;
	if (!c->args && nargs)
		return usage_error(c->name, "%s takes no arguments", c->name);
	if (c->args && nargs == 0)
		return usage_error(c->name, "%s needs %s", c->name, c->args);
	if (nargs > 1)
		return usage_error(c->name, "%s takes one %s, not %d arguments", c->name, c->args,
				   nargs);
	if (c->args && !*args[0])
		return usage_error(c->name, "%s: %s is empty", c->name, c->args);
	if (o->pin_progs && !o->pin_dir)
		return usage_error(c->name, "--pin-progs needs --pin DIR");
	if (o->maps && o->no_maps)
		return usage_error(c->name, "--maps and --no-maps together say two things");
	return -1;
}

int parse_command_line(int argc, char **argv, struct run_opts *o)
{
	int given[64];
	size_t ngiven = 0;
	int c, want_help = 0, err;
	const struct command *cmd;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vd:p:s:je:P:i:b:B:K:hVtm:", long_opts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return bad_option(c, argv);
		if (c == 'V')
			return version();
		want_help |= c == 'h';
		if (ngiven < sizeof(given) - 1)
			given[ngiven++] = c;
		if ((err = one_option(c, optarg, o)))
			return err;
	}
	given[ngiven] = 0;
	if (optind == argc)
		return want_help ? help(NULL) : usage_error(NULL, "no command given");
	if (!(cmd = find_command(argv[optind])))
		return usage_error(NULL, "unknown command '%s'", argv[optind]);
	if (want_help)
		return help(cmd->id == CMD_HELP ? NULL : cmd);
	if ((err = check_args(cmd, argc - optind - 1, argv + optind + 1, o)) >= 0 ||
	    (err = check_applies(cmd, given)))
		return err;
	o->cmd = cmd->id;
	o->arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (cmd->id == CMD_HELP && o->arg) {
		if (!(cmd = find_command(o->arg)))
			return usage_error(NULL, "help: unknown command '%s'", o->arg);
		return help(cmd);
	}
	return cmd->id == CMD_HELP ? help(NULL) : -1;
}
