/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libpcap, opened only when a capture is read: linked into check_conn it would load a
 * dozen libraries (D-Bus, systemd, libgcrypt, ...) at the start of every live check. */
#pragma once

#include <glib.h>
#include <pcap/pcap.h>
#include <stdio.h>

typedef struct {
  void *handle;
  pcap_t *(*fopen_offline) (FILE *stream, u_int precision, char *message);
  int (*compile) (pcap_t *pcap, struct bpf_program *program, const char *filter,
                  int optimize, bpf_u_int32 netmask);
  int (*setfilter) (pcap_t *pcap, struct bpf_program *program);
  void (*freecode) (struct bpf_program *program);
  int (*next_ex) (pcap_t *pcap, struct pcap_pkthdr **header, const u_char **data);
  int (*datalink) (pcap_t *pcap);
  const char *(*datalink_val_to_name) (int linktype);
  char *(*geterr) (pcap_t *pcap);
  void (*close) (pcap_t *pcap);
} CcPcapApi;

/* Opens the installed libpcap; the error says which package provides it. */
gboolean cc_pcap_api_open (CcPcapApi *api, GError **error);
void cc_pcap_api_close (CcPcapApi *api);
