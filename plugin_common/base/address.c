/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "base/address.h"

#include <arpa/inet.h>
#include <string.h>

void
cc_address_set (CcAddress *address, const struct sockaddr *sockaddr, socklen_t length)
{
  const void *raw;

  memset (address, 0, sizeof *address);
  length = MIN (length, sizeof address->sockaddr);
  memcpy (&address->sockaddr, sockaddr, length);
  address->length = length;
  raw = sockaddr->sa_family == AF_INET6
          ? (const void *) &((const struct sockaddr_in6 *) sockaddr)->sin6_addr
          : (const void *) &((const struct sockaddr_in *) sockaddr)->sin_addr;
  inet_ntop (sockaddr->sa_family, raw, address->text, sizeof address->text);
}

gboolean
cc_address_parse (CcAddress *address, const char *text, guint16 port)
{
  struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons (port) };
  struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons (port) };

  if (inet_pton (AF_INET, text, &in4.sin_addr) == 1)
    cc_address_set (address, (const struct sockaddr *) &in4, sizeof in4);
  else if (inet_pton (AF_INET6, text, &in6.sin6_addr) == 1)
    cc_address_set (address, (const struct sockaddr *) &in6, sizeof in6);
  else
    return FALSE;
  return TRUE;
}

int
cc_address_family (const CcAddress *address)
{
  return address->sockaddr.any.sa_family;
}

guint16
cc_address_port (const CcAddress *address)
{
  if (cc_address_family (address) == AF_INET6)
    return ntohs (((const struct sockaddr_in6 *) &address->sockaddr)->sin6_port);
  return ntohs (((const struct sockaddr_in *) &address->sockaddr)->sin_port);
}

void
cc_address_set_port (CcAddress *address, guint16 port)
{
  if (cc_address_family (address) == AF_INET6)
    ((struct sockaddr_in6 *) &address->sockaddr)->sin6_port = htons (port);
  else
    ((struct sockaddr_in *) &address->sockaddr)->sin_port = htons (port);
}

char *
cc_address_with_port (const CcAddress *address)
{
  if (cc_address_family (address) == AF_INET6)
    return g_strdup_printf ("[%s]:%u", address->text, cc_address_port (address));
  return g_strdup_printf ("%s:%u", address->text, cc_address_port (address));
}
