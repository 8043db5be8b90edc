# SPDX-License-Identifier: GPL-3.0-or-later
# net/capture: conversations read back from a packet capture, through libpcap.
if HAVE_PCAP
AM_CPPFLAGS += $(PCAP_CFLAGS)
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/net/capture/capture.h \
	plugin_common/net/capture/decode.c plugin_common/net/capture/decode.h \
	plugin_common/net/capture/pcap_api.c plugin_common/net/capture/pcap_api.h \
	plugin_common/net/capture/reader.c \
	plugin_common/net/capture/tracker.c plugin_common/net/capture/tracker.h
# Headers only: libpcap is opened at run time, when a capture is read (pcap_api.c).
PLUGIN_COMMON_LIBS += -ldl
endif
