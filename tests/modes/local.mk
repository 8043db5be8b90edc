# SPDX-License-Identifier: GPL-3.0-or-later
MODES_TESTS = tests/modes/test_checks tests/modes/test_config_file
check_PROGRAMS += $(MODES_TESTS)
TESTS += $(MODES_TESTS)
tests_modes_test_checks_CFLAGS = $(TEST_CFLAGS)
tests_modes_test_checks_LDADD = $(TEST_LIBS)
tests_modes_test_config_file_CFLAGS = $(TEST_CFLAGS)
tests_modes_test_config_file_LDADD = $(TEST_LIBS)
if HAVE_PCAP
check_PROGRAMS += tests/modes/test_capture
TESTS += tests/modes/test_capture
tests_modes_test_capture_CFLAGS = $(TEST_CFLAGS)
tests_modes_test_capture_LDADD = $(TEST_LIBS)
endif
EXTRA_DIST += tests/modes/test_capture.c
