# SPDX-License-Identifier: GPL-3.0-or-later
# engine: the one epoll loop.
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/engine/engine.c plugin_common/engine/engine.h
