plugin_PROGRAMS += check_conn/check_conn
check_conn_check_conn_SOURCES = check_conn/main.c check_conn/options.c check_conn/options.h
check_conn_check_conn_LDADD = $(PLUGIN_COMMON_LIBS)
