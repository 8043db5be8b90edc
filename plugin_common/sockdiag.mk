# Live socket evidence from NETLINK_SOCK_DIAG (the /proc reader stays for fixtures and as
# the fallback).
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/evidence/sockdiag.c plugin_common/evidence/sockdiag.h \
	plugin_common/evidence/sockets_raw.h
