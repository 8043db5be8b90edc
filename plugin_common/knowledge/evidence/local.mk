# SPDX-License-Identifier: GPL-3.0-or-later
# knowledge/evidence: what this host says about itself (sock_diag, /proc, interfaces,
# sysctls, proxy variables, routes and neighbours).
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/knowledge/evidence/interfaces.c plugin_common/knowledge/evidence/interfaces.h \
	plugin_common/knowledge/evidence/proxy.c plugin_common/knowledge/evidence/proxy.h \
	plugin_common/knowledge/evidence/routes.c plugin_common/knowledge/evidence/routes.h \
	plugin_common/knowledge/evidence/sockdiag.c plugin_common/knowledge/evidence/sockdiag.h \
	plugin_common/knowledge/evidence/socket_table.c plugin_common/knowledge/evidence/socket_table.h \
	plugin_common/knowledge/evidence/sockets.c plugin_common/knowledge/evidence/sockets.h \
	plugin_common/knowledge/evidence/sysctl.c plugin_common/knowledge/evidence/sysctl.h
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/knowledge/evidence/nft_ruleset.c plugin_common/knowledge/evidence/nft_ruleset.h \
	plugin_common/knowledge/evidence/json_tree.c plugin_common/knowledge/evidence/json_tree.h \
	plugin_common/knowledge/evidence/snapshot.c plugin_common/knowledge/evidence/snapshot.h
