# SPDX-License-Identifier: GPL-3.0-or-later
# base: escaping of untrusted bytes, reading named files, formatting, addresses and prefixes, the timer heap.
BASE_SOURCES = \
	plugin_common/base/address.c plugin_common/base/address.h \
	plugin_common/base/cidr.c plugin_common/base/cidr.h \
	plugin_common/base/escape.c plugin_common/base/escape.h \
	plugin_common/base/file.c plugin_common/base/file.h \
	plugin_common/base/format.c plugin_common/base/format.h \
	plugin_common/base/timer_heap.c plugin_common/base/timer_heap.h
plugin_common_libplugin_common_a_SOURCES += $(BASE_SOURCES)
