# Diagnosis: unit tests with fixture trees, and integration scripts that build the real
# conditions in network namespaces.
tests_unit_test_options_SOURCES += check_conn/options_diagnose.c

diagnose_scripts = tests/diagnose/bad_input.sh tests/diagnose/refused.sh \
	tests/diagnose/timeout.sh tests/diagnose/local_ports.sh tests/diagnose/names.sh
TESTS += $(diagnose_scripts)
EXTRA_DIST += tests/diagnose/common.sh $(diagnose_scripts)

diagnose_unit_tests = tests/unit/test_evidence tests/unit/test_diagnose
check_PROGRAMS += $(diagnose_unit_tests)
TESTS += $(diagnose_unit_tests)
tests_unit_test_evidence_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_evidence_LDADD = $(TEST_LIBS)
tests_unit_test_diagnose_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_diagnose_LDADD = $(TEST_LIBS)

