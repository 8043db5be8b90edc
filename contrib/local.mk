# SPDX-License-Identifier: GPL-3.0-or-later
# Examples and integration files, installed for $(docdir) from a hand-kept list (no
# wildcards), and the Debian packaging.
dist_doc_DATA += \
	contrib/examples/local.ini \
	contrib/icinga2/check_conn.conf \
	contrib/nagios/check_conn.cfg
EXTRA_DIST += contrib/quickstart.sh \
	contrib/examples/web-audit.ini contrib/examples/datacenter.ini \
	debian/changelog debian/control debian/copyright debian/rules debian/source/format
