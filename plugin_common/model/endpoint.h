/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What to check: one host and port, and what the answer must satisfy. */
#pragma once

#include <glib.h>

#include "base/address.h"
#include "base/cidr.h"
#include "model/causes.h"
#include "model/state.h"
#include "model/thresholds.h"

typedef enum {
  CC_FAMILY_ANY,
  CC_FAMILY_IPV4,
  CC_FAMILY_IPV6,
} CcFamily;

typedef struct {
  char *host;        /* name or address literal, without IPv6 brackets */
  guint16 port;
  CcFamily family;
  double timeout_s;  /* whole check, name resolution included */
  gboolean has_warning;
  gboolean has_critical;
  CcRange warning;   /* on connect time, seconds */
  CcRange critical;
  /* The conversation after connecting (net/exchange.h); all NULL/FALSE: connect only. */
  char *protocol;    /* expected protocol: a dissector name, or "https", "wss", "ws" */
  char *path;        /* HTTP and WebSocket request path; NULL means "/" */
  char *host_header; /* Host: header; NULL means host */
  char *sni;         /* TLS server name; NULL means host (none for address literals) */
  gboolean identify; /* name whatever protocol answers, expecting none */
  /* What the answer must hold (endpoint_answer.c); NULL: whatever the protocol allows. */
  GArray *expect_status;  /* CcStatusRange: HTTP statuses that are OK (--expect-status) */
  char *expect_body;      /* text the HTTP body must contain (--expect-body) */
  char *expect_regex;     /* GRegex the HTTP body must match (--expect-regex) */
  GBytes *send;           /* bytes to send after connecting, no protocol (--send) */
  GBytes *expect_reply;   /* bytes the first reply must contain, no protocol (--expect) */
  /* TLS (net/tls.h): certificates verify against the system store unless ca_file names
   * the trusted roots; insecure skips verification. */
  char *ca_file;
  gboolean insecure;
  gboolean starttls;        /* ask for TLS in the protocol first (smtp, postgresql) */
  gboolean implicit_tls;    /* TLS from the first byte, the protocol inside (465, 993) */
  guint8 tls_max_version;   /* 12 or 13 for TLS 1.2 or 1.3; 0: the library's highest */
  gboolean has_certificate_days;
  gint certificate_warn_days; /* --certificate-days WARN[,CRIT] as check_http -C: fewer
                               * days left than WARN is WARNING, than CRIT CRITICAL */
  gint certificate_crit_days;
  /* Diagnosis (endpoint_settings.c); the arrays are NULL until something is added. */
  GArray *expect;          /* CcCidr: where the name must resolve (--expect-address) */
  GArray *front_proxies;   /* CcCidr: CDN and proxy ranges (--front-proxy-cidrs) */
  GArray *service_ports;   /* guint16: where the expected service may listen instead */
  GArray *state_overrides; /* CcStateOverride (--state CAUSE=STATE) */
  CcAddress *source;       /* --source: bind the client to this address; NULL: the kernel
                            * chooses (a pointer: most endpoints of a bulk run have none) */
  gboolean diagnose;       /* --diagnose, or 'diagnose = true' in a config file: more
                            * evidence (diagnosis/diagnose.h) */
  gboolean side_probes;    /* while the connect is silent, connect to other ports of the
                            * host to tell a timeout's cause by the deadline (on for a
                            * single check unless --no-diagnose; in bulk with
                            * 'diagnose = true') */
  gboolean has_ephemeral_warn;
  guint ephemeral_warn_pct;
  CcState timeout_result; /* the state when the check ends at its -t deadline */
} CcEndpoint;

#define CC_DEFAULT_TIMEOUT_S 10.0
#define CC_DEFAULT_EPHEMERAL_WARN_PCT 80

#define CC_ENDPOINT_ERROR (cc_endpoint_error_quark ())
GQuark cc_endpoint_error_quark (void);

typedef enum {
  CC_ENDPOINT_ERROR_HOST,
  CC_ENDPOINT_ERROR_PORT,
  CC_ENDPOINT_ERROR_TIMEOUT,
  CC_ENDPOINT_ERROR_PROTOCOL,
  CC_ENDPOINT_ERROR_TIMEOUT_RESULT,
  CC_ENDPOINT_ERROR_INVALID,   /* a diagnosis setting that does not parse */
  CC_ENDPOINT_ERROR_CONFLICT,  /* settings that contradict each other */
} CcEndpointError;

CcEndpoint *cc_endpoint_new (void);
void cc_endpoint_free (CcEndpoint *endpoint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcEndpoint, cc_endpoint_free)

/* Accepts names (internationalised ones in UTF-8 become their xn-- form), IPv4 literals
 * and IPv6 literals with or without brackets. */
gboolean cc_endpoint_set_host (CcEndpoint *endpoint, const char *text, GError **error);
/* Accepts decimal 1..65535 only. */
gboolean cc_endpoint_set_port (CcEndpoint *endpoint, const char *text, GError **error);
/* The same check for a port that needs no endpoint (a bound of a port range). */
gboolean cc_port_parse (const char *text, guint16 *port, GError **error);
/* Accepts seconds, decimals allowed, above 0 and at most one day. */
gboolean cc_endpoint_set_timeout (CcEndpoint *endpoint, const char *text, GError **error);
/* Accepts an absolute path of printable ASCII without spaces. */
gboolean cc_endpoint_set_path (CcEndpoint *endpoint, const char *text, GError **error);
/* Host header and SNI: a host name or address, optionally with :port for Host:. */
gboolean cc_endpoint_set_host_header (CcEndpoint *endpoint, const char *text, GError **error);
gboolean cc_endpoint_set_sni (CcEndpoint *endpoint, const char *text, GError **error);
/* A PEM file of trusted certificates: a readable regular file is checked now. */
gboolean cc_endpoint_set_ca_file (CcEndpoint *endpoint, const char *path, GError **error);
/* "WARN" or "WARN,CRIT", whole days from 0 to 36500, CRIT not above WARN. */
/* --certificate-days WARN[,CRIT] for a certificate with days_left whole days to run:
 * fewer than WARN is expiring, fewer than CRIT critical (check_http -C). */
gboolean cc_endpoint_certificate_expiring (const CcEndpoint *endpoint, gint64 days_left);
gboolean cc_endpoint_certificate_critical (const CcEndpoint *endpoint, gint64 days_left);
gboolean cc_endpoint_set_certificate_days (CcEndpoint *endpoint, const char *text,
                                           GError **error);
/* "1.2" or "1.3". */
gboolean cc_endpoint_set_tls_max (CcEndpoint *endpoint, const char *text, GError **error);
/* TRUE for protocols carried by TLS: https, wss, tls, any with starttls or implicit_tls. */
gboolean cc_endpoint_wants_tls (const CcEndpoint *endpoint);
/* TRUE when the check goes on talking after connecting. */
gboolean cc_endpoint_wants_exchange (const CcEndpoint *endpoint);
/* Accepts ok, warning, critical or unknown, in any case. */
gboolean cc_endpoint_set_timeout_result (CcEndpoint *endpoint, const char *text,
                                         GError **error);

/* ---- Diagnosis settings (endpoint_settings.c) ---- */

typedef struct {
  char prefix[48]; /* a cause id ("timeout.filtered") or a prefix of ids ("timeout") */
  CcState state;
} CcStateOverride;

/* Adds addresses or prefixes, comma separated: "192.0.2.7,2001:db8::/32". */
gboolean cc_endpoint_add_expect_address (CcEndpoint *endpoint, const char *text,
                                         GError **error);
/* Adds the ranges of a file, one address or prefix a line (see cc_cidr_list_load), read
 * within the endpoint's timeout as set so far. */
gboolean cc_endpoint_load_front_proxies (CcEndpoint *endpoint, const char *path,
                                         GError **error);
gboolean cc_endpoint_add_service_port (CcEndpoint *endpoint, const char *text, GError **error);
/* An IPv4 or IPv6 address literal. */
gboolean cc_endpoint_set_source (CcEndpoint *endpoint, const char *text, GError **error);
/* A whole percentage, 1 to 100. */
gboolean cc_endpoint_set_ephemeral_warn (CcEndpoint *endpoint, const char *text,
                                         GError **error);

/* Parses "CAUSE=STATE" into overrides (CcStateOverride); CAUSE is an id or a prefix of
 * ids at a dot ("timeout"), STATE ok, warning, critical or unknown. */
gboolean cc_state_overrides_parse (GArray *overrides, const char *text, GError **error);
gboolean cc_endpoint_add_state_override (CcEndpoint *endpoint, const char *text,
                                         GError **error);
/* The state for cause: the longest matching override, the last one given on a tie, or
 * fallback when none matches. */
CcState cc_state_overrides_apply (const GArray *overrides, CcCauseId cause, CcState fallback);

/* Settings that contradict each other or the endpoint (a source of the other family). */
gboolean cc_endpoint_check_diagnosis (const CcEndpoint *endpoint, GError **error);
void cc_endpoint_clear_diagnosis (CcEndpoint *endpoint);

/* ---- What the answer must hold (endpoint_answer.c) ---- */

typedef struct {
  guint16 low;
  guint16 high;
} CcStatusRange;

/* The longest --expect-body, --expect-regex, --send or --expect accepted, in bytes. */
#define CC_EXPECT_MAX_BYTES 1024

/* "200,301-302": statuses 100 to 599, ranges low-high; replaces any earlier list. */
gboolean cc_endpoint_set_expect_status (CcEndpoint *endpoint, const char *text,
                                        GError **error);
gboolean cc_endpoint_set_expect_body (CcEndpoint *endpoint, const char *text, GError **error);
/* A GRegex pattern, compiled here once to refuse a bad one. */
gboolean cc_endpoint_set_expect_regex (CcEndpoint *endpoint, const char *text, GError **error);
/* Text with check_tcp's escapes: \r \n \t \\ and \xHH. */
gboolean cc_endpoint_set_send (CcEndpoint *endpoint, const char *text, GError **error);
gboolean cc_endpoint_set_expect_reply (CcEndpoint *endpoint, const char *text, GError **error);
/* Whether statuses, body or regex are expected of an HTTP answer. */
gboolean cc_endpoint_expects_http (const CcEndpoint *endpoint);
/* Whether the status is one --expect-status lists. */
gboolean cc_endpoint_status_expected (const CcEndpoint *endpoint, guint status);
/* Answer expectations that do not fit the protocol: HTTP ones without http, --send or
 * --expect with a protocol. */
gboolean cc_endpoint_check_answer (const CcEndpoint *endpoint, GError **error);
void cc_endpoint_clear_answer (CcEndpoint *endpoint);
