# SPDX-License-Identifier: GPL-3.0-or-later
RENDER_TESTS = tests/render/test_nagios tests/render/test_audit tests/render/test_icinga
check_PROGRAMS += $(RENDER_TESTS)
TESTS += $(RENDER_TESTS)
tests_render_test_nagios_CFLAGS = $(TEST_CFLAGS)
tests_render_test_nagios_LDADD = $(TEST_LIBS)
tests_render_test_audit_CFLAGS = $(TEST_CFLAGS)
tests_render_test_audit_LDADD = $(TEST_LIBS)
tests_render_test_icinga_CFLAGS = $(TEST_CFLAGS)
tests_render_test_icinga_LDADD = $(TEST_LIBS)
# One escaping in every output: a hostile server's reply, live, in bulk and captured.
TESTS += tests/render/escaping.sh
EXTRA_DIST += tests/render/escaping.sh
