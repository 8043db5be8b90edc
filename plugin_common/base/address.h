/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One resolved socket address and its printable form. */
#pragma once

#include <glib.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* IPv4 or IPv6 only: 28 bytes where sockaddr_storage takes 128, and a bulk run keeps
 * several addresses per endpoint (resolved, attempted, local end, ICMP sender). */
typedef union {
  struct sockaddr any;
  struct sockaddr_in in4;
  struct sockaddr_in6 in6;
} CcSockaddr;

/* The longest text inet_ntop gives: eight groups of four hex digits and seven colons (an
 * embedded IPv4 form, "::ffff:192.0.2.7", is shorter), and the NUL. INET6_ADDRSTRLEN
 * allows 46, for forms glibc never writes; inet_ntop fails rather than overflow. */
#define CC_ADDRESS_TEXT_SIZE 40

typedef struct {
  CcSockaddr sockaddr;
  socklen_t length;
  char text[CC_ADDRESS_TEXT_SIZE]; /* "192.0.2.7", "::1" */
} CcAddress;

void cc_address_set (CcAddress *address, const struct sockaddr *sockaddr, socklen_t length);
/* Parses an IPv4 or IPv6 literal (inet_pton: "10.1" is not 10.0.0.1); FALSE otherwise. */
gboolean cc_address_parse (CcAddress *address, const char *text, guint16 port);
int cc_address_family (const CcAddress *address);
guint16 cc_address_port (const CcAddress *address);
void cc_address_set_port (CcAddress *address, guint16 port);
/* "192.0.2.7:80" or "[::1]:80"; the result is owned by the caller. */
char *cc_address_with_port (const CcAddress *address);
