# SPDX-License-Identifier: GPL-3.0-or-later
# tests/wireshark: the Wireshark plugin under real tshark.
WIRESHARK_TESTS =
