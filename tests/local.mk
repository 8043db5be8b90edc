TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
TEST_LIBS = $(PLUGIN_COMMON_LIBS) $(CHECK_LIBS)

# Integration scripts find the binaries through these.
AM_TESTS_ENVIRONMENT = top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)'; export top_builddir top_srcdir;

UNIT_TESTS = tests/unit/test_thresholds tests/unit/test_output tests/unit/test_causes \
	tests/unit/test_options
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_test_thresholds_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_thresholds_LDADD = $(TEST_LIBS)
tests_unit_test_output_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_output_LDADD = $(TEST_LIBS)
tests_unit_test_causes_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_causes_LDADD = $(TEST_LIBS)
tests_unit_test_options_SOURCES = tests/unit/test_options.c check_conn/options.c
tests_unit_test_options_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_options_LDADD = $(TEST_LIBS)

foundation_tests = tests/foundation/connect.sh tests/foundation/bad_input.sh \
	tests/foundation/dns.sh tests/foundation/timeout.sh
TESTS += $(foundation_tests)
EXTRA_DIST += tests/lib.sh $(foundation_tests)
EXTRA_DIST += tests/valgrind.supp

# The whole suite with every test program and every check_conn run under memcheck.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--suppressions=$(abs_top_srcdir)/tests/valgrind.supp
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check CK_FORK=no LOG_COMPILER="$(VALGRIND)" \
		CHECK_CONN_WRAPPER="$(VALGRIND)"
.PHONY: check-valgrind
