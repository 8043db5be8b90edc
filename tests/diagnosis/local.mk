# SPDX-License-Identifier: GPL-3.0-or-later
DIAGNOSIS_TESTS = tests/diagnosis/test_diagnose tests/diagnosis/test_timeout_result
check_PROGRAMS += $(DIAGNOSIS_TESTS)
TESTS += $(DIAGNOSIS_TESTS)
tests_diagnosis_test_diagnose_SOURCES = tests/diagnosis/test_diagnose.c \
	tests/knowledge/evidence/proc_fixture.c tests/knowledge/evidence/proc_fixture.h
tests_diagnosis_test_diagnose_CFLAGS = $(TEST_CFLAGS)
tests_diagnosis_test_diagnose_LDADD = $(TEST_LIBS)
tests_diagnosis_test_timeout_result_CFLAGS = $(TEST_CFLAGS)
tests_diagnosis_test_timeout_result_LDADD = $(TEST_LIBS)
