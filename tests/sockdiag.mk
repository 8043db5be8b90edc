# NETLINK_SOCK_DIAG reader: compared with the /proc reader on sockets the tests create.
sockdiag_unit_tests = tests/unit/test_sockdiag
check_PROGRAMS += $(sockdiag_unit_tests)
TESTS += $(sockdiag_unit_tests)
tests_unit_test_sockdiag_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sockdiag_LDADD = $(TEST_LIBS)

sockdiag_scripts = tests/sockdiag/same_verdicts.sh
TESTS += $(sockdiag_scripts)
EXTRA_DIST += tests/sockdiag/without_sockdiag.py $(sockdiag_scripts)
