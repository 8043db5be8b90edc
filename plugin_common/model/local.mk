# SPDX-License-Identifier: GPL-3.0-or-later
# model: causes, states, thresholds and count ranges, endpoints with all their settings.
MODEL_SOURCES = \
	plugin_common/model/causes.c plugin_common/model/causes.h \
	plugin_common/model/endpoint.c plugin_common/model/endpoint.h \
	plugin_common/model/endpoint_settings.c \
	plugin_common/model/endpoint_answer.c \
	plugin_common/model/endpoint_tls.c \
	plugin_common/model/state.c plugin_common/model/state.h \
	plugin_common/model/thresholds.c plugin_common/model/thresholds.h
plugin_common_libplugin_common_a_SOURCES += $(MODEL_SOURCES)
