/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Command line for offline diagnosis of a packet capture (--pcap). */
#pragma once

#include <glib.h>

typedef struct {
  char *file;     /* NULL: a live check */
  char *filter;   /* BPF expression, or NULL */
} CcPcapOptions;

/* The "pcap" option group, filling pcap; the group does not own it. */
GOptionGroup *cc_options_pcap_group (CcPcapOptions *pcap);
/* Errors for options that only make sense with --pcap, given without it. */
gboolean cc_options_pcap_check (const CcPcapOptions *pcap, GError **error);
void cc_options_pcap_clear (CcPcapOptions *pcap);
