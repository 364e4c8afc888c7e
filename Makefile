# barebpf: one non-recursive Makefile. `make V=1` shows the commands.

HOST_ARCH := $(shell uname -m | sed -e s/aarch64/arm64/)
ARCH ?= $(HOST_ARCH)
ifneq ($(ARCH),$(HOST_ARCH))
ifeq ($(ARCH),arm64)
CROSS_COMPILE ?= aarch64-linux-gnu-
endif
endif
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
TRIPLET_x86_64 := x86_64-linux-gnu
TRIPLET_arm64 := aarch64-linux-gnu
ifneq ($(CROSS_COMPILE),)
# Debian multiarch: the target's libelf.pc and libraries live under /usr/lib/TRIPLET.
PKG_CONFIG ?= PKG_CONFIG_LIBDIR=/usr/lib/$(TRIPLET_$(ARCH))/pkgconfig pkg-config
endif
PKG_CONFIG ?= pkg-config
CLANG ?= clang

# make static LIBC=musl: libelf and zlib from tools/musl-deps.sh (build/musl/ARCH).
LIBC ?= glibc
ifeq ($(LIBC),musl)
MUSL := build/musl/$(ARCH)
MUSL_CC_x86_64 := x86_64-linux-musl-gcc
MUSL_CC_arm64 := aarch64-linux-musl-gcc
ifneq ($(origin CC),command line)
CC := $(if $(filter $(ARCH),$(HOST_ARCH)),musl-gcc,$(MUSL_CC_$(ARCH)))
endif
# Size first: -Os, whole-program (LTO), unused sections dropped, no unwind
# tables; no RELRO segment, which on arm64 costs a 64 KiB alignment gap.
CFLAGS ?= -Os -flto=auto -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables \
	-fno-unwind-tables
LDFLAGS ?= -flto=auto -Wl,--gc-sections -Wl,-z,norelro -s
endif
CFLAGS ?= -O2 -g
override CFLAGS += -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -fvisibility=hidden
PREFIX ?= /usr/local
DESTDIR ?=
AR := $(CROSS_COMPILE)ar
OBJCOPY := $(CROSS_COMPILE)objcopy

# The layers, enforced by include paths: a directory sees only the headers
# it may use, so an include across a forbidden layer fails to build.
#   common/  log, strings, files     <- everyone
#   elf/     the ELF and BTF model   <- no system calls but reading the object
#   format/  values, histograms, listings as text
#   loader/  system calls, tracefs, attach, rings (with arch/)
#   cli/, bench/, embedders: include/barebpf.h only
INC_common := -Iinclude -Icommon
INC_elf := $(INC_common) -Ielf
INC_format := $(INC_elf) -Iformat
INC_loader := $(INC_elf) -Iloader -Iarch/$(ARCH)
INC_cli := -Iinclude -Icli
INC_bench := -Iinclude -Ibench
INC_tests := $(INC_loader) -Iformat -Itests/unit -Itests/fuzz -Icli
dir_inc = $(INC_$(firstword $(subst /, ,$(1))))
ELF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libelf 2>/dev/null)
# zlib: libelf's own dependency, used directly for /proc/config.gz.
ELF_LIBS := $(shell $(PKG_CONFIG) --libs libelf 2>/dev/null || echo -lelf) -lz
ELF_STATIC_LIBS := $(shell $(PKG_CONFIG) --static --libs libelf 2>/dev/null || echo -lelf -lz)
ifeq ($(LIBC),musl)
# -isystem: musl's <sys/ioctl.h> and the kernel's <asm-generic/ioctl.h> both
# define _IOC..; in a system header the redefinition is no -Werror error.
ELF_CFLAGS := -isystem $(MUSL)/include
ELF_LIBS := -L$(MUSL)/lib -lelf -lz
ELF_STATIC_LIBS := $(ELF_LIBS)
endif
# libdw (elfutils) reads event structs from DWARF when BTF lacks them; a
# build without it (the musl static one) compiles the feature out.
ifneq ($(LIBC),musl)
DW_OK := $(shell $(PKG_CONFIG) --exists libdw 2>/dev/null && echo yes)
endif
ifeq ($(DW_OK),yes)
ELF_CFLAGS += -DBAREBPF_HAVE_LIBDW $(shell $(PKG_CONFIG) --cflags libdw)
ELF_LIBS := $(shell $(PKG_CONFIG) --libs libdw) $(ELF_LIBS)
ELF_STATIC_LIBS := $(shell $(PKG_CONFIG) --static --libs libdw) $(ELF_STATIC_LIBS)
endif
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

BPF_ARCH_x86_64 := x86
BPF_ARCH_arm64 := arm64
# BPF objects only need <asm/types.h>, the same on every Linux architecture.
MULTIARCH := $(shell gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
BPF_CFLAGS := -g -O2 -Wall -target bpf -D__TARGET_ARCH_$(BPF_ARCH_$(ARCH)) \
	-Ibpf/include -I/usr/include/$(MULTIARCH)

ifeq ($(V),1)
Q :=
msg := @true
else
Q := @
msg := @printf '  %-6s %s\n'
endif

LIB_SRCS := \
	common/log.c common/escape.c common/sys.c common/file.c common/strbuf.c common/names.c common/helpers.c \
	elf/btf.c elf/section.c elf/maps.c elf/map_slots.c elf/object.c elf/view.c elf/reloc.c elf/symbol.c \
	elf/globals.c elf/externs.c elf/kconfig.c elf/usdt.c elf/btf_fixup.c elf/btf_sanitize.c elf/btf_ext.c elf/core.c elf/ext_info.c \
	elf/dwarf.c \
	format/format.c format/btf_dump.c format/hist.c format/disasm.c \
	loader/syscall.c loader/bpf.c loader/perf.c loader/tracefs.c loader/attach.c \
	loader/loader.c loader/map_access.c loader/probe.c loader/ksym.c loader/events.c \
	loader/btf_target.c loader/netlink.c loader/net_attach.c loader/extern_values.c \
	loader/libpath.c loader/usdt_attach.c loader/pins.c loader/kmod_btf.c loader/map_slots.c
CLI_SRCS := cli/main.c cli/show.c cli/opts.c cli/trace.c
UNIT_SRCS := tests/unit/unit.c tests/unit/dump_tests.c tests/unit/core_tests.c \
	tests/unit/extern_tests.c tests/unit/cli_tests.c cli/trace.c
EXAMPLES := hello opencount subprog legacy_maps multiprog unlink readline execsnoop \
	exitsnoop readlat fentry tp_btf iter_task lsm fmod_ret
FIXTURES := btf_kinds verifier_reject bad_tracepoint unknown_section bad_tp_name ksyscall \
	kprobe_missing kprobe_inject uprobe_missing uprobe_trigger dump_types verifier_biglog percpu varsize \
	kprobe_offset btf_missing net_tc net_tc_egress net_xdp net_xdp_drop net_socket net_cgroup net_sockmap \
	net_flow kconfig usdt usdt_inspect bad_pinning uprobe_lib fmod_ret_security net_xdp_drop_plain dwarf_event dwarf_twice net_ct net_fentry_module

B := build/$(ARCH)$(if $(filter musl,$(LIBC)),-musl)
SONAME := libbarebpf.so.0
LIBSO := $(B)/$(SONAME)
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
SAN_OBJS := $(LIB_SRCS:%.c=$(B)/san/%.o)
# CO-RE fixtures are built the libbpf way: vmlinux.h and libbpf-dev's headers.
CORE_FIXTURES := core_read core_btf core_exists core_unguarded ksym_percpu ksym_addr kfunc kfunc_missing kfunc_exists
# The system's include directories come last, as libbpf-bootstrap adds them
# (usdt.bpf.h includes <linux/errno.h>).
CORE_BPF_CFLAGS := -g -O2 -Wall -target bpf -D__TARGET_ARCH_$(BPF_ARCH_$(ARCH)) -I$(B)/core \
	-idirafter /usr/include/$(MULTIARCH)
# The eBPF tutorials' programs as users write them (tests/compat/README.md).
COMPAT_FIXTURES := unlink opensnoop bashreadline sigsnoop execsnoop exitsnoop runqlat fentry hardirqs lsm_connect ksyscall \
	usdt slots
BPF_OBJS := $(EXAMPLES:%=$(B)/bpf/%.bpf.o) $(FIXTURES:%=$(B)/bpf/%.bpf.o) \
	$(CORE_FIXTURES:%=$(B)/bpf/%.bpf.o) $(COMPAT_FIXTURES:%=$(B)/bpf/compat_%.bpf.o) \
	$(B)/bpf/embed.bpf.o

.PHONY: all static examples clean test check demo unit-bin vm-bin conformance install walkthrough
VERSION := $(shell sed -n 's/^\#define BAREBPF_VERSION "\(.*\)"/\1/p' include/barebpf.h)
ifeq ($(ARCH),$(HOST_ARCH))
BIN := barebpf
all: $(BIN) $(LIBBAREBPF) $(LIBSO) $(B)/barebpf.pc
else
BIN := $(B)/barebpf
all: $(B)/barebpf-static $(LIBBAREBPF) $(B)/barebpf.pc
endif

$(B)/%.o: %.c
	$(msg) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(call dir_inc,$<) $(CPPFLAGS) $(CFLAGS) $(ELF_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/%.o: %.c
	$(msg) CC-SAN $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(call dir_inc,$<) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) $(ELF_CFLAGS) -MMD -MP -c $< -o $@

# The archive holds one object whose hidden symbols are local, so it exports
# barebpf.h's calls alone, as the shared library does (an LTO build, musl's,
# keeps the objects: it only links the static binary).
LIBBAREBPF := $(B)/libbarebpf.a
ifeq ($(LIBC),musl)
$(LIBBAREBPF): $(LIB_OBJS)
	$(msg) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $^
else
$(LIBBAREBPF): $(LIB_OBJS)
	$(msg) AR $@
	$(Q)$(CC) -r -nostdlib $^ -o $(B)/libbarebpf.o && \
		$(OBJCOPY) --localize-hidden $(B)/libbarebpf.o && rm -f $@ && $(AR) rcs $@ $(B)/libbarebpf.o
endif

# libbarebpf.so: the same objects built position-independent, a SONAME
# that changes with the ABI, symbols versioned by include/barebpf.map.
PIC_OBJS := $(LIB_SRCS:%.c=$(B)/pic/%.o)
$(B)/pic/%.o: %.c
	$(msg) CC-PIC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(call dir_inc,$<) $(CPPFLAGS) $(CFLAGS) -fPIC $(ELF_CFLAGS) -MMD -MP -c $< -o $@
$(LIBSO): $(PIC_OBJS) include/barebpf.map
	$(msg) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=include/barebpf.map $(PIC_OBJS) $(ELF_LIBS) -o $@

# pkg-config file for a prefix: built by make, written again by install.
write_pc = printf '%s\n' 'prefix=$(1)' 'includedir=$${prefix}/include' \
	'libdir=$${prefix}/lib' '' 'Name: barebpf' \
	'Description: a small eBPF loader on raw system calls' 'Version: $(VERSION)' \
	'Requires: libelf zlib$(if $(filter yes,$(DW_OK)), libdw)' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lbarebpf' >$(2)
$(B)/barebpf.pc: Makefile include/barebpf.h
	$(msg) GEN $@
	@mkdir -p $(@D)
	$(Q)$(call write_pc,$(PREFIX),$@)

$(BIN): $(CLI_SRCS:%.c=$(B)/%.o) $(LIBBAREBPF)
	$(msg) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(ELF_LIBS) -o $@

static: $(B)/barebpf-static
ifeq ($(LIBC),musl)
$(MUSL)/lib/libelf.a: tools/musl-deps.sh
	$(msg) MUSL $(MUSL)
	$(Q)sh tools/musl-deps.sh $(ARCH)
$(LIB_OBJS) $(CLI_SRCS:%.c=$(B)/%.o): | $(MUSL)/lib/libelf.a
endif
$(B)/barebpf-static: $(CLI_SRCS:%.c=$(B)/%.o) $(LIBBAREBPF)
	$(msg) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -static $^ $(ELF_STATIC_LIBS) -o $@

install: $(BIN) $(LIBBAREBPF) $(LIBSO) $(B)/barebpf.pc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/include
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/barebpf
	install -m 644 $(LIBBAREBPF) $(DESTDIR)$(PREFIX)/lib/libbarebpf.a
	install -m 755 $(LIBSO) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libbarebpf.so
	install -m 644 include/barebpf.h $(DESTDIR)$(PREFIX)/include/barebpf.h
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 doc/barebpf.1 $(DESTDIR)$(PREFIX)/share/man/man1/barebpf.1
	install -m 644 doc/barebpf.bash-completion \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/barebpf
	$(call write_pc,$(PREFIX),$(DESTDIR)$(PREFIX)/lib/pkgconfig/barebpf.pc)

examples: $(BPF_OBJS)
$(B)/bpf/%.bpf.o: bpf/examples/%.bpf.c $(wildcard bpf/include/bpf/*.h)
	$(msg) CLANG $<
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@
$(B)/bpf/%.bpf.o: tests/bpf/%.bpf.c $(wildcard bpf/include/bpf/*.h)
	$(msg) CLANG $<
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(B)/core/vmlinux.h: tests/core/gen-vmlinux.sh
	$(msg) GEN $@
	$(Q)sh $< $@
$(B)/bpf/%.bpf.o: tests/core/%.bpf.c $(B)/core/vmlinux.h
	$(msg) CLANG $<
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(CORE_BPF_CFLAGS) -c $< -o $@

$(B)/bpf/embed.bpf.o: tests/embed/embed.bpf.c $(wildcard bpf/include/bpf/*.h)
	$(msg) CLANG $<
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(B)/bpf/compat_%.bpf.o: tests/compat/%.bpf.c tests/compat/compat.h $(B)/core/vmlinux.h
	$(msg) CLANG $<
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(CORE_BPF_CFLAGS) -c $< -o $@

$(B)/unit: $(UNIT_SRCS:%.c=$(B)/%.o) $(LIB_OBJS)
	$(msg) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(ELF_LIBS) -o $@
$(B)/unit-san: $(UNIT_SRCS:%.c=$(B)/san/%.o) $(SAN_OBJS)
	$(msg) LD $@
	$(Q)$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) $^ $(ELF_LIBS) -o $@
$(B)/trigger: tests/trigger.c
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -static $< -o $@
# The USDT target: <sys/sdt.h> probes, at -O0 so arguments live in memory too.
# <sys/sdt.h> (systemtap-sdt-dev) is the same on every architecture; Debian
# installs it under the host's triplet, so a cross build gets a copy.
SDT_H := $(firstword $(wildcard /usr/include/sys/sdt.h /usr/include/*/sys/sdt.h))
$(B)/usdt_target: tests/usdt_target.c tests/usdt_sema.c
	$(msg) CC $@
	@mkdir -p $(B)/sdt/sys && cp $(dir $(SDT_H))sdt*.h $(B)/sdt/sys/
	$(Q)$(CC) -O0 -g -idirafter $(B)/sdt $(LDFLAGS) -static $^ -o $@
$(B)/unit-static: $(UNIT_SRCS:%.c=$(B)/%.o) $(LIB_OBJS)
	$(msg) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -static $^ $(ELF_STATIC_LIBS) -o $@
$(B)/check_varsize: tests/check_varsize.c
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -static $< -o $@
$(B)/early_signal: tests/early_signal.c
	$(msg) CC $<
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@
# Reliability: many cycles in one process, through the public header only.
$(B)/cycles: tests/reliability/cycles.c include/barebpf.h $(LIBBAREBPF)
	$(msg) CC $<
	$(Q)$(CC) $(INC_cli) $(CFLAGS) $(LDFLAGS) $< $(LIBBAREBPF) $(ELF_LIBS) -o $@
unit-bin: $(B)/cycles $(B)/unit $(B)/unit-san $(B)/trigger $(B)/check_varsize $(B)/early_signal $(B)/usdt_target
# What the VM test bed puts in its initramfs.
vm-bin: $(B)/barebpf-static $(B)/unit-static $(B)/trigger $(B)/check_varsize $(B)/usdt_target \
	examples

# The set-up commands: each installs the Debian packages it needs first.
test:
	$(Q)sh tests/deps.sh
	$(Q)sh tests/deps.sh --arm64
	$(Q)$(MAKE) --no-print-directory check
check: all examples static unit-bin vm-bin bench-bin
	$(Q)$(MAKE) --no-print-directory ARCH=arm64 vm-bin
	$(Q)$(MAKE) --no-print-directory LIBC=musl static || echo "check: no musl build (see tools/README.md)"
	$(Q)$(MAKE) --no-print-directory ARCH=arm64 LIBC=musl static || echo "check: no arm64 musl build"
	$(Q)T='$(T)' sh tests/run.sh

demo:
	$(Q)sh tests/deps.sh
	$(Q)$(MAKE) --no-print-directory all examples
	$(Q)sh tests/demo.sh

# docs/walkthrough.md from a real -vv run of the hello example.
walkthrough: all examples unit-bin
	$(Q)sh tests/walkthrough.sh

# The kernel's selftests and bcc's libbpf-tools loaded by barebpf and by
# libbpf 1.1 and 1.5: tests/conformance/RESULTS.md (tests/conformance/README.md).
# The first run downloads and builds for about 20 minutes, later ones only load.
conformance: all examples
	$(Q)sh tests/conformance/run.sh && sh tests/conformance/report.sh

clean:
	rm -rf build barebpf

-include $(shell find build -name '*.d' 2>/dev/null)

# The reader benchmark: barebpf's perf ring and ring buffer readers against
# libbpf's perf_buffer and ring_buffer. libbpf is linked here only, as the
# peer we measure against; barebpf itself never links it.
#   make bench                 install libbpf-dev if missing, build, run
#   make bench BENCH_ARGS='--events 500000 --runs 3'
#   make bench-accounting      produced == delivered + lost on small rings
BENCH_SRCS := bench/bench.c bench/peer_barebpf.c bench/peer_libbpf.c bench/load.c
BENCH_OBJS := $(BENCH_SRCS:%.c=$(B)/%.o)
BENCH_BIN := $(B)/bench/bench
BENCH_BPF := $(B)/bench/producer.bpf.o
LIBBPF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbpf 2>/dev/null)
LIBBPF_LIBS := $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf)
BENCH_ARGS ?=

.PHONY: bench bench-bin bench-accounting size soak

$(B)/bench/%.o: bench/%.c bench/bench.h
	$(msg) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(INC_bench) $(CPPFLAGS) $(CFLAGS) $(LIBBPF_CFLAGS) -MMD -MP -c $< -o $@

$(BENCH_BIN): $(BENCH_OBJS) $(LIBBAREBPF)
	$(msg) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIBBPF_LIBS) $(ELF_LIBS) -lpthread -o $@

$(BENCH_BPF): bench/producer.bpf.c $(wildcard bpf/include/bpf/*.h)
	$(msg) CLANG $<
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -Wextra -Werror -c $< -o $@

ifeq ($(ARCH),$(HOST_ARCH))
bench-bin: $(BENCH_BIN) $(BENCH_BPF)
else
bench-bin:
	@echo "bench: runs on the machine it is built on; ARCH=$(ARCH) is not this host" >&2; exit 1
endif

bench:
	$(Q)sh tests/deps.sh
	$(Q)$(MAKE) --no-print-directory bench-bin
	$(Q)$(MAKE) --no-print-directory all examples
	$(Q)$(BENCH_BIN) --barebpf ./$(BIN) --core-obj $(B)/bpf/compat_execsnoop.bpf.o \
		--plain-obj $(B)/bpf/hello.bpf.o $(BENCH_ARGS) $(BENCH_BPF)

# make soak SECONDS=600: a long steady load, accounted exactly.
SECONDS ?= 600
soak: all examples unit-bin
	$(Q)sh tests/soak.sh $(SECONDS)

# make size: binary sizes and peak memory against libbpf and bpftool.
size: all examples static
	$(Q)sh tests/deps.sh
	$(Q)$(MAKE) --no-print-directory LIBC=musl static
	$(Q)sh bench/size.sh

bench-accounting:
	$(Q)$(MAKE) --no-print-directory bench-bin
	$(Q)sh bench/accounting.sh

# For tests/layers.sh: the include paths a directory is built with.
print-inc-%:
	@echo $(INC_$*)

# Fuzz targets (libFuzzer; clang and libclang-rt-dev): one per input barebpf
# parses from outside (tests/fuzz/README.md).
#   make fuzz FUZZ_SECONDS=60   every target that long; fails on any crash,
#                               leak, timeout or OOM; corpora in build/fuzz/
FUZZ_TARGETS := object btf symbol rings tracefs
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -g -O1 -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE $(FUZZ_SAN)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(B)/fuzz/%.o)
FUZZ_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
.PHONY: fuzz fuzz-bin

$(B)/fuzz/%.o: %.c
	$(msg) CC-FUZZ $<
	@mkdir -p $(@D)
	$(Q)$(CLANG) $(call dir_inc,$<) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		$(ELF_CFLAGS) -MMD -MP -c $< -o $@
$(B)/fuzz/fuzz_%: $(B)/fuzz/tests/fuzz/fuzz_%.o $(B)/fuzz/tests/fuzz/target_btf.o $(FUZZ_LIB_OBJS)
	$(msg) LD $@
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ $(ELF_LIBS) -o $@
fuzz-bin: $(FUZZ_BINS)
fuzz: fuzz-bin examples
	$(Q)sh tests/fuzz/run.sh $(FUZZ_SECONDS)
