# Diagnosis: settings, evidence readers and the rules that turn evidence into causes.
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/cidr.c plugin_common/cidr.h \
	plugin_common/diagnose.c plugin_common/diagnose.h \
	plugin_common/endpoint_diagnose.c plugin_common/endpoint_diagnose.h \
	plugin_common/evidence/interfaces.c plugin_common/evidence/interfaces.h \
	plugin_common/evidence/proxy.c plugin_common/evidence/proxy.h \
	plugin_common/evidence/sockets.c plugin_common/evidence/sockets.h \
	plugin_common/evidence/sysctl.c plugin_common/evidence/sysctl.h
