# check_conn --pcap: the option group is always there (it says when libpcap is missing).
check_conn_check_conn_SOURCES += check_conn/options_pcap.c check_conn/options_pcap.h \
	check_conn/pcap_run.c check_conn/pcap_run.h
tests_unit_test_options_SOURCES += check_conn/options_pcap.c
