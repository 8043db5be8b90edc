# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence readers: fixture trees, and sock_diag compared with /proc on real sockets.
EVIDENCE_TESTS = tests/knowledge/evidence/test_evidence tests/knowledge/evidence/test_sockdiag
check_PROGRAMS += $(EVIDENCE_TESTS)
TESTS += $(EVIDENCE_TESTS)
tests_knowledge_evidence_test_evidence_CFLAGS = $(TEST_CFLAGS)
tests_knowledge_evidence_test_evidence_LDADD = $(TEST_LIBS)
tests_knowledge_evidence_test_sockdiag_CFLAGS = $(TEST_CFLAGS)
tests_knowledge_evidence_test_sockdiag_LDADD = $(TEST_LIBS)
