# Protocol options of check_conn (branch protocol).
check_conn_check_conn_SOURCES += check_conn/options_protocol.c check_conn/options_protocol.h
# The options unit test links options.c, which adds the protocol group.
tests_unit_test_options_SOURCES += check_conn/options_protocol.c
