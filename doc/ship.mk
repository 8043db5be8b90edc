# Installed documentation: the man page, and a hand-kept list (no wildcards) of examples
# and integration files for $(docdir).
dist_man1_MANS = doc/check_conn.1
dist_doc_DATA = \
	README.md \
	contrib/examples/local.ini \
	contrib/icinga2/check_conn.conf \
	contrib/nagios/check_conn.cfg

EXTRA_DIST += \
	debian/changelog \
	debian/control \
	debian/copyright \
	debian/rules \
	debian/source/format

# For tests/ship/install.sh: where this build installs, with every variable expanded.
ship-print-dirs:
	@echo "plugindir=$(plugindir)"
	@echo "man1dir=$(man1dir)"
	@echo "docdir=$(docdir)"
.PHONY: ship-print-dirs
