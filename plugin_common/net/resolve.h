/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Name resolution bounded by the check's deadline. */
#pragma once

#include "base/address.h"
#include "model/causes.h"
#include "model/endpoint.h"

typedef struct {
  GArray *addresses; /* CcAddress, in resolver order; empty on failure; NULL once
                      * handed to an observation's attempts (net/observation.h) */
  CcCauseId cause;   /* CC_CAUSE_NONE, CC_CAUSE_DNS_NXDOMAIN, CC_CAUSE_DNS_FAILURE or
                      * CC_CAUSE_DNS_NO_ADDRESS_FAMILY */
  char *detail;      /* why resolution failed, NULL on success */
  gint64 elapsed_us;
} CcResolution;

/* The address family a check of endpoint resolves to (a --source decides it). */
CcFamily cc_resolve_family (const CcEndpoint *endpoint);

/* Address literals resolve at once, without a resolver; NULL when host is a name. The
 * port is only copied into the addresses. */
CcResolution *cc_resolve_literal (const char *host, guint16 port, CcFamily family);

/* A name being resolved in the background (getaddrinfo_a), so that an event loop never
 * blocks on DNS: start it, poll it from the loop, expire it at the deadline. */
typedef struct _CcLookup CcLookup;

CcLookup *cc_lookup_start (const char *host, guint16 port, CcFamily family);
/* NULL while the resolver is still working; otherwise the outcome, and the lookup is
 * freed. */
CcResolution *cc_lookup_poll (CcLookup *lookup);
/* Gives up on the lookup (the deadline passed) and frees it: the outcome says so unless
 * the answer arrived in the meantime. */
CcResolution *cc_lookup_expire (CcLookup *lookup);
void cc_resolution_free (CcResolution *resolution);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcResolution, cc_resolution_free)
