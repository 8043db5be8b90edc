# SPDX-License-Identifier: GPL-3.0-or-later
# Installed documentation: the man page and the documents that --help and the man page cite.
dist_man1_MANS = doc/check_conn.1
dist_doc_DATA = README.md doc/config.md doc/json-schema.json doc/pcap.md doc/wireshark.md
EXTRA_DIST += doc/wireshark-plugin.png

# For tests/contrib/install.sh: where this build installs, with every variable expanded.
print-install-dirs:
	@echo "plugindir=$(plugindir)"
	@echo "man1dir=$(man1dir)"
	@echo "docdir=$(docdir)"
	@echo "wiresharkplugindir=$(wiresharkplugindir)"
	@echo "icinga2contribdir=$(icinga2contribdir)"
	@echo "checkconnconfdir=$(checkconnconfdir)"
	@echo "tlsmoduledir=$(tlsmoduledir)"
.PHONY: print-install-dirs
EXTRA_DIST += doc/causes.md
