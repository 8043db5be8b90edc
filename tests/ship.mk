# Tests of branch ship: installation, integration with the real Nagios 4 and Icinga 2,
# --timeout-result, bad input and hostile servers.
tests_unit_test_timeout_result_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_timeout_result_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test_timeout_result
TESTS += tests/unit/test_timeout_result

SHIP_TESTS = \
	tests/ship/install.sh \
	tests/ship/manpage.sh \
	tests/ship/icinga2_config.sh \
	tests/ship/nagios_config.sh \
	tests/ship/nagios_e2e.sh \
	tests/ship/timeout_result.sh \
	tests/ship/bad_input.sh \
	tests/hostile/hostile.sh
TESTS += $(SHIP_TESTS)
EXTRA_DIST += $(SHIP_TESTS) tests/ship/ship_lib.sh tests/ship/nagios_lib.sh \
	tests/ship/deb.sh tests/hostile/server.py tests/hostile/judge.py

# Opt-in: builds and installs the Debian package system-wide (CI runs it as root).
check-deb:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  bash $(srcdir)/tests/ship/deb.sh
.PHONY: check-deb
