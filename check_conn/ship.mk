# Shipping: --timeout-result, man page, example and integration configs, Debian package.
check_conn_check_conn_SOURCES += check_conn/options_ship.c check_conn/options_ship.h
plugin_common_libplugin_common_a_SOURCES += \
	plugin_common/timeout_result.c plugin_common/timeout_result.h
# The options unit test links options.c, which adds the ship group.
tests_unit_test_options_SOURCES += check_conn/options_ship.c
