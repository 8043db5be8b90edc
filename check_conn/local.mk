# SPDX-License-Identifier: GPL-3.0-or-later
# check_conn: the command line and main.
CLI_OPTION_SOURCES = \
	check_conn/extra_opts.c check_conn/extra_opts.h \
	check_conn/options.c check_conn/options.h \
	check_conn/options_bulk.c check_conn/options_bulk.h \
	check_conn/options_diagnose.c check_conn/options_diagnose.h \
	check_conn/options_error.c check_conn/options_error.h \
	check_conn/options_output.c check_conn/options_output.h \
	check_conn/options_icinga.c check_conn/options_icinga.h \
	check_conn/options_pcap.c check_conn/options_pcap.h \
	check_conn/options_plugin.c check_conn/options_plugin.h \
	check_conn/options_protocol.c check_conn/options_protocol.h
plugin_PROGRAMS += check_conn/check_conn
check_conn_check_conn_SOURCES = check_conn/main.c $(CLI_OPTION_SOURCES) \
	check_conn/bulk.c check_conn/bulk.h \
	check_conn/pcap_run.c check_conn/pcap_run.h \
	check_conn/icinga_post.c check_conn/icinga_post.h
check_conn_check_conn_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)
check_conn_check_conn_LDADD = $(PLUGIN_COMMON_LIBS)
# The TLS module: OpenSSL's only user, a shared object check_conn opens when a run needs
# TLS (plugin_common/net/tls_module.h). Built beside check_conn, where a binary of the
# build tree finds it; installed in $(pkglibdir). A shared object built as a program, as
# the Wireshark plugin is.
tlsmoduledir = $(pkglibdir)
tlsmodule_PROGRAMS = check_conn/tls_openssl.so
check_conn_tls_openssl_so_SOURCES = plugin_common/net/tls_openssl.c \
	plugin_common/net/tls_module.h
check_conn_tls_openssl_so_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) -fPIC -fvisibility=hidden
# Nothing of the core inside: -z defs proves it needs only GLib and OpenSSL.
check_conn_tls_openssl_so_LDFLAGS = $(AM_LDFLAGS) -shared -Wl,-z,defs -Wl,--as-needed
check_conn_tls_openssl_so_LDADD = $(GLIB_LIBS) $(OPENSSL_LIBS)
