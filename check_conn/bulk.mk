# Bulk mode of the CLI (branch bulk).
check_conn_check_conn_SOURCES += check_conn/bulk.c check_conn/bulk.h \
	check_conn/options_bulk.c check_conn/options_bulk.h
