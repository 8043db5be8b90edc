# SPDX-License-Identifier: GPL-3.0-or-later
# net: name resolution, connects, and the protocol conversation after them.
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/net/classify.c plugin_common/net/classify.h \
	plugin_common/net/exchange.c plugin_common/net/exchange.h \
	plugin_common/net/observation.c plugin_common/net/observation.h \
	plugin_common/net/probe.c plugin_common/net/probe.h \
	plugin_common/net/resolve.c plugin_common/net/resolve.h \
	plugin_common/net/tls.c plugin_common/net/tls.h \
	plugin_common/net/tls_certificate.c plugin_common/net/tls_certificate.h \
	plugin_common/net/tls_loader.c plugin_common/net/tls_loader.h
