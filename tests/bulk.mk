# Tests of the config loader, the bulk engine and bulk mode (branch bulk).
BULK_UNIT_TESTS = tests/unit/test_config tests/unit/test_timer_heap tests/unit/test_engine \
	tests/unit/test_report
check_PROGRAMS += $(BULK_UNIT_TESTS)
TESTS += $(BULK_UNIT_TESTS)

tests_unit_test_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_LIBS)
tests_unit_test_timer_heap_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_timer_heap_LDADD = $(TEST_LIBS)
tests_unit_test_engine_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_engine_LDADD = $(TEST_LIBS)
tests_unit_test_report_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_report_LDADD = $(TEST_LIBS)

BULK_SHELL_TESTS = tests/bulk/loopback.sh tests/bulk/config_cli.sh tests/bulk/ulimit.sh \
	tests/bulk/timewait.sh tests/bulk/filtered.sh
TESTS += $(BULK_SHELL_TESTS)
EXTRA_DIST += $(BULK_SHELL_TESTS) tests/bulk/common.sh tests/bulk/listeners.py tests/bulk/validate_json.py \
	doc/json-schema.json doc/config.md contrib/examples/local.ini \
	contrib/examples/web-audit.ini contrib/examples/datacenter.ini bench/bulk.sh

# options.c hooks in the bulk option group.
tests_unit_test_options_SOURCES += check_conn/options_bulk.c check_conn/options_bulk.h
