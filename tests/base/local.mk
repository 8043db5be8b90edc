# SPDX-License-Identifier: GPL-3.0-or-later
check_PROGRAMS += tests/base/test_timer_heap
TESTS += tests/base/test_timer_heap
tests_base_test_timer_heap_CFLAGS = $(TEST_CFLAGS)
tests_base_test_timer_heap_LDADD = $(TEST_LIBS)
