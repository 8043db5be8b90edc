# SPDX-License-Identifier: GPL-3.0-or-later
# What every test folder shares: Check for the C suites, the environment of the scripts,
# the layer test, and the valgrind run of the whole suite.
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
TEST_LIBS = $(PLUGIN_COMMON_LIBS) $(CHECK_LIBS)

TEST_EXTENSIONS = .sh .py
SH_LOG_COMPILER = bash
PY_LOG_COMPILER = python3
# Integration scripts find the binaries through these; test programs that reach TLS find
# the TLS module through the last (check_conn itself finds it beside it).
AM_TESTS_ENVIRONMENT = top_builddir='$(abs_top_builddir)' top_srcdir='$(abs_top_srcdir)'; export top_builddir top_srcdir; \
	CHECK_CONN_TLS_MODULE='$(abs_top_builddir)/check_conn/tls_openssl.so'; export CHECK_CONN_TLS_MODULE;

TESTS += tests/layers.py
EXTRA_DIST += tests/layers.py tests/lib.sh tests/plugin_lib.sh tests/valgrind.supp tests/run.sh

# The whole suite with every test program and every check_conn run under memcheck.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--suppressions=$(abs_top_srcdir)/tests/valgrind.supp
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check CK_FORK=no LOG_COMPILER="$(VALGRIND)" \
		CHECK_CONN_WRAPPER="$(VALGRIND)"
.PHONY: check-valgrind
