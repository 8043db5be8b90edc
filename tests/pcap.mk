# check_conn --pcap: a unit suite, and integration tests on captures made by the tests.
if HAVE_PCAP
check_PROGRAMS += tests/pcap/test_capture
TESTS += tests/pcap/test_capture
tests_pcap_test_capture_CFLAGS = $(TEST_CFLAGS)
tests_pcap_test_capture_LDADD = $(TEST_LIBS)
pcap_tests = tests/pcap/classify.sh tests/pcap/bad_files.sh
TESTS += $(pcap_tests)
endif
EXTRA_DIST += tests/pcap/classify.sh tests/pcap/bad_files.sh bench/pcap.sh bench/pcap_synth.py
