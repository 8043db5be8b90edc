# libFuzzer targets (configure --enable-fuzzers; make fuzzers; tests/fuzz/run.sh SECONDS):
# one per dissector plus one for cc_range_parse, all built by clang from one source with
# ASan and UBSan, over the library sources compiled once with fuzzer instrumentation.
FUZZ_TARGETS = \
	tests/fuzz/fuzz_http tests/fuzz/fuzz_websocket tests/fuzz/fuzz_tls tests/fuzz/fuzz_http2 \
	tests/fuzz/fuzz_ssh tests/fuzz/fuzz_smtp tests/fuzz/fuzz_ftp tests/fuzz/fuzz_pop3 \
	tests/fuzz/fuzz_imap tests/fuzz/fuzz_redis tests/fuzz/fuzz_mysql tests/fuzz/fuzz_postgresql \
	tests/fuzz/fuzz_mqtt tests/fuzz/fuzz_memcached tests/fuzz/fuzz_amqp tests/fuzz/fuzz_range
FUZZ_LIB_FILES = $(DISSECT_SOURCES) plugin_common/thresholds.c
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined $(DEFS) -D_GNU_SOURCE \
	-I$(abs_top_srcdir)/plugin_common $(GLIB_CFLAGS)

EXTRA_DIST += tests/fuzz/fuzz_target.c tests/fuzz/fuzz_init.c tests/fuzz/run.sh tests/fuzz/corpus
CLEANFILES += $(FUZZ_TARGETS) tests/fuzz/libfuzz.a tests/fuzz/obj/*.o

if ENABLE_FUZZERS
fuzzers: $(FUZZ_TARGETS)

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
else
fuzzers:
	@echo "fuzzers are off: configure --enable-fuzzers (needs clang and libclang-rt-14-dev)"; exit 1
endif

.PHONY: fuzzers
