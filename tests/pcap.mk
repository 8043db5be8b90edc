# check_conn --pcap: unit suites and integration tests on captures made by the tests.
if HAVE_PCAP
pcap_tests = tests/pcap/classify.sh tests/pcap/bad_files.sh
TESTS += $(pcap_tests)
endif
EXTRA_DIST += tests/pcap/classify.sh tests/pcap/bad_files.sh
