# SPDX-License-Identifier: GPL-3.0-or-later
# diagnosis: what was seen, plus evidence, in; the verdict out.
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/diagnosis/diagnose.c plugin_common/diagnosis/diagnose.h \
	plugin_common/diagnosis/judge.c plugin_common/diagnosis/judge.h \
	plugin_common/diagnosis/timeout_result.c plugin_common/diagnosis/timeout_result.h \
	plugin_common/diagnosis/verdict.c plugin_common/diagnosis/verdict.h
if HAVE_PCAP
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/diagnosis/conversation.c plugin_common/diagnosis/conversation.h
endif
