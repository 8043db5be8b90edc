# The capture reader's libFuzzer target, in the shared set-up (tests/fuzz.mk): `make
# fuzzers` builds tests/fuzz/fuzz_capture, `tests/fuzz/run.sh SECONDS capture` runs it on
# tests/fuzz/corpus/capture. It needs libpcap and the whole library (the outputs call into
# it), so it links the library sources directly. `make check` replays the corpus through
# the same entry point with the normal compiler, under sanitizers and valgrind alike.
if HAVE_PCAP
check_PROGRAMS += tests/fuzz/capture_replay
TESTS += tests/fuzz/capture_replay
tests_fuzz_capture_replay_SOURCES = tests/fuzz/capture_replay.c tests/fuzz/fuzz_init.c tests/fuzz/fuzz_capture.c
tests_fuzz_capture_replay_CFLAGS = $(AM_CFLAGS) -DCORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/capture"'
tests_fuzz_capture_replay_LDADD = $(PLUGIN_COMMON_LIBS)

if ENABLE_FUZZERS
CLEANFILES += tests/fuzz/fuzz_capture

# tests/fuzz.mk owns the fuzzers rule; a second one spelled out would be an automake
# redefinition, so the extra prerequisite goes through a name automake does not parse.
FUZZ_CAPTURE_HOOK = fuzzers
$(FUZZ_CAPTURE_HOOK): tests/fuzz/fuzz_capture

tests/fuzz/fuzz_capture: tests/fuzz/fuzz_capture.c tests/fuzz/fuzz_init.c $(plugin_common_libplugin_common_a_SOURCES)
	$(AM_V_CCLD)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PCAP_CFLAGS) -o $@ \
	  $(srcdir)/tests/fuzz/fuzz_capture.c $(srcdir)/tests/fuzz/fuzz_init.c \
	  $(addprefix $(srcdir)/,$(filter %.c,$(plugin_common_libplugin_common_a_SOURCES))) \
	  $(GLIB_LIBS) $(PCAP_LIBS) -lanl -lm
endif
endif
