# SPDX-License-Identifier: GPL-3.0-or-later
MODEL_TESTS = tests/model/test_causes tests/model/test_thresholds
check_PROGRAMS += $(MODEL_TESTS)
TESTS += $(MODEL_TESTS)
tests_model_test_causes_CFLAGS = $(TEST_CFLAGS)
tests_model_test_causes_LDADD = $(TEST_LIBS)
tests_model_test_thresholds_CFLAGS = $(TEST_CFLAGS)
tests_model_test_thresholds_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/model/test_endpoint_answer
TESTS += tests/model/test_endpoint_answer
tests_model_test_endpoint_answer_CFLAGS = $(TEST_CFLAGS)
tests_model_test_endpoint_answer_LDADD = $(TEST_LIBS)
