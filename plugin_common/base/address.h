/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One resolved socket address and its printable form. */
#pragma once

#include <glib.h>
#include <netinet/in.h>
#include <sys/socket.h>

typedef struct {
  struct sockaddr_storage sockaddr;
  socklen_t length;
  char text[INET6_ADDRSTRLEN]; /* "192.0.2.7", "::1" */
} CcAddress;

void cc_address_set (CcAddress *address, const struct sockaddr *sockaddr, socklen_t length);
/* Parses an IPv4 or IPv6 literal (inet_pton: "10.1" is not 10.0.0.1); FALSE otherwise. */
gboolean cc_address_parse (CcAddress *address, const char *text, guint16 port);
int cc_address_family (const CcAddress *address);
guint16 cc_address_port (const CcAddress *address);
/* "192.0.2.7:80" or "[::1]:80"; the result is owned by the caller. */
char *cc_address_with_port (const CcAddress *address);
