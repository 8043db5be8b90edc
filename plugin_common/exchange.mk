# The conversation after connecting (branch protocol).
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/exchange.c plugin_common/exchange.h
plugin_common_libplugin_common_a_SOURCES += plugin_common/exchange_output.c
