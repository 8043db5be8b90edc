# SPDX-License-Identifier: GPL-3.0-or-later
# Evidence readers: fixture trees, sock_diag compared with /proc on real sockets, routes
# and neighbours in a namespace of the test's own.
EVIDENCE_TESTS = tests/knowledge/evidence/test_evidence tests/knowledge/evidence/test_sockdiag \
	tests/knowledge/evidence/test_routes tests/knowledge/evidence/test_nft_ruleset
check_PROGRAMS += $(EVIDENCE_TESTS)
TESTS += $(EVIDENCE_TESTS)
tests_knowledge_evidence_test_evidence_SOURCES = tests/knowledge/evidence/test_evidence.c \
	tests/knowledge/evidence/proc_fixture.c tests/knowledge/evidence/proc_fixture.h
tests_knowledge_evidence_test_evidence_CFLAGS = $(TEST_CFLAGS)
tests_knowledge_evidence_test_evidence_LDADD = $(TEST_LIBS)
tests_knowledge_evidence_test_sockdiag_CFLAGS = $(TEST_CFLAGS)
tests_knowledge_evidence_test_sockdiag_LDADD = $(TEST_LIBS)
tests_knowledge_evidence_test_routes_CFLAGS = $(TEST_CFLAGS)
tests_knowledge_evidence_test_routes_LDADD = $(TEST_LIBS)
tests_knowledge_evidence_test_nft_ruleset_CFLAGS = $(TEST_CFLAGS) \
	-DFIXTURE_DIR='"$(abs_top_srcdir)/tests/knowledge/evidence/nft"'
tests_knowledge_evidence_test_nft_ruleset_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/knowledge/evidence/nft/host.json tests/knowledge/evidence/nft/record.sh
