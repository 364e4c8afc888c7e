# The reader benchmark (issue 5): barebpf's perf ring and ring buffer readers
# against libbpf's perf_buffer and ring_buffer. Included by the top Makefile,
# whose variables (B, LIB_OBJS, CC, CFLAGS, CPPFLAGS, CLANG, BPF_CFLAGS, ...)
# it uses. libbpf is linked here only, as the peer we measure against;
# barebpf itself never links it.
#
#   make bench                 install libbpf-dev if missing, build, run
#   make bench BENCH_ARGS='--events 500000 --runs 3'
#   make bench-accounting      produced == delivered + lost on small rings (PASS/FAIL/SKIP)
#   make bench-bin             build only: $(B)/bench/bench, $(B)/bench/producer.bpf.o

BENCH_SRCS := bench/bench.c bench/peer_barebpf.c bench/peer_libbpf.c
BENCH_OBJS := $(BENCH_SRCS:%.c=$(B)/%.o)
BENCH_BIN := $(B)/bench/bench
BENCH_BPF := $(B)/bench/producer.bpf.o
LIBBPF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libbpf 2>/dev/null)
LIBBPF_LIBS := $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf)
BENCH_ARGS ?=

.PHONY: bench bench-bin bench-accounting

$(B)/bench/%.o: bench/%.c bench/bench.h
	$(msg) CC $<
	@mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(ELF_CFLAGS) $(LIBBPF_CFLAGS) -MMD -MP -c $< -o $@

$(BENCH_BIN): $(BENCH_OBJS) $(LIB_OBJS)
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
	$(Q)$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) bench-bin
	$(Q)$(BENCH_BIN) $(BENCH_ARGS) $(BENCH_BPF)

bench-accounting:
	$(Q)$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) bench-bin
	$(Q)sh bench/accounting.sh
