noinst_LIBRARIES += plugin_common/libplugin_common.a
plugin_common_libplugin_common_a_SOURCES = \
	plugin_common/address.c plugin_common/address.h \
	plugin_common/causes.c plugin_common/causes.h \
	plugin_common/check.c plugin_common/check.h \
	plugin_common/classify.c plugin_common/classify.h \
	plugin_common/endpoint.c plugin_common/endpoint.h \
	plugin_common/output.c plugin_common/output.h \
	plugin_common/probe.c plugin_common/probe.h \
	plugin_common/resolve.c plugin_common/resolve.h \
	plugin_common/state.c plugin_common/state.h \
	plugin_common/thresholds.c plugin_common/thresholds.h

PLUGIN_COMMON_LIBS = plugin_common/libplugin_common.a $(GLIB_LIBS) -lm
