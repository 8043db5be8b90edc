# SPDX-License-Identifier: GPL-3.0-or-later
# render: Nagios text, JSON, CSV and OpenMetrics; the only code that turns verdicts into bytes.
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/render/audit.c plugin_common/render/audit.h \
	plugin_common/render/csv.c plugin_common/render/csv.h \
	plugin_common/render/icinga.c plugin_common/render/icinga.h \
	plugin_common/render/json.c plugin_common/render/json.h \
	plugin_common/render/nagios.c plugin_common/render/nagios.h \
	plugin_common/render/openmetrics.c plugin_common/render/openmetrics.h \
	plugin_common/render/perfdata.c plugin_common/render/perfdata.h \
	plugin_common/render/result.c plugin_common/render/result.h
if HAVE_PCAP
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/render/capture.c plugin_common/render/capture.h
endif
