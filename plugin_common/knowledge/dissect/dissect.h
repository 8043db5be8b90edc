/* Protocol dissectors, after Wireshark's epan/dissectors: one file per protocol, one
 * registry. A dissector is pure: it reads only the bytes it is given, does no I/O, and
 * frees whatever it allocates except what it hands back. */
#pragma once

#include <glib.h>

#include "model/endpoint.h"

/* What a probe is built from, per endpoint. The caller supplies randomness (nonce) so that
 * dissectors stay deterministic and testable. */
typedef struct {
  const char *host;        /* target name or address, for Host: and SNI by default */
  guint16 port;
  const char *path;        /* HTTP and WebSocket request path; NULL means "/" */
  const char *host_header; /* overrides host for Host:; NULL means host */
  const char *sni;         /* overrides host for TLS SNI; NULL means host (none for literals) */
  const guint8 *nonce;     /* 16 random bytes (WebSocket key, TLS random); may be NULL */
} CcProbeContext;

/* One line of a protocol tree for -v: "http.status: 400", "ssh.software: OpenSSH_9.2p1".
 * Values are raw peer bytes made printable by the caller's escaping. */
typedef struct {
  char *name;
  char *value;
} CcField;

/* Score results: 0 = not this protocol, 100 = certain. A negative score means "could be,
 * need at least -score more bytes". */
#define CC_SCORE_NONE 0
#define CC_SCORE_CERTAIN 100
/* Minimum score to name a protocol. */
#define CC_SCORE_THRESHOLD 50

typedef struct CcDissector CcDissector;
struct CcDissector {
  const char *name;            /* stable id: "http", "websocket", "tls", "ssh", ... */
  const char *title;           /* for people: "HTTP/1.x", "WebSocket", "SSH" */
  const guint16 *ports;        /* default ports, 0-terminated */
  gboolean server_speaks_first;
  /* Bytes to send after connecting, or NULL (member may be NULL) for banner protocols. */
  GBytes *(*build_probe) (const CcProbeContext *context);
  /* How much the reply looks like this protocol; context may be NULL (no probe was sent
   * by us, e.g. when scoring a banner or a capture). */
  int (*score) (const guint8 *reply, gsize length, const CcProbeContext *context);
  /* Appends CcField items (owned by fields; free with cc_field_free) describing reply. */
  void (*describe) (const guint8 *reply, gsize length, GPtrArray *fields);
};

void cc_field_free (gpointer field);
GPtrArray *cc_fields_new (void);

/* The registry: all dissectors, NULL-terminated, in a fixed order. */
const CcDissector *const *cc_dissectors (void);
const CcDissector *cc_dissector_find (const char *name);

/* The best-scoring dissector for a reply, or NULL when none reaches the threshold; score
 * receives the winning score. A port hint breaks ties in favour of that port's protocol.
 * Without a winner, score receives the best score below the threshold, else the smallest
 * "need more bytes" (negative), else 0. */
const CcDissector *cc_dissect_identify (const guint8 *reply, gsize length, guint16 port_hint,
                                        const CcProbeContext *context, int *score);

/* Sets the protocol an endpoint expects: the name of a dissector that sends a probe or
 * listens for a banner, or the TLS schemes "https" and "wss"; "ws" is taken as
 * "websocket". The registry is what knows the names. */
gboolean cc_endpoint_set_protocol (CcEndpoint *endpoint, const char *text, GError **error);
