# SPDX-License-Identifier: GPL-3.0-or-later
# modes: single checks, bulk audits (and their config files), captures.
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/modes/audit.c plugin_common/modes/audit.h \
	plugin_common/modes/checks.c plugin_common/modes/checks.h \
	plugin_common/modes/config_file.c plugin_common/modes/config_file.h
if HAVE_PCAP
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/modes/capture.c plugin_common/modes/capture.h
endif
