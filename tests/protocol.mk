# Protocol exchange tests (branch protocol): the state machine in Check, and real servers
# from Debian packages in shell (they skip without root).
check_PROGRAMS += tests/protocol/test_exchange
# -iquote, not -I: plugin_common/check.h would otherwise hide Check's <check.h>.
tests_protocol_test_exchange_CPPFLAGS = -D_GNU_SOURCE -iquote $(srcdir)/plugin_common
tests_protocol_test_exchange_CFLAGS = $(TEST_CFLAGS)
tests_protocol_test_exchange_LDADD = $(TEST_LIBS)
PROTOCOL_SHELL_TESTS = tests/protocol/web.sh tests/protocol/services.sh \
	tests/protocol/databases.sh
TESTS += tests/protocol/test_exchange $(PROTOCOL_SHELL_TESTS)
EXTRA_DIST += $(PROTOCOL_SHELL_TESTS) tests/protocol/servers.sh bench/identify.sh
