# SPDX-License-Identifier: GPL-3.0-or-later
RENDER_TESTS = tests/render/test_nagios tests/render/test_audit tests/render/test_openmetrics \
	tests/render/test_icinga
check_PROGRAMS += $(RENDER_TESTS)
TESTS += $(RENDER_TESTS)
tests_render_test_nagios_CFLAGS = $(TEST_CFLAGS)
tests_render_test_nagios_LDADD = $(TEST_LIBS)
tests_render_test_audit_SOURCES = tests/render/test_audit.c tests/render/bulk_fixture.c \
	tests/render/bulk_fixture.h
tests_render_test_audit_CFLAGS = $(TEST_CFLAGS)
tests_render_test_audit_LDADD = $(TEST_LIBS)
tests_render_test_openmetrics_CFLAGS = $(TEST_CFLAGS)
tests_render_test_openmetrics_LDADD = $(TEST_LIBS)
tests_render_test_icinga_SOURCES = tests/render/test_icinga.c tests/render/bulk_fixture.c \
	tests/render/bulk_fixture.h
tests_render_test_icinga_CFLAGS = $(TEST_CFLAGS)
tests_render_test_icinga_LDADD = $(TEST_LIBS)
# One escaping in every output: a hostile server's reply, live, in bulk and captured.
TESTS += tests/render/escaping.sh
EXTRA_DIST += tests/render/escaping.sh
# One --format in every mode: JSON, CSV and OpenMetrics (promtool) agree.
TESTS += tests/render/formats.sh
EXTRA_DIST += tests/render/formats.sh
# The OpenMetrics files as node_exporter's textfile collector reads them.
TESTS += tests/render/textfile_collector.sh
EXTRA_DIST += tests/render/textfile_collector.sh
