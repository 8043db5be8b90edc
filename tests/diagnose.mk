# Diagnosis: unit tests with fixture trees, and integration scripts that build the real
# conditions in network namespaces.
tests_unit_test_options_SOURCES += check_conn/options_diagnose.c
