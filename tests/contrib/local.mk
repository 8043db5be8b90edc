# SPDX-License-Identifier: GPL-3.0-or-later
# What ships: installation, man page, the Nagios 4 and Icinga 2 configs with the real
# daemons, and the Debian package.
CONTRIB_TESTS = tests/contrib/install.sh tests/contrib/manpage.sh \
	tests/contrib/icinga2_config.sh tests/contrib/icinga2_e2e.sh tests/contrib/icinga2_distributed.sh \
	tests/contrib/icinga2_passive.sh tests/contrib/nagios_config.sh tests/contrib/nagios_e2e.sh
TESTS += $(CONTRIB_TESTS)
EXTRA_DIST += $(CONTRIB_TESTS) tests/contrib/nagios_lib.sh tests/contrib/icinga2_lib.sh tests/contrib/deb.sh

# Opt-in: builds and installs the Debian package system-wide (CI runs it as root).
check-deb:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	  bash $(srcdir)/tests/contrib/deb.sh
.PHONY: check-deb
