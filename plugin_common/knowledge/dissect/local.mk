# SPDX-License-Identifier: GPL-3.0-or-later
# knowledge/dissect: one file per protocol, one registry (registry.c).
DISSECT_SOURCES = \
	plugin_common/knowledge/dissect/dissect.h \
	plugin_common/knowledge/dissect/internal.h \
	plugin_common/knowledge/dissect/cursor.h \
	plugin_common/knowledge/dissect/registry.c \
	plugin_common/knowledge/dissect/request.c plugin_common/knowledge/dissect/request.h \
	plugin_common/knowledge/dissect/http.c \
	plugin_common/knowledge/dissect/http_answer.c \
	plugin_common/knowledge/dissect/http_answer.h \
	plugin_common/knowledge/dissect/websocket.c \
	plugin_common/knowledge/dissect/tls.c \
	plugin_common/knowledge/dissect/tls_handshake.c \
	plugin_common/knowledge/dissect/tls_handshake.h \
	plugin_common/knowledge/dissect/http2.c \
	plugin_common/knowledge/dissect/ssh.c \
	plugin_common/knowledge/dissect/smtp.c \
	plugin_common/knowledge/dissect/ftp.c \
	plugin_common/knowledge/dissect/pop3.c \
	plugin_common/knowledge/dissect/imap.c \
	plugin_common/knowledge/dissect/redis.c \
	plugin_common/knowledge/dissect/mysql.c \
	plugin_common/knowledge/dissect/postgresql.c \
	plugin_common/knowledge/dissect/mqtt.c \
	plugin_common/knowledge/dissect/memcached.c \
	plugin_common/knowledge/dissect/amqp.c
plugin_common_libplugin_common_a_SOURCES += $(DISSECT_SOURCES)
