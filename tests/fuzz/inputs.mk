# libFuzzer targets for the files check_conn reads: the config loader (fuzz_config) and the
# /proc readers (fuzz_proc), in the shared set-up of tests/fuzz.mk. They call deep into the
# library, so, like fuzz_capture, they compile its sources directly.
EXTRA_DIST += tests/fuzz/fuzz_inputs.c

# `make check` replays the config corpus (regressions found by fuzzing included).
check_PROGRAMS += tests/fuzz/config_replay
TESTS += tests/fuzz/config_replay
tests_fuzz_config_replay_SOURCES = tests/fuzz/capture_replay.c tests/fuzz/fuzz_init.c tests/fuzz/fuzz_inputs.c
tests_fuzz_config_replay_CFLAGS = $(AM_CFLAGS) -DFUZZ_CONFIG \
	-DCORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/config"'
tests_fuzz_config_replay_LDADD = $(PLUGIN_COMMON_LIBS)
if ENABLE_FUZZERS
FUZZ_INPUT_TARGETS = tests/fuzz/fuzz_config tests/fuzz/fuzz_proc
CLEANFILES += $(FUZZ_INPUT_TARGETS)

# tests/fuzz.mk owns the fuzzers rule: the extra prerequisites go through a name automake
# does not parse.
FUZZ_INPUTS_HOOK = fuzzers
$(FUZZ_INPUTS_HOOK): $(FUZZ_INPUT_TARGETS)

$(FUZZ_INPUT_TARGETS): tests/fuzz/fuzz_inputs.c tests/fuzz/fuzz_init.c $(plugin_common_libplugin_common_a_SOURCES)
	$(AM_V_CCLD)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PCAP_CFLAGS) \
	  -DFUZZ_`basename $@ | sed 's/^fuzz_//' | tr a-z A-Z` -o $@ \
	  $(srcdir)/tests/fuzz/fuzz_inputs.c $(srcdir)/tests/fuzz/fuzz_init.c \
	  $(addprefix $(srcdir)/,$(filter %.c,$(plugin_common_libplugin_common_a_SOURCES))) \
	  $(GLIB_LIBS) $(PCAP_LIBS) -lanl -lm
endif
