/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This host's interface addresses and prefixes. */
#pragma once

#include <glib.h>

#include "base/cidr.h"

typedef struct {
  char name[32];
  CcAddress address;
  CcCidr network;    /* the address with its prefix length */
} CcInterfaceAddress;

/* Every IPv4 and IPv6 address of every interface (getifaddrs). Tests build the array
 * themselves instead: nothing else reads the live system. */
GArray *cc_interfaces_read (GError **error);
/* The interface entry holding exactly this address, or NULL. */
const CcInterfaceAddress *cc_interfaces_find_address (const GArray *interfaces,
                                                      const CcAddress *address);
/* The first interface whose network holds address, or NULL. */
const CcInterfaceAddress *cc_interfaces_find_network (const GArray *interfaces,
                                                      const CcAddress *address);
