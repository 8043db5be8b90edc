/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "knowledge/evidence/interfaces.h"

#include <errno.h>
#include <ifaddrs.h>
#include <string.h>

#include "knowledge/evidence/sockets.h"

static guint
prefix_length (const struct sockaddr *netmask, int family)
{
  const guint8 *bytes = family == AF_INET
                          ? (const guint8 *) &((const struct sockaddr_in *) netmask)->sin_addr
                          : (const guint8 *) &((const struct sockaddr_in6 *) netmask)->sin6_addr;
  guint length = 0;

  for (guint i = 0; i < (family == AF_INET ? 4u : 16u); i++)
    length += (guint) __builtin_popcount (bytes[i]);
  return length;
}

GArray *
cc_interfaces_read (GError **error)
{
  struct ifaddrs *list;
  GArray *interfaces;

  if (getifaddrs (&list) != 0)
    {
      g_set_error (error, CC_EVIDENCE_ERROR, CC_EVIDENCE_ERROR_READ, "getifaddrs: %s",
                   g_strerror (errno));
      return NULL;
    }
  interfaces = g_array_new (FALSE, TRUE, sizeof (CcInterfaceAddress));
  for (struct ifaddrs *i = list; i != NULL; i = i->ifa_next)
    {
      CcInterfaceAddress entry = { 0 };
      int family = i->ifa_addr != NULL ? i->ifa_addr->sa_family : AF_UNSPEC;

      if (family != AF_INET && family != AF_INET6)
        continue;
      g_strlcpy (entry.name, i->ifa_name, sizeof entry.name);
      cc_address_set (&entry.address, i->ifa_addr,
                      family == AF_INET ? sizeof (struct sockaddr_in)
                                        : sizeof (struct sockaddr_in6));
      cc_cidr_from_address (&entry.network, &entry.address,
                            i->ifa_netmask != NULL ? prefix_length (i->ifa_netmask, family)
                                                   : 128);
      g_array_append_val (interfaces, entry);
    }
  freeifaddrs (list);
  return interfaces;
}

const CcInterfaceAddress *
cc_interfaces_find_address (const GArray *interfaces, const CcAddress *address)
{
  for (guint i = 0; i < interfaces->len; i++)
    {
      const CcInterfaceAddress *entry = &g_array_index (interfaces, CcInterfaceAddress, i);
      CcCidr host;
      cc_cidr_from_address (&host, &entry->address, 128);
      if (cc_cidr_contains (&host, address))
        return entry;
    }
  return NULL;
}

const CcInterfaceAddress *
cc_interfaces_find_network (const GArray *interfaces, const CcAddress *address)
{
  for (guint i = 0; i < interfaces->len; i++)
    {
      const CcInterfaceAddress *entry = &g_array_index (interfaces, CcInterfaceAddress, i);
      if (cc_cidr_contains (&entry->network, address))
        return entry;
    }
  return NULL;
}
