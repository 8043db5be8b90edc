# SPDX-License-Identifier: GPL-3.0-or-later
# The command line: option parsing, and every bad command line or file.
check_PROGRAMS += tests/check_conn/test_options
TESTS += tests/check_conn/test_options
tests_check_conn_test_options_SOURCES = tests/check_conn/test_options.c $(CLI_OPTION_SOURCES)
tests_check_conn_test_options_CFLAGS = $(TEST_CFLAGS)
tests_check_conn_test_options_LDADD = $(TEST_LIBS)

CLI_TESTS = tests/check_conn/command_line.sh tests/check_conn/bad_input.sh \
	tests/check_conn/diagnosis_settings.sh tests/check_conn/bulk_options.sh \
	tests/check_conn/extra_opts.sh tests/check_conn/loaded_libraries.sh \
	tests/check_conn/tls_module.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)
