# SPDX-License-Identifier: GPL-3.0-or-later
# Examples and integration files, installed for $(docdir) from a hand-kept list (no
# wildcards), and the Debian packaging.
dist_doc_DATA += \
	contrib/examples/local.ini \
	contrib/examples/web-audit.ini \
	contrib/examples/datacenter.ini \
	contrib/icinga2/check_conn-services.conf \
	contrib/nagios/check_conn.cfg \
	contrib/systemd/check-conn-audit.service \
	contrib/systemd/check-conn-audit.timer

# Where Icinga 2's `include <plugins-contrib>` reads CheckCommands, uncompressed.
icinga2contribdir = $(datadir)/icinga2/include/plugins-contrib.d
dist_icinga2contrib_DATA = contrib/icinga2/check_conn.conf

# The audit configuration the docs, the Icinga 2 command and the systemd example name.
checkconnconfdir = $(sysconfdir)/check_conn
dist_checkconnconf_DATA = contrib/etc/audit.ini

EXTRA_DIST += contrib/quickstart.sh \
	debian/changelog debian/control debian/copyright debian/rules debian/source/format
