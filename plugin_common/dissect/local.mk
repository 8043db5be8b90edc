# Protocol dissectors: one file per protocol, appended to the plugin_common library.
DISSECT_SOURCES = \
	plugin_common/dissect/dissect.h \
	plugin_common/dissect/internal.h \
	plugin_common/dissect/cursor.h \
	plugin_common/dissect/registry.c \
	plugin_common/dissect/http.c \
	plugin_common/dissect/websocket.c \
	plugin_common/dissect/tls.c \
	plugin_common/dissect/http2.c \
	plugin_common/dissect/ssh.c \
	plugin_common/dissect/smtp.c \
	plugin_common/dissect/ftp.c \
	plugin_common/dissect/pop3.c \
	plugin_common/dissect/imap.c \
	plugin_common/dissect/redis.c \
	plugin_common/dissect/mysql.c \
	plugin_common/dissect/postgresql.c \
	plugin_common/dissect/mqtt.c \
	plugin_common/dissect/memcached.c \
	plugin_common/dissect/amqp.c

plugin_common_libplugin_common_a_SOURCES += $(DISSECT_SOURCES)
