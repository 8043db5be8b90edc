# SPDX-License-Identifier: GPL-3.0-or-later
# wireshark: the Wireshark plugin, a front end on the same core as check_conn --pcap.
WIRESHARK_PLUGIN_SOURCES = wireshark/plugin.c \
	wireshark/causes_tap.c wireshark/causes_tap.h \
	wireshark/frame_verdicts.c wireshark/frame_verdicts.h
if HAVE_WIRESHARK
# A shared object built as a program: automake without libtool has no other way.
wiresharkplugin_PROGRAMS = wireshark/check_conn.so
wireshark_check_conn_so_SOURCES = $(WIRESHARK_PLUGIN_SOURCES)
wireshark_check_conn_so_CFLAGS = $(AM_CFLAGS) $(WIRESHARK_CFLAGS) $(PCAP_CFLAGS) -fPIC \
	-fvisibility=hidden
# The core's symbols stay inside the plugin: only Wireshark's entry points are exported.
wireshark_check_conn_so_LDFLAGS = $(AM_LDFLAGS) -shared -Wl,--exclude-libs,ALL \
	-Wl,-z,defs
wireshark_check_conn_so_LDADD = $(PLUGIN_COMMON_LIBS) $(WIRESHARK_LIBS)
endif
