/* Name resolution bounded by the check's deadline. */
#pragma once

#include "address.h"
#include "causes.h"
#include "endpoint.h"

typedef struct {
  GArray *addresses; /* CcAddress, in resolver order; empty on failure */
  CcCauseId cause;   /* CC_CAUSE_NONE, CC_CAUSE_DNS_NXDOMAIN or CC_CAUSE_DNS_FAILURE */
  char *detail;      /* why resolution failed, NULL on success */
  gint64 elapsed_us;
} CcResolution;

/* Resolves host for TCP; gives up at deadline_us (g_get_monotonic_time clock). */
CcResolution *cc_resolve (const char *host, guint16 port, CcFamily family, gint64 deadline_us);
void cc_resolution_free (CcResolution *resolution);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcResolution, cc_resolution_free)
