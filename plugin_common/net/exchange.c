/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/exchange.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "base/format.h"
#include "knowledge/dissect/http_answer.h"
#include "net/tls.h"

/* How long a server that speaks first gets to greet before we speak: servers greet right
 * after accept, so this covers a slow greeting while keeping a silent port cheap. */
#define BANNER_WAIT_US (250 * 1000)
/* How long the expected protocol's answer may take: a client would wait at least this. */
#define EXPECTED_WAIT_US (2 * G_USEC_PER_SEC)
/* How long an identification probe's answer may take. */
#define PROBE_WAIT_US (500 * 1000)
/* Peer bytes shown when nothing recognises them, or when --expect finds no match. */
#define SHOWN_BYTES 48

typedef enum {
  PHASE_STARTTLS,  /* asking for TLS within the protocol (--starttls) */
  PHASE_HANDSHAKE, /* TLS under the expected protocol: the handshake first */
  PHASE_LISTEN, /* waiting for a banner before speaking */
  PHASE_SEND,   /* writing the probe */
  PHASE_REPLY,  /* reading the answer to the probe */
  PHASE_DONE,
} Phase;

/* How a connection ended when it identified nothing. */
typedef enum {
  END_SILENT,
  END_CLOSED,
  END_RESET,
} End;

#define MAX_PLAN 24

struct CcExchange {
  const CcEndpoint *endpoint;
  guint8 nonce[16];
  CcProbeContext context;
  const CcDissector *expected; /* NULL when identifying */
  const char *scheme;          /* "https", "wss", "tls" when TLS carries the expected
                                * protocol ("tls": the handshake is all) */
  CcTlsClients *tls_clients;   /* shared by the run, or owned (owns_tls_clients) */
  gboolean owns_tls_clients;
  CcTlsSession *tls;           /* the current connection's TLS, or NULL */
  CcTlsCertificateVerdict certificate;
  char *tls_summary;           /* "TLS 1.3, ALPN http/1.1", once the handshake is done */
  guint starttls_step;
  gboolean identify_over_tls;  /* identifying: TLS answered, so look inside it once */

  const CcDissector *plan[MAX_PLAN]; /* probes still to try, in order */
  guint n_plan;
  guint next_plan;
  gboolean listen_next;       /* the next connection first waits for a banner */
  gint64 listen_window_us;

  /* The connection in progress. */
  Phase phase;
  const CcDissector *probe;   /* the probe sent on it, NULL while only listening */
  GBytes *request;
  gsize sent;
  GByteArray *reply;
  gint64 reply_started;        /* when the probe went out, or the connection began */
  gint64 wake_at;

  /* Evidence across connections. */
  gint64 started;
  guint connections;
  gsize bytes_received;
  gint64 first_byte_us;
  gboolean expected_done;     /* the expected protocol's own connection is over */
  gboolean expected_dropped;  /* ... closed or reset by the server without a byte */
  GByteArray *unknown_reply;  /* the first reply no dissector recognised */
  const CcDissector *unknown_probe;
  gboolean any_closed;
  gboolean any_reset;

  /* The verdict. */
  CcCauseId cause;
  GString *detail;            /* raw: quotes peer bytes as they came, NUL included */
  const CcDissector *identified;
  GPtrArray *fields;
  gint64 handshake_us;
};

/* TLS is the one protocol the exchange itself knows: it carries the https and wss
 * schemes, and a TLS answer to plain text (or plain text to TLS) has causes of its own. */
static gboolean
is_tls (const CcDissector *dissector)
{
  return dissector != NULL && strcmp (dissector->name, "tls") == 0;
}

static void
plan_add (CcExchange *exchange, const CcDissector *dissector)
{
  if (dissector == NULL || dissector->build_probe == NULL || exchange->n_plan == MAX_PLAN)
    return;
  for (guint i = 0; i < exchange->n_plan; i++)
    if (exchange->plan[i] == dissector)
      return;
  exchange->plan[exchange->n_plan++] = dissector;
}

/* Finding out what answers, HTTP's probe asks for a WebSocket upgrade at the path: a
 * plain HTTP server answers it as it answers a GET, a WebSocket endpoint switches
 * protocols, so one request names either. Only where plain HTTP is what we expect does
 * a plain GET go out. */
static const CcDissector *
identification_probe (const CcExchange *exchange, const CcDissector *dissector)
{
  const CcDissector *http = cc_dissector_find ("http");

  if (dissector == http && exchange->expected != http)
    return cc_dissector_find ("websocket");
  return dissector;
}

/* Identification probes after whatever is planned already: the port's own protocol
 * first, then in the registry's probe order. */
static void
plan_identification (CcExchange *exchange)
{
  const CcDissector *const *all = cc_dissectors ();
  const CcDissector *probes[MAX_PLAN];
  guint n = cc_identification_probes (probes, MAX_PLAN);

  for (guint i = 0; all[i] != NULL; i++)
    if (cc_dissector_has_port (all[i], exchange->endpoint->port)
        && all[i]->probe_order != CC_PROBE_COVERED)
      plan_add (exchange, identification_probe (exchange, all[i]));
  for (guint i = 0; i < n; i++)
    plan_add (exchange, identification_probe (exchange, probes[i]));
}

static const CcDissector *
port_hint (const CcEndpoint *endpoint)
{
  const CcDissector *const *all = cc_dissectors ();

  for (guint i = 0; all[i] != NULL; i++)
    if (cc_dissector_has_port (all[i], endpoint->port))
      return all[i];
  return NULL;
}

static void
plan_expected (CcExchange *exchange)
{
  const char *protocol = exchange->endpoint->protocol;

  if (exchange->endpoint->starttls || exchange->endpoint->implicit_tls)
    {
      exchange->scheme = protocol;
      exchange->expected = cc_dissector_find (protocol);
    }
  else if (cc_endpoint_wants_tls (exchange->endpoint))
    {
      /* The protocol inside TLS is what the dissectors check, on decrypted bytes. */
      exchange->scheme = protocol;
      exchange->expected = cc_dissector_find (strcmp (protocol, "https") == 0 ? "http"
                                              : strcmp (protocol, "wss") == 0 ? "websocket"
                                                                              : "tls");
    }
  else
    exchange->expected = cc_dissector_find (protocol);
  g_return_if_fail (exchange->expected != NULL);
  exchange->listen_next = exchange->scheme == NULL && exchange->expected->server_speaks_first;
  exchange->listen_window_us = EXPECTED_WAIT_US;
  plan_add (exchange, exchange->expected);
}

CcExchange *
cc_exchange_new (const CcEndpoint *endpoint, const guint8 nonce[16])
{
  CcExchange *exchange = g_new0 (CcExchange, 1);
  const CcDissector *hint;

  exchange->endpoint = endpoint;
  memcpy (exchange->nonce, nonce, sizeof exchange->nonce);
  exchange->context.host = endpoint->host;
  exchange->context.port = endpoint->port;
  exchange->context.path = endpoint->path;
  exchange->context.host_header = endpoint->host_header;
  exchange->context.sni = endpoint->sni;
  exchange->context.nonce = exchange->nonce;
  exchange->reply = g_byte_array_new ();
  exchange->fields = cc_fields_new ();
  exchange->first_byte_us = -1;
  exchange->handshake_us = -1;
  exchange->cause = CC_CAUSE_PROTOCOL_SILENT;
  exchange->detail = g_string_new ("no verdict yet");

  if (endpoint->send != NULL || endpoint->expect_reply != NULL)
    {
      /* No dissector: send the user's bytes (or listen) and look for the expected ones. */
      exchange->listen_next = endpoint->send == NULL;
      exchange->listen_window_us = EXPECTED_WAIT_US;
      return exchange;
    }
  if (endpoint->protocol != NULL)
    plan_expected (exchange);
  else
    {
      /* A port whose protocol waits for the client gets its probe at once: no banner
       * will come, so waiting for one would only cost time. */
      hint = port_hint (endpoint);
      exchange->listen_next = hint == NULL || hint->build_probe == NULL
                              || hint->server_speaks_first;
      exchange->listen_window_us = BANNER_WAIT_US;
      exchange->expected_done = TRUE;
    }
  plan_identification (exchange);
  return exchange;
}

void
cc_exchange_free (CcExchange *exchange)
{
  if (exchange == NULL)
    return;
  g_clear_pointer (&exchange->request, g_bytes_unref);
  g_byte_array_unref (exchange->reply);
  g_clear_pointer (&exchange->unknown_reply, g_byte_array_unref);
  g_clear_pointer (&exchange->tls, cc_tls_session_free);
  if (exchange->owns_tls_clients)
    cc_tls_clients_free (exchange->tls_clients);
  cc_tls_certificate_verdict_clear (&exchange->certificate);
  g_free (exchange->tls_summary);
  g_ptr_array_unref (exchange->fields);
  g_string_free (exchange->detail, TRUE);
  g_free (exchange);
}

/* The first line of reply when it is text (printable, so no NUL); NULL for binary
 * replies. */
static char *
first_line (const guint8 *reply, gsize length, gsize max)
{
  gsize end = 0;

  while (end < length && end < max && reply[end] != '\r' && reply[end] != '\n')
    if (!g_ascii_isprint (reply[end++]))
      return NULL;
  return end > 0 ? g_strndup ((const char *) reply, end) : NULL;
}

/* What the server did, as the end of "it ...": "sent an SSH-2.0 banner (OpenSSH 9.2)",
 * "answered HTTP 400 Bad Request", "speaks Redis"; raw peer bytes included. */
static void
append_what_it_said (GString *out, const CcDissector *actual, const guint8 *reply,
                     gsize length)
{
  if (actual->said == NULL)
    {
      g_string_append_printf (out, "speaks %s", actual->title);
      return;
    }
  g_string_append (out, actual->server_speaks_first ? "sent " : "answered ");
  actual->said (reply, length, out);
}

static GString *
mismatch_detail (const CcExchange *exchange, const CcDissector *actual, const guint8 *reply,
                 gsize length)
{
  const CcDissector *expected = exchange->expected;
  GString *out = g_string_new (NULL);

  if (expected->mismatch != NULL && expected->mismatch (reply, length, out))
    return out;
  g_string_append_printf (out, "not %s server: it ", expected->kind);
  append_what_it_said (out, actual, reply, length);
  if (exchange->expected_dropped)
    g_string_append (out, " (it dropped the connection at our request without a word)");
  return out;
}

static gboolean
wants_tls (const CcDissector *actual, const guint8 *reply, gsize length)
{
  return actual->asks_for_tls != NULL && actual->asks_for_tls (reply, length);
}

static void
conclude_raw (CcExchange *exchange, CcCauseId cause, GString *detail)
{
  exchange->phase = PHASE_DONE;
  exchange->cause = cause;
  /* A bulk run keeps every verdict to the end, not every TLS session. */
  g_clear_pointer (&exchange->tls, cc_tls_session_free);
  g_string_free (exchange->detail, TRUE);
  exchange->detail = detail;
}

/* A verdict in words that quote no peer bytes but NUL-free text. */
static void
conclude (CcExchange *exchange, CcCauseId cause, char *detail)
{
  conclude_raw (exchange, cause, g_string_new (detail));
  g_free (detail);
}

static const char *
field_value (GPtrArray *fields, const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const CcField *field = g_ptr_array_index (fields, i);
      if (strcmp (field->name, name) == 0)
        return field->value;
    }
  return NULL;
}

/* "identified https (HTTP/1.x over TLS 1.3, ALPN http/1.1): HTTP/1.1 200 OK, server
 * nginx/1.22.1": raw peer bytes included. */
static char *
identified_inside_tls (const CcExchange *exchange, const CcDissector *dissector,
                       const char *line)
{
  g_autofree char *server_field = g_strconcat (dissector->name, ".server", NULL);
  const char *server = field_value (exchange->fields, server_field);

  return g_strdup_printf ("identified %s (%s over %s)%s%s%s%s",
                          dissector->tls_scheme != NULL ? dissector->tls_scheme : dissector->name,
                          dissector->title, exchange->tls_summary, line != NULL ? ": " : "",
                          line != NULL ? line : "", server != NULL ? ", server " : "",
                          server != NULL ? server : "");
}

static char *
success_detail (const CcExchange *exchange, const CcDissector *dissector)
{
  const guint8 *reply = exchange->reply->data;
  g_autofree char *line = first_line (reply, exchange->reply->len, 80);
  const char *verb = exchange->expected != NULL ? "speaks" : "identified";

  if (exchange->scheme != NULL && line != NULL)
    return g_strdup_printf ("%s %s (%s over %s): %s", verb, exchange->scheme, dissector->title,
                            exchange->tls_summary, line);
  if (exchange->expected == NULL && exchange->tls_summary != NULL)
    return identified_inside_tls (exchange, dissector, line);
  if (line == NULL)
    {
      g_autofree char *version_field = g_strconcat (dissector->name, ".version", NULL);
      const char *version = field_value (exchange->fields, version_field);
      return g_strdup_printf ("%s %s (%s%s%s)%s%s", verb, dissector->name, dissector->title,
                              exchange->tls_summary != NULL ? " over " : "",
                              exchange->tls_summary != NULL ? exchange->tls_summary : "",
                              version != NULL ? ": version " : "",
                              version != NULL ? version : "");
    }
  return g_strdup_printf ("%s %s (%s): %s", verb, dissector->name, dissector->title, line);
}

/* The reply is a TLS alert record (the tls dissector said so): content type, version,
 * length, then level and description. */
static void
conclude_alert (CcExchange *exchange)
{
  const guint8 *record = exchange->reply->data;
  GString *detail = g_string_new (NULL);
  guint8 description = exchange->reply->len >= 7 ? record[6] : 0;

  cc_tls_alert_describe (detail, exchange->reply->len >= 7 ? record[5] : 0, description);
  conclude_raw (exchange, cc_tls_alert_cause (description), detail);
}

/* TLS was expected and the handshake failed; what answered is on a plain connection. */
static void
conclude_plain_for_tls (CcExchange *exchange, const CcDissector *actual, gboolean alert)
{
  GString *detail;

  if (alert)
    {
      conclude_alert (exchange);
      return;
    }
  if (is_tls (actual))
    {
      conclude (exchange, CC_CAUSE_TLS_HANDSHAKE,
                g_strdup ("TLS handshake failed: the server speaks TLS, but not with this "
                          "client"));
      return;
    }
  detail = g_string_new ("TLS handshake failed: the server answered in plain text (it ");
  append_what_it_said (detail, actual, exchange->reply->data, exchange->reply->len);
  g_string_append_c (detail, ')');
  conclude_raw (exchange, CC_CAUSE_TLS_PLAINTEXT_REPLY, detail);
}

/* nginx and others finish the handshake without the client certificate they asked for,
 * then refuse the request: HTTP 400 "No required SSL certificate was sent". */
static gboolean
refused_without_client_certificate (const CcExchange *exchange, const CcDissector *actual)
{
  CcHttpStatus status;

  return cc_tls_session_client_certificate_asked (exchange->tls)
         && cc_http_parse_status (exchange->reply->data, exchange->reply->len, &status)
              >= CC_SCORE_THRESHOLD
         && status.status == 400;
}

/* The expected protocol answered; a certificate near its end still makes it a warning
 * (check_http -C). */
static void
conclude_success (CcExchange *exchange, char *detail)
{
  const CcEndpoint *endpoint = exchange->endpoint;
  const CcTlsCertificateVerdict *certificate = &exchange->certificate;

  if (exchange->tls != NULL && certificate->has_days_left
      && cc_endpoint_certificate_expiring (endpoint, certificate->days_left))
    {
      conclude (exchange, CC_CAUSE_TLS_CERT_EXPIRING,
                g_strdup_printf ("TLS certificate expires in %" G_GINT64_FORMAT " day%s "
                                 "(%s); %s", certificate->days_left,
                                 certificate->days_left == 1 ? "" : "s",
                                 certificate->detail->str, detail));
      g_free (detail);
      return;
    }
  conclude (exchange, CC_CAUSE_NONE, detail);
}

/* Concludes with what a judgement of the reply found, taking detail; FALSE (and detail
 * dropped) when it found nothing wrong. */
static gboolean
conclude_judged (CcExchange *exchange, CcCauseId cause, GString *detail)
{
  if (cause == CC_CAUSE_NONE)
    {
      g_string_free (detail, TRUE);
      return FALSE;
    }
  conclude_raw (exchange, cause, detail);
  return TRUE;
}

/* The expected HTTP answered: its status and body as the user expects, or as check_http
 * judges them. FALSE when all is well. */
static gboolean
conclude_http_answer (CcExchange *exchange, const CcDissector *actual)
{
  GString *detail;

  if (exchange->expected == NULL || actual != cc_dissector_find ("http"))
    return FALSE;
  detail = g_string_new (NULL);
  return conclude_judged (exchange,
                          cc_http_answer_judge (exchange->reply->data, exchange->reply->len,
                                                exchange->endpoint, detail),
                          detail);
}

/* A WebSocket upgrade that a proxy answers 502 or 504 went through the proxy, which does
 * forward WebSocket: its upstream failed, not the protocol. */
static gboolean
is_websocket_upgrade_to_gateway (CcExchange *exchange, const CcDissector *actual)
{
  GString *detail;

  if (exchange->expected != cc_dissector_find ("websocket")
      || actual != cc_dissector_find ("http"))
    return FALSE;
  detail = g_string_new ("WebSocket handshake failed: ");
  return conclude_judged (exchange,
                          cc_http_answer_gateway (exchange->reply->data, exchange->reply->len,
                                                  detail),
                          detail);
}

/* A verdict on the reply that identified a protocol: the expected one, another, or
 * TLS where plain text was expected and the other way round. */
static void
conclude_identified (CcExchange *exchange, const CcDissector *actual)
{
  const guint8 *reply = exchange->reply->data;
  gsize length = exchange->reply->len;
  const CcDissector *expected = exchange->expected;
  gboolean tls_reply = is_tls (actual);
  gboolean alert;

  exchange->identified = actual;
  exchange->handshake_us = g_get_monotonic_time () - exchange->started;
  actual->describe (reply, length, exchange->fields);
  alert = field_value (exchange->fields, "tls.alert") != NULL;
  if (exchange->scheme != NULL && exchange->tls == NULL && !exchange->endpoint->starttls)
    conclude_plain_for_tls (exchange, actual, alert);
  else if (exchange->tls != NULL && refused_without_client_certificate (exchange, actual))
    {
      GString *detail = g_string_new ("the server asked for a TLS client certificate and, "
                                      "without one, ");
      append_what_it_said (detail, actual, reply, length);
      conclude_raw (exchange, CC_CAUSE_TLS_CLIENT_CERT_REQUIRED, detail);
    }
  else if (expected == NULL || actual == expected)
    {
      if (alert && expected != NULL)
        conclude_alert (exchange);
      else if (!conclude_http_answer (exchange, actual))
        conclude_success (exchange, success_detail (exchange, actual));
    }
  else if (is_websocket_upgrade_to_gateway (exchange, actual))
    return;
  else if (is_tls (expected))
    {
      GString *detail = g_string_new ("TLS handshake failed: the server answered in plain "
                                      "text (it ");
      append_what_it_said (detail, actual, reply, length);
      g_string_append_c (detail, ')');
      conclude_raw (exchange, CC_CAUSE_TLS_PLAINTEXT_REPLY, detail);
    }
  else if (tls_reply)
    conclude (exchange, CC_CAUSE_TLS_ON_PLAIN_PORT,
              g_strdup_printf ("not %s server: it speaks TLS on this port (use %s)",
                               expected->kind, expected->tls_scheme != NULL
                                                 ? expected->tls_scheme
                                                 : "--tls, or tls = true in a config file"));
  else
    conclude_raw (exchange, CC_CAUSE_PROTOCOL_MISMATCH,
                  mismatch_detail (exchange, actual, reply, length));
}

/* Nothing identified the server: say what was seen, most telling first. */
static void
conclude_unidentified (CcExchange *exchange)
{
  const CcDissector *expected = exchange->expected;
  g_autofree char *prefix = expected != NULL ? g_strdup_printf ("not %s server: ", expected->kind)
                                             : g_strdup ("");

  if (exchange->unknown_reply != NULL)
    {
      GByteArray *bytes = exchange->unknown_reply;
      GString *detail = g_string_new (NULL);

      g_string_printf (detail, "%sunrecognised %s%s: \"", prefix,
                       exchange->unknown_probe != NULL ? "answer to the probe for " : "banner",
                       exchange->unknown_probe != NULL ? exchange->unknown_probe->name : "");
      g_string_append_len (detail, (const char *) bytes->data, MIN (bytes->len, SHOWN_BYTES));
      g_string_append_printf (detail, "\"%s (%u bytes)", bytes->len > SHOWN_BYTES ? "..." : "",
                              bytes->len);
      conclude_raw (exchange, CC_CAUSE_PROTOCOL_UNKNOWN, detail);
    }
  else if (exchange->any_reset || exchange->any_closed)
    conclude (exchange, CC_CAUSE_CONN_RESET,
              g_strdup_printf ("%sthe server %s the connection without sending a byte",
                               prefix, exchange->any_reset ? "reset" : "closed"));
  else
    {
      g_autofree char *ignored = exchange->next_plan == 0
                                   ? g_strdup ("")
                                   : g_strdup_printf (" and ignored %u probe%s",
                                                      exchange->next_plan,
                                                      exchange->next_plan == 1 ? "" : "s");
      gint64 waited = g_get_monotonic_time () - exchange->started;
      conclude (exchange, CC_CAUSE_PROTOCOL_SILENT,
                g_strdup_printf ("%sconnected, but the server sent nothing in %s%s", prefix,
                                 cc_format_duration (waited).text, ignored));
    }
}

/* The first unrecognised reply is the evidence protocol.unknown shows. */
static void
keep_unknown (CcExchange *exchange)
{
  if (exchange->reply->len == 0 || exchange->unknown_reply != NULL)
    return;
  exchange->unknown_reply = exchange->reply;
  exchange->unknown_probe = exchange->probe;
  exchange->reply = g_byte_array_new ();
}

/* A TLS error ended the connection (an alert after the handshake: a TLS 1.3 server
 * asks for the client certificate only then): the verdict, when there was one. */
static gboolean
tls_failed (CcExchange *exchange)
{
  GString *detail = g_string_new (NULL);
  CcCauseId cause = cc_tls_session_failure (exchange->tls, detail);

  if (cause == CC_CAUSE_NONE)
    {
      g_string_free (detail, TRUE);
      return FALSE;
    }
  conclude_raw (exchange, cause, detail);
  return TRUE;
}

/* The connection ended without identifying anything: on to the next probe, on a new
 * connection, or a verdict when none is left. */
static CcExchangeWant
connection_over (CcExchange *exchange, End end)
{
  gboolean dropped = end != END_SILENT && exchange->reply->len == 0;

  if (exchange->tls != NULL && tls_failed (exchange))
    return CC_EXCHANGE_DONE;
  if (exchange->tls != NULL && exchange->expected == NULL && exchange->reply->len == 0)
    {
      /* Identifying inside TLS, and the server ended the connection at HTTP, as Redis and
       * Mosquitto do: TLS is what is known. */
      exchange->identified = cc_dissector_find ("tls");
      conclude (exchange, CC_CAUSE_NONE,
                g_strdup_printf ("identified tls (%s), but the inside stays unknown: the "
                                 "server %s an HTTP request", exchange->tls_summary,
                                 end == END_SILENT ? "ignored" : "ended the connection at"));
      return CC_EXCHANGE_DONE;
    }
  exchange->any_closed |= dropped && end == END_CLOSED;
  exchange->any_reset |= dropped && end == END_RESET;
  keep_unknown (exchange);
  if (!exchange->expected_done)
    {
      exchange->expected_done = TRUE;
      exchange->expected_dropped = dropped;
      /* The expected protocol's own banner was awaited: any other banner came too. */
      exchange->listen_next = !exchange->expected->server_speaks_first;
      exchange->listen_window_us = BANNER_WAIT_US;
    }
  if (exchange->next_plan < exchange->n_plan
      && exchange->connections < CC_EXCHANGE_MAX_CONNECTIONS)
    return CC_EXCHANGE_RECONNECT;
  conclude_unidentified (exchange);
  return CC_EXCHANGE_DONE;
}

/* An HTTP answer to the expected HTTP or WebSocket request is judged on its headers
 * (which name a proxy) and, when a body is expected, on its body too. */
static gboolean
awaits_more_http (const CcExchange *exchange, const CcDissector *actual)
{
  const CcDissector *http = cc_dissector_find ("http");
  const CcEndpoint *endpoint = exchange->endpoint;

  if (actual != http || exchange->expected == NULL
      || (exchange->expected != http && exchange->expected != cc_dissector_find ("websocket")))
    return FALSE;
  return !cc_http_answer_complete (exchange->reply->data, exchange->reply->len,
                                   exchange->expected == http
                                     && (endpoint->expect_body != NULL
                                         || endpoint->expect_regex != NULL));
}

/* The first reply bytes, quoted for --expect's verdicts. */
static void
append_reply_start (GString *out, const GByteArray *reply)
{
  g_string_append_c (out, '"');
  g_string_append_len (out, (const char *) reply->data, MIN (reply->len, SHOWN_BYTES));
  g_string_append_printf (out, "\"%s (%u bytes)", reply->len > SHOWN_BYTES ? "..." : "",
                          reply->len);
}

/* --expect's bytes were found. */
static void
conclude_expected_found (CcExchange *exchange, GBytes *wanted)
{
  GString *detail = g_string_new ("the reply holds the expected \"");
  gsize length;
  const char *data = g_bytes_get_data (wanted, &length);

  g_string_append_len (detail, data, length);
  g_string_append_c (detail, '"');
  conclude_raw (exchange, CC_CAUSE_NONE, detail);
}

/* No more bytes will be looked at: what came instead of --expect's bytes, or what came
 * back for --send alone (anything goes). */
static void
conclude_expected_missing (CcExchange *exchange, GBytes *wanted, End end)
{
  const GByteArray *reply = exchange->reply;
  GString *detail = g_string_new (NULL);
  gint64 waited = g_get_monotonic_time () - exchange->reply_started;

  if (wanted != NULL)
    {
      gsize length;
      const char *data = g_bytes_get_data (wanted, &length);

      g_string_append (detail, "expected \"");
      g_string_append_len (detail, data, length);
      g_string_append (detail, "\", the server sent ");
      append_reply_start (detail, reply);
    }
  else if (reply->len > 0)
    {
      g_string_append (detail, "the server answered ");
      append_reply_start (detail, reply);
    }
  else
    g_string_printf (detail, "sent %" G_GSIZE_FORMAT " bytes; %s%s (none expected)",
                     g_bytes_get_size (exchange->endpoint->send),
                     end == END_CLOSED ? "the server closed the connection without a reply"
                                       : "no reply in ",
                     end == END_CLOSED ? "" : cc_format_duration (waited).text);
  conclude_raw (exchange, wanted != NULL ? CC_CAUSE_EXPECT_MISMATCH : CC_CAUSE_NONE, detail);
}

/* --send and --expect: the expected bytes anywhere in the reply so far. A mismatch is
 * judged once a whole line has come (or the server closed, or the window ended): a
 * banner comes in one piece. */
static CcExchangeWant
judge_expected_bytes (CcExchange *exchange, gboolean final, End end)
{
  const GByteArray *reply = exchange->reply;
  GBytes *wanted = exchange->endpoint->expect_reply;
  gsize wanted_length = wanted != NULL ? g_bytes_get_size (wanted) : 0;
  gboolean whole_line = reply->len >= wanted_length && reply->len > 0
                        && reply->data[reply->len - 1] == '\n';

  if (wanted != NULL && reply->len > 0
      && memmem (reply->data, reply->len, g_bytes_get_data (wanted, NULL), wanted_length))
    conclude_expected_found (exchange, wanted);
  else if (!final && reply->len < CC_EXCHANGE_MAX_BYTES
           && (wanted != NULL ? !whole_line : reply->len == 0))
    return CC_EXCHANGE_WANT_READ;
  else if (reply->len == 0 && (end == END_RESET || wanted != NULL))
    {
      /* Nothing came: silence, a close or a reset, worded as for any protocol. */
      exchange->any_closed = end == END_CLOSED;
      exchange->any_reset = end == END_RESET;
      conclude_unidentified (exchange);
    }
  else
    conclude_expected_missing (exchange, wanted, end);
  return CC_EXCHANGE_DONE;
}

static gboolean
is_raw (const CcExchange *exchange)
{
  return exchange->endpoint->send != NULL || exchange->endpoint->expect_reply != NULL;
}

/* Identifying, and TLS answered: a new connection completes the handshake and asks
 * what speaks inside (once, and only with a connection left for it). */
static gboolean
look_inside_tls (CcExchange *exchange, const CcDissector *actual)
{
  if (exchange->expected != NULL || !is_tls (actual) || exchange->identify_over_tls
      || exchange->connections >= CC_EXCHANGE_MAX_CONNECTIONS)
    return FALSE;
  exchange->identify_over_tls = TRUE;
  return TRUE;
}

/* Judges the bytes so far; final when no more will come on this connection. */
static CcExchangeWant
judge (CcExchange *exchange, gboolean final, End end)
{
  const guint8 *reply = exchange->reply->data;
  gsize length = exchange->reply->len;
  const CcProbeContext *context = exchange->probe != NULL ? &exchange->context : NULL;
  const CcDissector *actual;
  int score = CC_SCORE_NONE;

  if (is_raw (exchange))
    return judge_expected_bytes (exchange, final, end);
  if (length > 0)
    {
      if (exchange->expected != NULL && !exchange->expected_done
          && exchange->expected->score (reply, length, context) >= CC_SCORE_THRESHOLD
          && !wants_tls (exchange->expected, reply, length))
        actual = exchange->expected;
      else
        actual = cc_dissect_identify (reply, length, exchange->endpoint->port, context, &score);
      if (actual != NULL && wants_tls (actual, reply, length))
        actual = cc_dissector_find ("tls");
      if (actual != NULL && !final && length < CC_EXCHANGE_MAX_BYTES
          && awaits_more_http (exchange, actual))
        return CC_EXCHANGE_WANT_READ;
      if (actual != NULL && look_inside_tls (exchange, actual))
        return CC_EXCHANGE_RECONNECT;
      if (actual != NULL)
        {
          conclude_identified (exchange, actual);
          return CC_EXCHANGE_DONE;
        }
    }
  if (!final && length < CC_EXCHANGE_MAX_BYTES && (length == 0 || score < 0))
    return CC_EXCHANGE_WANT_READ;
  return connection_over (exchange, end);
}

static ssize_t
transport_send (CcExchange *exchange, int fd, const void *data, size_t length)
{
  if (exchange->tls != NULL)
    return cc_tls_send (exchange->tls, fd, data, length);
  return send (fd, data, length, MSG_NOSIGNAL);
}

static ssize_t
transport_recv (CcExchange *exchange, int fd, void *buffer, size_t length)
{
  if (exchange->tls != NULL)
    return cc_tls_recv (exchange->tls, fd, buffer, length);
  return recv (fd, buffer, length, 0);
}

static CcExchangeWant
send_request (CcExchange *exchange, int fd)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (exchange->request, &size);

  while (exchange->sent < size)
    {
      ssize_t n = transport_send (exchange, fd, data + exchange->sent, size - exchange->sent);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return CC_EXCHANGE_WANT_WRITE;
      if (n < 0)
        return judge (exchange, TRUE, END_RESET);
      exchange->sent += (gsize) n;
    }
  exchange->phase = PHASE_REPLY;
  exchange->reply_started = g_get_monotonic_time ();
  /* Inside TLS the server is known to be there: a late answer is slow, not another
   * protocol, and waits until -t as the handshake does. */
  exchange->wake_at = exchange->tls != NULL ? 0
                      : exchange->reply_started
                          + (exchange->expected_done ? PROBE_WAIT_US : EXPECTED_WAIT_US);
  return CC_EXCHANGE_WANT_READ;
}

/* Speaks on the current connection: the next planned probe, or a verdict. */
static CcExchangeWant
begin_probe (CcExchange *exchange, int fd)
{
  GBytes *send = exchange->endpoint->send;

  if (exchange->next_plan == exchange->n_plan && send == NULL)
    return judge (exchange, TRUE, END_SILENT);
  g_clear_pointer (&exchange->request, g_bytes_unref);
  if (send != NULL)
    exchange->request = g_bytes_ref (send);
  else
    {
      exchange->probe = exchange->plan[exchange->next_plan++];
      exchange->request = exchange->probe->build_probe (&exchange->context);
    }
  exchange->sent = 0;
  exchange->phase = PHASE_SEND;
  return send_request (exchange, fd);
}

/* ---- TLS under the expected protocol ---- */

static void
note_received (CcExchange *exchange, gsize before)
{
  if (exchange->reply->len == before)
    return;
  if (exchange->first_byte_us < 0)
    exchange->first_byte_us = g_get_monotonic_time () - exchange->reply_started;
  exchange->bytes_received += exchange->reply->len - before;
}

/* Identifying inside TLS: HTTP/2 when the server chose it by ALPN, else HTTP/1.1 (its
 * certificate is named, not judged: identification expects nothing of it). */
static CcExchangeWant
probe_inside_tls (CcExchange *exchange, int fd, const char *alpn)
{
  exchange->probe = cc_dissector_find (alpn != NULL && strcmp (alpn, "h2") == 0 ? "http2"
                                                                              : "http");
  g_byte_array_set_size (exchange->reply, 0);
  g_clear_pointer (&exchange->request, g_bytes_unref);
  exchange->request = exchange->probe->build_probe (&exchange->context);
  exchange->sent = 0;
  exchange->phase = PHASE_SEND;
  return send_request (exchange, fd);
}

/* The handshake is done: the certificate's verdict, then the protocol inside. */
static CcExchangeWant
tls_established (CcExchange *exchange, int fd)
{
  g_autofree char *alpn = cc_tls_session_alpn (exchange->tls);
  const char *version = cc_tls_session_version (exchange->tls);

  exchange->tls_summary = alpn != NULL ? g_strdup_printf ("%s, ALPN %s", version, alpn)
                         : exchange->endpoint->starttls
                           ? g_strdup_printf ("%s after %s", version,
                                              exchange->expected->starttls_name)
                           : g_strdup (version);
  cc_tls_session_judge_certificate (exchange->tls, &exchange->certificate);
  if (exchange->expected == NULL)
    return probe_inside_tls (exchange, fd, alpn);
  if (exchange->certificate.cause != CC_CAUSE_NONE)
    {
      exchange->identified = cc_dissector_find ("tls");
      exchange->handshake_us = g_get_monotonic_time () - exchange->started;
      conclude_raw (exchange, exchange->certificate.cause,
                    g_string_new_len (exchange->certificate.detail->str,
                                      (gssize) exchange->certificate.detail->len));
      return CC_EXCHANGE_DONE;
    }
  if (is_tls (exchange->expected))
    {
      exchange->identified = exchange->expected;
      exchange->handshake_us = g_get_monotonic_time () - exchange->started;
      conclude_success (exchange, g_strdup_printf ("speaks %s: %s", exchange->tls_summary,
                                                   exchange->certificate.detail->str));
      return CC_EXCHANGE_DONE;
    }
  g_byte_array_set_size (exchange->reply, 0);
  if (!exchange->expected->server_speaks_first || exchange->endpoint->starttls)
    return begin_probe (exchange, fd);
  /* Implicit TLS (SMTP on 465, IMAP on 993): the greeting comes inside TLS. */
  exchange->phase = PHASE_LISTEN;
  exchange->reply_started = g_get_monotonic_time ();
  exchange->wake_at = exchange->reply_started + EXPECTED_WAIT_US;
  return CC_EXCHANGE_WANT_READ;
}

/* The server agreed to TLS within the protocol, then did not speak it: whatever came
 * instead (plain text, a close) is the handshake's failure, not another protocol. */
static CcExchangeWant
conclude_upgrade_failed (CcExchange *exchange, CcCauseId cause, GString *detail,
                         const CcDissector *actual, CcTlsStatus status)
{
  const char *upgrade = exchange->expected->starttls_name;

  exchange->identified = actual != NULL ? actual : cc_dissector_find ("tls");
  exchange->handshake_us = g_get_monotonic_time () - exchange->started;
  if (actual != NULL && !is_tls (actual))
    {
      g_string_printf (detail, "TLS handshake failed: after agreeing to %s, the server "
                               "answered in plain text (it ", upgrade);
      append_what_it_said (detail, actual, exchange->reply->data, exchange->reply->len);
      g_string_append_c (detail, ')');
      cause = CC_CAUSE_TLS_PLAINTEXT_REPLY;
    }
  else if (cause == CC_CAUSE_NONE)
    {
      g_string_printf (detail, "TLS handshake failed: after agreeing to %s, the server ",
                       upgrade);
      if (exchange->reply->len > 0)
        g_string_append_printf (detail, "sent %u bytes that are not TLS, then closed",
                                exchange->reply->len);
      else
        g_string_append_printf (detail, "%s the connection",
                                status == CC_TLS_RESET ? "reset" : "closed");
      cause = CC_CAUSE_TLS_HANDSHAKE;
    }
  conclude_raw (exchange, cause, detail);
  return CC_EXCHANGE_DONE;
}

/* What answered the ClientHello is judged as a plain answer would be, unless TLS itself
 * said why it failed (an alert). The expected protocol's probe counts as sent. */
static CcExchangeWant
handshake_failed (CcExchange *exchange, CcTlsStatus status)
{
  g_autoptr (GString) detail = g_string_new (NULL);
  CcCauseId cause = cc_tls_session_failure (exchange->tls, detail);
  const CcDissector *actual = NULL;
  int score;

  if (exchange->reply->len > 0)
    actual = cc_dissect_identify (exchange->reply->data, exchange->reply->len,
                                  exchange->endpoint->port, NULL, &score);
  g_clear_pointer (&exchange->tls, cc_tls_session_free);
  exchange->next_plan = MAX (exchange->next_plan, 1);
  if (exchange->expected == NULL)
    {
      /* Identifying: the server speaks TLS, whatever stopped this client. */
      exchange->identified = cc_dissector_find ("tls");
      g_string_prepend (detail, "identified tls (TLS), but the inside stays unknown: ");
      conclude_raw (exchange, CC_CAUSE_NONE, g_steal_pointer (&detail));
      return CC_EXCHANGE_DONE;
    }
  if (exchange->endpoint->starttls)
    return conclude_upgrade_failed (exchange, cause, g_steal_pointer (&detail), actual,
                                    status);
  if (cause != CC_CAUSE_NONE && (actual == NULL || is_tls (actual)))
    {
      exchange->identified = cc_dissector_find ("tls");
      exchange->handshake_us = g_get_monotonic_time () - exchange->started;
      conclude_raw (exchange, cause, g_steal_pointer (&detail));
      return CC_EXCHANGE_DONE;
    }
  return judge (exchange, TRUE, status == CC_TLS_RESET ? END_RESET : END_CLOSED);
}

static CcExchangeWant
continue_handshake (CcExchange *exchange, int fd)
{
  gsize before = exchange->reply->len;
  CcTlsStatus status = cc_tls_handshake (exchange->tls, fd, exchange->reply);

  note_received (exchange, before);
  switch (status)
    {
    case CC_TLS_DONE:
      return tls_established (exchange, fd);
    case CC_TLS_WANT_READ:
      return CC_EXCHANGE_WANT_READ;
    case CC_TLS_WANT_WRITE:
      return CC_EXCHANGE_WANT_WRITE;
    case CC_TLS_FAILED:
    case CC_TLS_CLOSED:
    case CC_TLS_RESET:
    default:
      return handshake_failed (exchange, status);
    }
}

static CcExchangeWant
begin_handshake (CcExchange *exchange, int fd)
{
  g_autoptr (GError) error = NULL;

  if (exchange->tls_clients == NULL)
    {
      exchange->tls_clients = cc_tls_clients_new ();
      exchange->owns_tls_clients = TRUE;
    }
  exchange->tls = cc_tls_session_new (exchange->tls_clients, exchange->endpoint,
                                      exchange->endpoint->starttls
                                          || exchange->endpoint->implicit_tls
                                        ? CC_TLS_ALPN_NONE
                                      : exchange->expected == NULL
                                          || is_tls (exchange->expected)
                                        ? CC_TLS_ALPN_ANY_HTTP : CC_TLS_ALPN_HTTP1,
                                      &error);
  if (exchange->tls == NULL)
    {
      conclude (exchange, CC_CAUSE_CONN_ERROR,
                g_strdup_printf ("cannot begin TLS: %s", error->message));
      return CC_EXCHANGE_DONE;
    }
  /* No window of its own: a server busy with handshakes is slow, not silent, and a TLS
   * client waits for it as long as its timeout allows (-t ends it). */
  exchange->phase = PHASE_HANDSHAKE;
  exchange->wake_at = 0;
  return continue_handshake (exchange, fd);
}

/* ---- STARTTLS: asking for TLS within the protocol ---- */

static CcExchangeWant starttls_receive (CcExchange *exchange, int fd);

static CcExchangeWant
starttls_send (CcExchange *exchange, int fd)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (exchange->request, &size);

  while (exchange->sent < size)
    {
      ssize_t n = send (fd, data + exchange->sent, size - exchange->sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return CC_EXCHANGE_WANT_WRITE;
      if (n < 0)
        return judge (exchange, TRUE, END_RESET);
      exchange->sent += (gsize) n;
    }
  return CC_EXCHANGE_WANT_READ;
}

static CcExchangeWant
starttls_begin_step (CcExchange *exchange, int fd)
{
  g_clear_pointer (&exchange->request, g_bytes_unref);
  exchange->request = exchange->expected->starttls_request (exchange->starttls_step);
  exchange->sent = 0;
  g_byte_array_set_size (exchange->reply, 0);
  exchange->phase = PHASE_STARTTLS;
  exchange->reply_started = g_get_monotonic_time ();
  exchange->wake_at = exchange->reply_started + EXPECTED_WAIT_US;
  return exchange->request != NULL ? starttls_send (exchange, fd) : CC_EXCHANGE_WANT_READ;
}

/* A no before the last step answers the capability query (EHLO, CAPABILITY, CAPA):
 * what it lacks is the upgrade's word. */
static gboolean
refused_capabilities (const CcExchange *exchange)
{
  return exchange->starttls_step + 1 < exchange->expected->starttls_steps;
}

/* The start of tls.not_offered's words, up to the quote of what the server said:
 * "... (STLS): it answered " or "...: STLS is not among the capabilities it answered to
 * \"CAPA\" (". */
static GString *
refusal_words (const CcExchange *exchange)
{
  const char *upgrade = exchange->expected->starttls_name;
  GString *words = g_string_new ("the server does not offer TLS");
  gsize size;
  const guint8 *asked;
  g_autofree char *query = NULL;

  if (exchange->request == NULL || !refused_capabilities (exchange))
    {
      g_string_append_printf (words, " (%s): it answered ", upgrade);
      return words;
    }
  asked = g_bytes_get_data (exchange->request, &size);
  query = first_line (asked, size, 80);
  g_string_append_printf (words, ": %s is not among the capabilities it answered to \"%s\" (",
                          upgrade, query != NULL ? query : "");
  return words;
}

/* The server said no: a server of the protocol that will not do TLS, or another
 * protocol, judged as a plain answer. */
static CcExchangeWant
starttls_refused (CcExchange *exchange)
{
  const CcProbeContext *context = exchange->request != NULL ? &exchange->context : NULL;
  g_autofree char *line = first_line (exchange->reply->data, exchange->reply->len, 80);
  GString *detail;

  if (exchange->starttls_step == 0
      && exchange->expected->score (exchange->reply->data, exchange->reply->len, context)
           < CC_SCORE_THRESHOLD)
    {
      exchange->probe = exchange->request != NULL ? exchange->expected : NULL;
      exchange->next_plan = MAX (exchange->next_plan, exchange->request != NULL ? 1 : 0);
      return judge (exchange, TRUE, END_CLOSED);
    }
  exchange->identified = exchange->expected;
  detail = refusal_words (exchange);
  g_string_append_c (detail, '"');
  if (line != NULL)
    g_string_append (detail, line);
  else
    g_string_append_len (detail, (const char *) exchange->reply->data,
                         MIN (exchange->reply->len, SHOWN_BYTES));
  g_string_append (detail, exchange->request != NULL ? "\"" : "\" to the connection");
  if (exchange->request != NULL && refused_capabilities (exchange))
    g_string_append_c (detail, ')');
  else if (exchange->request != NULL)
    g_string_append (detail, " to our request for it");
  conclude_raw (exchange, CC_CAUSE_TLS_NOT_OFFERED, detail);
  return CC_EXCHANGE_DONE;
}

static CcExchangeWant
starttls_answered (CcExchange *exchange, int fd)
{
  switch (exchange->expected->starttls_answer (exchange->starttls_step, exchange->reply->data,
                                                exchange->reply->len))
    {
    case CC_STARTTLS_MORE:
      return CC_EXCHANGE_WANT_READ;
    case CC_STARTTLS_GO:
      if (++exchange->starttls_step < exchange->expected->starttls_steps)
        return starttls_begin_step (exchange, fd);
      g_byte_array_set_size (exchange->reply, 0);
      return begin_handshake (exchange, fd);
    case CC_STARTTLS_REFUSED:
    default:
      return starttls_refused (exchange);
    }
}

static CcExchangeWant
starttls_receive (CcExchange *exchange, int fd)
{
  for (;;)
    {
      guint8 buffer[4096];
      gsize room = CC_EXCHANGE_MAX_BYTES - exchange->reply->len;
      ssize_t n = room == 0 ? 0 : recv (fd, buffer, MIN (room, sizeof buffer), 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return starttls_answered (exchange, fd);
      /* The server closed, or said too much: what it said is all there is. */
      if (n <= 0 && exchange->reply->len == 0)
        return judge (exchange, TRUE, n == 0 ? END_CLOSED : END_RESET);
      /* A whole yes is taken even with the close: the handshake then says what failed. */
      if (n <= 0)
        return exchange->expected->starttls_answer (exchange->starttls_step,
                                                    exchange->reply->data, exchange->reply->len)
                   == CC_STARTTLS_GO
                 ? starttls_answered (exchange, fd) : starttls_refused (exchange);
      if (exchange->first_byte_us < 0)
        exchange->first_byte_us = g_get_monotonic_time () - exchange->reply_started;
      g_byte_array_append (exchange->reply, buffer, (guint) n);
      exchange->bytes_received += (gsize) n;
    }
}

void
cc_exchange_share_tls_clients (CcExchange *exchange, CcTlsClients *clients)
{
  g_return_if_fail (exchange->tls_clients == NULL);
  exchange->tls_clients = clients;
}

CcExchangeWant
cc_exchange_start (CcExchange *exchange, int fd)
{
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (exchange->phase != PHASE_DONE, CC_EXCHANGE_DONE);
  if (exchange->connections++ == 0)
    exchange->started = now;
  exchange->reply_started = now;
  exchange->probe = NULL;
  g_byte_array_set_size (exchange->reply, 0);
  g_clear_pointer (&exchange->tls, cc_tls_session_free);
  if (exchange->endpoint->starttls && !exchange->expected_done)
    return starttls_begin_step (exchange, fd);
  if (exchange->identify_over_tls && exchange->tls_summary == NULL)
    return begin_handshake (exchange, fd);
  if (exchange->scheme != NULL && !exchange->expected_done)
    return begin_handshake (exchange, fd);
  if (!exchange->listen_next)
    return begin_probe (exchange, fd);
  exchange->listen_next = FALSE;
  exchange->phase = PHASE_LISTEN;
  exchange->wake_at = now + exchange->listen_window_us;
  return CC_EXCHANGE_WANT_READ;
}

static CcExchangeWant
receive (CcExchange *exchange, int fd)
{
  for (;;)
    {
      guint8 buffer[4096];
      gsize room = CC_EXCHANGE_MAX_BYTES - exchange->reply->len;
      ssize_t n = room == 0 ? 0 : transport_recv (exchange, fd, buffer, MIN (room, sizeof buffer));

      if (room == 0)
        return judge (exchange, TRUE, END_CLOSED);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return judge (exchange, FALSE, END_SILENT);
      if (n <= 0)
        return judge (exchange, TRUE, n == 0 ? END_CLOSED : END_RESET);
      if (exchange->first_byte_us < 0)
        exchange->first_byte_us = g_get_monotonic_time () - exchange->reply_started;
      g_byte_array_append (exchange->reply, buffer, (guint) n);
      exchange->bytes_received += (gsize) n;
    }
}

CcExchangeWant
cc_exchange_step (CcExchange *exchange, int fd)
{
  switch (exchange->phase)
    {
    case PHASE_HANDSHAKE:
      return continue_handshake (exchange, fd);
    case PHASE_STARTTLS:
      return exchange->request != NULL && exchange->sent < g_bytes_get_size (exchange->request)
               ? starttls_send (exchange, fd) : starttls_receive (exchange, fd);
    case PHASE_LISTEN:
    case PHASE_REPLY:
      return receive (exchange, fd);
    case PHASE_SEND:
      return send_request (exchange, fd);
    case PHASE_DONE:
    default:
      return CC_EXCHANGE_DONE;
    }
}

gint64
cc_exchange_wake_at (const CcExchange *exchange)
{
  return exchange->phase == PHASE_LISTEN || exchange->phase == PHASE_REPLY
             || exchange->phase == PHASE_STARTTLS
           ? exchange->wake_at : 0;
}

CcExchangeWant
cc_exchange_wake (CcExchange *exchange, int fd)
{
  if (exchange->phase == PHASE_LISTEN && exchange->reply->len == 0)
    return begin_probe (exchange, fd);
  if (exchange->phase == PHASE_STARTTLS)
    return exchange->reply->len > 0 ? starttls_refused (exchange)
                                    : judge (exchange, TRUE, END_SILENT);
  if (exchange->phase == PHASE_LISTEN || exchange->phase == PHASE_REPLY)
    return judge (exchange, TRUE, END_SILENT);
  return exchange->phase == PHASE_DONE ? CC_EXCHANGE_DONE : CC_EXCHANGE_WANT_WRITE;
}

void
cc_exchange_expire (CcExchange *exchange)
{
  if (exchange->phase == PHASE_DONE)
    return;
  if (exchange->phase == PHASE_HANDSHAKE && exchange->reply->len > 0)
    {
      conclude (exchange, CC_CAUSE_TLS_HANDSHAKE,
                g_strdup_printf ("TLS handshake unfinished at the deadline: the server sent "
                                 "%u bytes, then nothing", exchange->reply->len));
      return;
    }
  if (is_raw (exchange))
    {
      judge_expected_bytes (exchange, TRUE, END_SILENT);
      return;
    }
  keep_unknown (exchange);
  conclude_unidentified (exchange);
}

CcCauseId
cc_exchange_cause (const CcExchange *exchange)
{
  return exchange->cause;
}

const GString *
cc_exchange_detail (const CcExchange *exchange)
{
  return exchange->detail;
}

const CcDissector *
cc_exchange_identified (const CcExchange *exchange)
{
  return exchange->identified;
}

GPtrArray *
cc_exchange_fields (const CcExchange *exchange)
{
  return exchange->fields;
}

gint64
cc_exchange_first_byte_us (const CcExchange *exchange)
{
  return exchange->first_byte_us;
}

gint64
cc_exchange_handshake_us (const CcExchange *exchange)
{
  return exchange->handshake_us;
}

gsize
cc_exchange_bytes_received (const CcExchange *exchange)
{
  return exchange->bytes_received;
}

gboolean
cc_exchange_certificate_days (const CcExchange *exchange, gint64 *days)
{
  if (!exchange->certificate.has_days_left)
    return FALSE;
  *days = exchange->certificate.days_left;
  return TRUE;
}

guint
cc_exchange_connections (const CcExchange *exchange)
{
  return exchange->connections;
}
