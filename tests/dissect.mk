# Dissector unit tests (Check) over fixtures recorded from real servers, and the probe
# dumper used to record them (tests/dissect/record.sh).
check_PROGRAMS += tests/dissect/probe-dump
tests_dissect_probe_dump_SOURCES = tests/dissect/probe-dump.c
tests_dissect_probe_dump_CFLAGS = $(AM_CFLAGS)
tests_dissect_probe_dump_LDADD = $(PLUGIN_COMMON_LIBS)

# -iquote, not -I: plugin_common/check.h would otherwise hide Check's <check.h>.
DISSECT_TEST_CPPFLAGS = -D_GNU_SOURCE -iquote $(srcdir)/plugin_common
DISSECT_TEST_CFLAGS = $(TEST_CFLAGS) -DFIXTURE_DIR='"$(abs_top_srcdir)/tests/dissect/fixtures"'
DISSECT_TEST_SOURCES = tests/dissect/fixture.c tests/dissect/fixture.h
DISSECT_TESTS = \
	tests/dissect/test_dissect_web \
	tests/dissect/test_dissect_banner \
	tests/dissect/test_dissect_data \
	tests/dissect/test_dissect_registry
check_PROGRAMS += $(DISSECT_TESTS)
TESTS += $(DISSECT_TESTS)

tests_dissect_test_dissect_web_SOURCES = tests/dissect/test_dissect_web.c $(DISSECT_TEST_SOURCES)
tests_dissect_test_dissect_web_CPPFLAGS = $(DISSECT_TEST_CPPFLAGS)
tests_dissect_test_dissect_web_CFLAGS = $(DISSECT_TEST_CFLAGS)
tests_dissect_test_dissect_web_LDADD = $(TEST_LIBS)
tests_dissect_test_dissect_banner_SOURCES = tests/dissect/test_dissect_banner.c $(DISSECT_TEST_SOURCES)
tests_dissect_test_dissect_banner_CPPFLAGS = $(DISSECT_TEST_CPPFLAGS)
tests_dissect_test_dissect_banner_CFLAGS = $(DISSECT_TEST_CFLAGS)
tests_dissect_test_dissect_banner_LDADD = $(TEST_LIBS)
tests_dissect_test_dissect_data_SOURCES = tests/dissect/test_dissect_data.c $(DISSECT_TEST_SOURCES)
tests_dissect_test_dissect_data_CPPFLAGS = $(DISSECT_TEST_CPPFLAGS)
tests_dissect_test_dissect_data_CFLAGS = $(DISSECT_TEST_CFLAGS)
tests_dissect_test_dissect_data_LDADD = $(TEST_LIBS)
tests_dissect_test_dissect_registry_SOURCES = tests/dissect/test_dissect_registry.c $(DISSECT_TEST_SOURCES)
tests_dissect_test_dissect_registry_CPPFLAGS = $(DISSECT_TEST_CPPFLAGS)
tests_dissect_test_dissect_registry_CFLAGS = $(DISSECT_TEST_CFLAGS) -DEXPECTED_DISSECTORS=15
tests_dissect_test_dissect_registry_LDADD = $(TEST_LIBS)

EXTRA_DIST += tests/dissect/record.sh tests/dissect/README.md tests/dissect/fixtures
