#include "address.h"

#include <arpa/inet.h>
#include <string.h>

void
cc_address_set (CcAddress *address, const struct sockaddr *sockaddr, socklen_t length)
{
  const void *raw;

  memset (address, 0, sizeof *address);
  memcpy (&address->sockaddr, sockaddr, MIN (length, sizeof address->sockaddr));
  address->length = length;
  raw = sockaddr->sa_family == AF_INET6
          ? (const void *) &((const struct sockaddr_in6 *) sockaddr)->sin6_addr
          : (const void *) &((const struct sockaddr_in *) sockaddr)->sin_addr;
  inet_ntop (sockaddr->sa_family, raw, address->text, sizeof address->text);
}

int
cc_address_family (const CcAddress *address)
{
  return address->sockaddr.ss_family;
}

guint16
cc_address_port (const CcAddress *address)
{
  if (cc_address_family (address) == AF_INET6)
    return ntohs (((const struct sockaddr_in6 *) &address->sockaddr)->sin6_port);
  return ntohs (((const struct sockaddr_in *) &address->sockaddr)->sin_port);
}

char *
cc_address_with_port (const CcAddress *address)
{
  if (cc_address_family (address) == AF_INET6)
    return g_strdup_printf ("[%s]:%u", address->text, cc_address_port (address));
  return g_strdup_printf ("%s:%u", address->text, cc_address_port (address));
}
