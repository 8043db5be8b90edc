# The capture reader's libFuzzer target. Standalone until the shared tests/fuzz set-up
# (--enable-fuzzers) lands: `make fuzz-capture` builds it with clang, and `make check`
# replays its corpus through the same entry point with the normal compiler.
if HAVE_PCAP
check_PROGRAMS += tests/fuzz/capture_replay
TESTS += tests/fuzz/capture_replay
tests_fuzz_capture_replay_SOURCES = tests/fuzz/capture_replay.c tests/fuzz/fuzz_capture.c
tests_fuzz_capture_replay_CFLAGS = $(AM_CFLAGS) -DCORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/capture"'
tests_fuzz_capture_replay_LDADD = $(PLUGIN_COMMON_LIBS)

FUZZ_CAPTURE_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined $(DEFS) -D_GNU_SOURCE \
	-iquote $(srcdir)/plugin_common $(GLIB_CFLAGS) $(PCAP_CFLAGS)
fuzz-capture:
	clang $(FUZZ_CAPTURE_FLAGS) -o tests/fuzz/fuzz_capture $(srcdir)/tests/fuzz/fuzz_capture.c \
	  $(addprefix $(srcdir)/,$(filter %.c,$(plugin_common_libplugin_common_a_SOURCES))) \
	  $(GLIB_LIBS) $(PCAP_LIBS) -lanl -lm
	@echo "run: tests/fuzz/fuzz_capture -max_total_time=60 $(srcdir)/tests/fuzz/corpus/capture"
CLEANFILES += tests/fuzz/fuzz_capture
endif
EXTRA_DIST += tests/fuzz/corpus/capture
