# Offline diagnosis of packet captures (check_conn --pcap), with libpcap.
if HAVE_PCAP
AM_CPPFLAGS += $(PCAP_CFLAGS)
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/capture/capture.h \
	plugin_common/capture/decode.c plugin_common/capture/decode.h \
	plugin_common/capture/pcap_api.c plugin_common/capture/pcap_api.h \
	plugin_common/capture/reader.c \
	plugin_common/capture/request.c plugin_common/capture/request.h \
	plugin_common/capture/summary.c plugin_common/capture/summary.h \
	plugin_common/capture/verdict.c
# Headers only: libpcap is opened at run time, when a capture is read (pcap_api.c).
PLUGIN_COMMON_LIBS += -ldl
endif
EXTRA_DIST += doc/pcap.md
