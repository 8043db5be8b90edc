/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The causes check_conn tells apart (shared/causes.md), as one const table. */
#pragma once

#include "model/state.h"

typedef enum {
  CC_CAUSE_NONE = 0,
  CC_CAUSE_REFUSED_NOT_LISTENING,
  CC_CAUSE_REFUSED_LOOPBACK_ONLY,
  CC_CAUSE_REFUSED_WRONG_PORT,
  CC_CAUSE_REFUSED_WRONG_ADDRESS,
  CC_CAUSE_DNS_MISMATCH,
  CC_CAUSE_DNS_FRONT_PROXY,
  CC_CAUSE_CLIENT_PROXY,
  CC_CAUSE_TIMEOUT_NO_ANSWER,
  CC_CAUSE_TIMEOUT_FILTERED,
  CC_CAUSE_TIMEOUT_HOST_DOWN,
  CC_CAUSE_TIMEOUT_PRIVATE_FOREIGN,
  CC_CAUSE_UNREACHABLE_HOST,
  CC_CAUSE_UNREACHABLE_NET,
  CC_CAUSE_LOCAL_EPHEMERAL_EXHAUSTED,
  CC_CAUSE_LOCAL_EPHEMERAL_PRESSURE,
  CC_CAUSE_LOCAL_BAD_SOURCE,
  CC_CAUSE_LOCAL_BLOCKED,
  CC_CAUSE_LOCAL_RESOURCES,
  CC_CAUSE_PROTOCOL_MISMATCH,
  CC_CAUSE_PROTOCOL_UNKNOWN,
  CC_CAUSE_PROTOCOL_SILENT,
  CC_CAUSE_CONN_RESET,
  CC_CAUSE_CONN_ERROR,
  CC_CAUSE_TLS_ALERT,
  CC_CAUSE_TLS_PLAINTEXT_REPLY,
  CC_CAUSE_TLS_ON_PLAIN_PORT,
  CC_CAUSE_DNS_NXDOMAIN,
  CC_CAUSE_DNS_FAILURE,
  CC_CAUSE_RESPONSE_SLOW,
  CC_CAUSE_ADDRESSES_PARTIAL,
  CC_CAUSE_DNS_NO_ADDRESS_FAMILY,
  CC_CAUSE_LOCAL_ROUTE_DISCARDS,
  CC_CAUSE_REFUSED_FIREWALL_REJECT,
  CC_CAUSE_UNREACHABLE_PROHIBITED,
  CC_CAUSE_REFUSED_LOCAL_RULE,
  CC_CAUSE_TIMEOUT_ACCEPT_QUEUE_FULL,
  CC_CAUSE_LAST
} CcCauseId;

typedef struct {
  CcCauseId id;
  const char *name;    /* stable id users match on, e.g. "refused.not_listening" */
  CcState state;       /* default state when this cause is the verdict */
  const char *summary; /* what is wrong, plain English */
  const char *advice;  /* what to do about it */
} CcCause;

const CcCause *cc_cause_get (CcCauseId id);
/* Looks a cause up by its exact name; NULL when there is none. */
const CcCause *cc_cause_find (const char *name);
