# SPDX-License-Identifier: GPL-3.0-or-later
# Helpers for the scripts that check contrib's Nagios and Icinga 2 command definitions
# against the options of check_conn (tests/contrib). Source after tests/lib.sh.

# has_option NAME: whether check_conn --help lists --NAME.
has_option () {
  "$CHECK_CONN" --help | grep -Eq -- "--$1([=[:space:]]|\$)"
}
