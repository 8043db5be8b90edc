# SPDX-License-Identifier: GPL-3.0-or-later
# The conversation's state machine over socket pairs.
check_PROGRAMS += tests/net/test_exchange
TESTS += tests/net/test_exchange
tests_net_test_exchange_CFLAGS = $(TEST_CFLAGS)
tests_net_test_exchange_LDADD = $(TEST_LIBS)
