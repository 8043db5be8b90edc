check_conn_check_conn_SOURCES += check_conn/options_diagnose.c check_conn/options_diagnose.h
