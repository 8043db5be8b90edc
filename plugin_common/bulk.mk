# Config file loader, bulk probe engine and bulk reports (branch bulk).
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/config.c plugin_common/config.h \
	plugin_common/engine.c plugin_common/engine.h \
	plugin_common/report.c plugin_common/report.h \
	plugin_common/timer_heap.c plugin_common/timer_heap.h
