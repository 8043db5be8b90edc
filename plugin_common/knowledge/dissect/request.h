/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a client meant to speak, from the first bytes it sent. The dissectors judge
 * servers' replies; this judges requests, which only a capture shows us. */
#pragma once

#include <glib.h>

typedef struct {
  const char *name;  /* "websocket", "http", "http2", "tls", "ssh", "redis" */
  const char *title; /* "WebSocket", "HTTP", ... */
  const char *article; /* "a" or "an", before the title */
} CcRequestKind;

/* The kind of request, or NULL when the bytes match none we know (or there are none). */
const CcRequestKind *cc_request_identify (const guint8 *bytes, gsize length);
