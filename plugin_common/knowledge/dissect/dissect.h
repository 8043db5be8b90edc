/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* probe_order of a dissector whose probe another one's covers. */
#define CC_PROBE_COVERED (-1)

/* How a server answered one step of an upgrade to TLS on the same connection. */
typedef enum {
  CC_STARTTLS_MORE,    /* the answer is not complete yet */
  CC_STARTTLS_GO,      /* on to the next step, or to the TLS handshake after the last */
  CC_STARTTLS_REFUSED, /* the server will not (or does not offer to) */
} CcStarttlsAnswer;

typedef struct CcDissector CcDissector;
struct CcDissector {
  const char *name;            /* stable id: "http", "websocket", "tls", "ssh", ... */
  const char *title;           /* for people: "HTTP/1.x", "WebSocket", "SSH" */
  const char *kind;            /* its servers named in a mismatch, article included: "an
                                * HTTP" for every HTTP flavour, "a Redis" */
  const char *tls_scheme;      /* what carries it over TLS ("https", "wss"), or NULL */
  const guint16 *ports;        /* default ports, 0-terminated */
  gboolean server_speaks_first;
  /* Where its probe comes when identifying a server: 1 first, then 2, ...; 0 after all
   * those, in registry order; CC_PROBE_COVERED when another probe asks the same (a
   * WebSocket upgrade is an HTTP request). Line-based text probes come early: a server
   * that does not speak their protocol answers an error line or closes at once, whereas
   * a text server sent a binary probe often waits silently for a line end, costing a
   * whole reply window. */
  int probe_order;
  /* Bytes to send after connecting, or NULL (member may be NULL) for banner protocols. */
  GBytes *(*build_probe) (const CcProbeContext *context);
  /* How much the reply looks like this protocol; context may be NULL (no probe was sent
   * by us, e.g. when scoring a banner or a capture). */
  int (*score) (const guint8 *reply, gsize length, const CcProbeContext *context);
  /* Appends CcField items (owned by fields; free with cc_field_free) describing reply. */
  void (*describe) (const guint8 *reply, gsize length, GPtrArray *fields);
  /* What a reply of this protocol says, in words people know, appended to out with any
   * peer bytes raw: "HTTP 400 Bad Request", "an SSH-2.0 banner (OpenSSH 9.2)". NULL when
   * the title says it all. */
  void (*said) (const guint8 *reply, gsize length, GString *out);
  /* The words for a server that answered this protocol's request in another protocol
   * (reply), appended to out; FALSE, or NULL, leaves the wording to the caller. */
  gboolean (*mismatch) (const guint8 *reply, gsize length, GString *out);
  /* Whether a reply of this protocol says the server wants TLS on this port; NULL: never. */
  gboolean (*asks_for_tls) (const guint8 *reply, gsize length);
  /* Asking the server for TLS on the same connection (STARTTLS, PostgreSQL's
   * SSLRequest), in starttls_steps steps (0: no such upgrade): the bytes to send at a
   * step (NULL: the step only reads the greeting), and what the answer says. */
  guint starttls_steps;
  const char *starttls_name;   /* what the upgrade is called: "STARTTLS", "SSLRequest" */
  GBytes *(*starttls_request) (guint step);
  CcStarttlsAnswer (*starttls_answer) (guint step, const guint8 *reply, gsize length);
};

void cc_field_free (gpointer field);
GPtrArray *cc_fields_new (void);

/* The registry: all dissectors, NULL-terminated, in a fixed order. */
const CcDissector *const *cc_dissectors (void);
const CcDissector *cc_dissector_find (const char *name);
gboolean cc_dissector_has_port (const CcDissector *dissector, guint16 port);
/* The dissectors whose probes identify a server, in the order to try them (probe_order,
 * then registry order) into out; returns how many, at most max. */
guint cc_identification_probes (const CcDissector **out, guint max);

/* The name of a TLS alert description (RFC 8446 6.2, "certificate_expired"), or NULL. */
const char *cc_tls_alert_name (guint8 description);
/* The cause a fatal alert from a server names: tls.version for protocol_version,
 * tls.client_cert_required for certificate_required, else tls.alert. Live checks and
 * captures alike. */
CcCauseId cc_tls_alert_cause (guint8 description);
/* "TLS handshake failed: the server sent the fatal alert certificate_expired (45)";
 * level 1 warning, 2 fatal, anything else unsaid. */
void cc_tls_alert_describe (GString *out, guint8 level, guint8 description);
/* The words and the cause of an alert the server sent, after it asked for a client
 * certificate or not: live checks and captures alike. */
CcCauseId cc_tls_alert_verdict (GString *out, guint8 level, guint8 description,
                                gboolean client_certificate_asked);

/* The HTTP/1.x status line "HTTP/1.x NNN reason". */
typedef struct {
  guint minor_version;
  guint status;
  const guint8 *reason;
  gsize reason_length;
  const guint8 *headers; /* start of the header block, after the status line */
  gsize headers_length;
  gboolean malformed; /* no space after the code: the reason is all that follows it */
} CcHttpStatus;

/* Score of an HTTP/1.x status line at the start of reply; fills status when certain. */
int cc_http_parse_status (const guint8 *reply, gsize length, CcHttpStatus *status);

/* --starttls needs a protocol that can ask for TLS on the same connection; --tls one to
 * speak inside TLS. */
gboolean cc_endpoint_check_starttls (const CcEndpoint *endpoint, GError **error);

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
