# SPDX-License-Identifier: GPL-3.0-or-later
# Dissector suites over fixtures recorded from real servers, and the probe dumper that
# records them (record.sh).
check_PROGRAMS += tests/knowledge/dissect/probe-dump
tests_knowledge_dissect_probe_dump_SOURCES = tests/knowledge/dissect/probe-dump.c
tests_knowledge_dissect_probe_dump_LDADD = $(PLUGIN_COMMON_LIBS)

DISSECT_TEST_CFLAGS = $(TEST_CFLAGS) \
	-DFIXTURE_DIR='"$(abs_top_srcdir)/tests/knowledge/dissect/fixtures"'
DISSECT_TEST_SOURCES = tests/knowledge/dissect/fixture.c tests/knowledge/dissect/fixture.h
DISSECT_TESTS = \
	tests/knowledge/dissect/test_dissect_web \
	tests/knowledge/dissect/test_dissect_banner \
	tests/knowledge/dissect/test_dissect_data \
	tests/knowledge/dissect/test_dissect_registry
check_PROGRAMS += $(DISSECT_TESTS)
TESTS += $(DISSECT_TESTS)

tests_knowledge_dissect_test_dissect_web_SOURCES = tests/knowledge/dissect/test_dissect_web.c $(DISSECT_TEST_SOURCES)
tests_knowledge_dissect_test_dissect_web_CFLAGS = $(DISSECT_TEST_CFLAGS)
tests_knowledge_dissect_test_dissect_web_LDADD = $(TEST_LIBS)
tests_knowledge_dissect_test_dissect_banner_SOURCES = tests/knowledge/dissect/test_dissect_banner.c $(DISSECT_TEST_SOURCES)
tests_knowledge_dissect_test_dissect_banner_CFLAGS = $(DISSECT_TEST_CFLAGS)
tests_knowledge_dissect_test_dissect_banner_LDADD = $(TEST_LIBS)
tests_knowledge_dissect_test_dissect_data_SOURCES = tests/knowledge/dissect/test_dissect_data.c $(DISSECT_TEST_SOURCES)
tests_knowledge_dissect_test_dissect_data_CFLAGS = $(DISSECT_TEST_CFLAGS)
tests_knowledge_dissect_test_dissect_data_LDADD = $(TEST_LIBS)
tests_knowledge_dissect_test_dissect_registry_SOURCES = tests/knowledge/dissect/test_dissect_registry.c $(DISSECT_TEST_SOURCES)
tests_knowledge_dissect_test_dissect_registry_CFLAGS = $(DISSECT_TEST_CFLAGS) -DEXPECTED_DISSECTORS=15
tests_knowledge_dissect_test_dissect_registry_LDADD = $(TEST_LIBS)

EXTRA_DIST += tests/knowledge/dissect/record.sh tests/knowledge/dissect/README.md \
	tests/knowledge/dissect/fixtures
check_PROGRAMS += tests/knowledge/dissect/test_http_answer
TESTS += tests/knowledge/dissect/test_http_answer
tests_knowledge_dissect_test_http_answer_CFLAGS = $(TEST_CFLAGS)
tests_knowledge_dissect_test_http_answer_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/knowledge/dissect/test_tls_handshake
TESTS += tests/knowledge/dissect/test_tls_handshake
tests_knowledge_dissect_test_tls_handshake_CFLAGS = $(TEST_CFLAGS)
tests_knowledge_dissect_test_tls_handshake_LDADD = $(TEST_LIBS)
