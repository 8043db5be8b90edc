# Protocol conversations driven by the bulk engine (branch bulkproto): real servers from
# Debian packages in one bulk run (skips without root).
BULKPROTO_SHELL_TESTS = tests/bulkproto/conversations.sh
TESTS += $(BULKPROTO_SHELL_TESTS)
EXTRA_DIST += $(BULKPROTO_SHELL_TESTS) bench/bulkproto.sh
