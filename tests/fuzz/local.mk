# SPDX-License-Identifier: GPL-3.0-or-later
# libFuzzer targets (configure --enable-fuzzers; make fuzzers; tests/fuzz/run.sh SECONDS):
# one per dissector plus one for cc_range_parse, built by clang from one source with ASan
# and UBSan over the sources they need, compiled once with fuzzer instrumentation; and the
# targets for what check_conn reads (captures, config files, /proc), which call deep into
# the library and compile its sources directly. `make check` replays the capture and
# config corpora through the same entry points with the normal compiler.
FUZZ_TARGETS = \
	tests/fuzz/fuzz_http tests/fuzz/fuzz_websocket tests/fuzz/fuzz_tls tests/fuzz/fuzz_http2 \
	tests/fuzz/fuzz_ssh tests/fuzz/fuzz_smtp tests/fuzz/fuzz_ftp tests/fuzz/fuzz_pop3 \
	tests/fuzz/fuzz_imap tests/fuzz/fuzz_redis tests/fuzz/fuzz_mysql tests/fuzz/fuzz_postgresql \
	tests/fuzz/fuzz_mqtt tests/fuzz/fuzz_memcached tests/fuzz/fuzz_amqp tests/fuzz/fuzz_range
# The dissectors and what they stand on: the two lowest layers.
FUZZ_LIB_FILES = $(BASE_SOURCES) $(MODEL_SOURCES) $(DISSECT_SOURCES)
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -include $(abs_top_builddir)/config.h -D_GNU_SOURCE \
	-I$(abs_top_srcdir)/plugin_common -I$(abs_top_srcdir) $(GLIB_CFLAGS) $(JSON_GLIB_CFLAGS)

EXTRA_DIST += tests/fuzz/fuzz_target.c tests/fuzz/fuzz_init.c tests/fuzz/fuzz_inputs.c \
	tests/fuzz/fuzz_capture.c tests/fuzz/capture_replay.c tests/fuzz/run.sh \
	tests/fuzz/README.md tests/fuzz/corpus

check_PROGRAMS += tests/fuzz/config_replay
TESTS += tests/fuzz/config_replay
tests_fuzz_config_replay_SOURCES = tests/fuzz/capture_replay.c tests/fuzz/fuzz_init.c tests/fuzz/fuzz_inputs.c
tests_fuzz_config_replay_CFLAGS = $(AM_CFLAGS) -DFUZZ_CONFIG \
	-DCORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/config"'
tests_fuzz_config_replay_LDADD = $(PLUGIN_COMMON_LIBS)
check_PROGRAMS += tests/fuzz/nft_replay
TESTS += tests/fuzz/nft_replay
tests_fuzz_nft_replay_SOURCES = tests/fuzz/capture_replay.c tests/fuzz/fuzz_init.c tests/fuzz/fuzz_inputs.c
tests_fuzz_nft_replay_CFLAGS = $(AM_CFLAGS) -DFUZZ_NFT \
	-DCORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/nft"'
tests_fuzz_nft_replay_LDADD = $(PLUGIN_COMMON_LIBS)
if HAVE_PCAP
check_PROGRAMS += tests/fuzz/capture_replay
TESTS += tests/fuzz/capture_replay
tests_fuzz_capture_replay_SOURCES = tests/fuzz/capture_replay.c tests/fuzz/fuzz_init.c tests/fuzz/fuzz_capture.c
tests_fuzz_capture_replay_CFLAGS = $(AM_CFLAGS) -DCORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/corpus/capture"'
tests_fuzz_capture_replay_LDADD = $(PLUGIN_COMMON_LIBS)
endif

FUZZ_INPUT_TARGETS = tests/fuzz/fuzz_config tests/fuzz/fuzz_proc tests/fuzz/fuzz_nft
CLEANFILES += $(FUZZ_TARGETS) $(FUZZ_INPUT_TARGETS) tests/fuzz/fuzz_capture \
	tests/fuzz/libfuzz.a tests/fuzz/obj/*.o

if ENABLE_FUZZERS
if HAVE_PCAP
FUZZ_CAPTURE_TARGET = tests/fuzz/fuzz_capture
endif
fuzzers: $(FUZZ_TARGETS) $(FUZZ_INPUT_TARGETS) $(FUZZ_CAPTURE_TARGET)

# Compiled one by one into tests/fuzz/obj: the .c files have distinct base names.
tests/fuzz/libfuzz.a: $(FUZZ_LIB_FILES)
	$(AM_V_GEN)rm -rf tests/fuzz/obj && $(MKDIR_P) tests/fuzz/obj && \
	for f in $(FUZZ_LIB_FILES); do \
	  case $$f in *.c) $(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -c $(abs_top_srcdir)/$$f -o tests/fuzz/obj/`basename $$f .c`.o || exit 1;; esac; \
	done && rm -f $@ && $(AR) cr $@ tests/fuzz/obj/*.o && $(RANLIB) $@

$(FUZZ_TARGETS): tests/fuzz/fuzz_target.c tests/fuzz/fuzz_init.c tests/fuzz/libfuzz.a
	$(AM_V_CCLD)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_TARGET='"'`basename $@`'"' \
	  $(srcdir)/tests/fuzz/fuzz_target.c $(srcdir)/tests/fuzz/fuzz_init.c tests/fuzz/libfuzz.a $(GLIB_LIBS) -o $@

tests/fuzz/fuzz_capture: tests/fuzz/fuzz_capture.c tests/fuzz/fuzz_init.c $(plugin_common_libplugin_common_a_SOURCES)
	$(AM_V_CCLD)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PCAP_CFLAGS) -o $@ \
	  $(srcdir)/tests/fuzz/fuzz_capture.c $(srcdir)/tests/fuzz/fuzz_init.c \
	  $(addprefix $(srcdir)/,$(filter %.c,$(plugin_common_libplugin_common_a_SOURCES))) $(GLIB_LIBS) $(PCAP_LIBS) -lanl -lm -ldl

$(FUZZ_INPUT_TARGETS): tests/fuzz/fuzz_inputs.c tests/fuzz/fuzz_init.c $(plugin_common_libplugin_common_a_SOURCES)
	$(AM_V_CCLD)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PCAP_CFLAGS) \
	  -DFUZZ_`basename $@ | sed 's/^fuzz_//' | tr a-z A-Z` -o $@ \
	  $(srcdir)/tests/fuzz/fuzz_inputs.c $(srcdir)/tests/fuzz/fuzz_init.c \
	  $(addprefix $(srcdir)/,$(filter %.c,$(plugin_common_libplugin_common_a_SOURCES))) $(GLIB_LIBS) $(PCAP_LIBS) -lanl -lm -ldl
else
fuzzers:
	@echo "fuzzers are off: configure --enable-fuzzers (needs clang and libclang-rt-14-dev)"; exit 1
endif

.PHONY: fuzzers
