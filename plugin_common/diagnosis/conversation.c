/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Judging one finished conversation: the same cause ids a live check gives for the same
 * condition, with the packets as evidence. */
#include "diagnosis/conversation.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "knowledge/dissect/dissect.h"
#include "base/format.h"
#include "knowledge/dissect/request.h"
#include "knowledge/dissect/http_answer.h"
#include "knowledge/dissect/tls_handshake.h"
#include "net/tls_certificate.h"

/* A client that sent a request and heard nothing for this long met a silent server. */
#define SILENT_AFTER_US G_USEC_PER_SEC
/* A lone SYN needs this much capture after it before its silence means a timeout. */
#define TOO_SOON_US G_USEC_PER_SEC
/* Longest reply excerpt quoted in a line. */
#define QUOTE_BYTES 80

#define ICMP4_NET 0
#define ICMP4_HOST 1
#define ICMP4_PORT 3
#define ICMP4_NET_UNKNOWN 6
#define ICMP4_NET_PROHIBITED 9
#define ICMP4_HOST_PROHIBITED 10
#define ICMP4_NET_TOS 11
#define ICMP4_FILTERED 13
#define ICMP6_NO_ROUTE 0
#define ICMP6_PROHIBITED 1
#define ICMP6_PORT 4
#define ICMP6_POLICY 5
#define ICMP6_REJECT_ROUTE 6

typedef struct {
  CcCauseId cause;
  const char *words;  /* what the error says, for people */
  gboolean firewall;  /* sent by a filter that rejects, rather than by routing */
} IcmpMeaning;

/* The cause a live check gives for the same packet: it reads the ICMP error itself from
 * the socket's error queue (net/classify.c), so port unreachable (a reject rule) and
 * administratively prohibited are firewall causes; the rest follow the connect() errno
 * (net/ipv4/icmp.c icmp_err_convert, net/ipv6/icmp.c tab_unreach): net unreachable
 * ENETUNREACH, others EHOSTUNREACH. */
static IcmpMeaning
icmp_meaning (int family, guint8 code)
{
  IcmpMeaning meaning = { CC_CAUSE_UNREACHABLE_HOST, "host unreachable", FALSE };

  if (family == AF_INET)
    switch (code)
      {
      case ICMP4_NET:
      case ICMP4_NET_UNKNOWN:
      case ICMP4_NET_TOS:
        return (IcmpMeaning) { CC_CAUSE_UNREACHABLE_NET, "network unreachable", FALSE };
      case ICMP4_PORT:
        return (IcmpMeaning) { CC_CAUSE_REFUSED_FIREWALL_REJECT, "port unreachable", TRUE };
      case ICMP4_NET_PROHIBITED:
      case ICMP4_HOST_PROHIBITED:
      case ICMP4_FILTERED:
        return (IcmpMeaning) { CC_CAUSE_UNREACHABLE_PROHIBITED,
                               "communication administratively prohibited", TRUE };
      case ICMP4_HOST:
      default:
        return meaning;
      }
  switch (code)
    {
    case ICMP6_NO_ROUTE:
      return (IcmpMeaning) { CC_CAUSE_UNREACHABLE_NET, "no route to destination", FALSE };
    case ICMP6_PORT:
      return (IcmpMeaning) { CC_CAUSE_REFUSED_FIREWALL_REJECT, "port unreachable", TRUE };
    case ICMP6_PROHIBITED:
    case ICMP6_POLICY:
    case ICMP6_REJECT_ROUTE:
      return (IcmpMeaning) { CC_CAUSE_UNREACHABLE_PROHIBITED,
                             "communication administratively prohibited", TRUE };
    default:
      return (IcmpMeaning) { CC_CAUSE_UNREACHABLE_HOST, "address unreachable", FALSE };
    }
}

static void
set_verdict_raw (CcConversation *conversation, CcCauseId cause, GString *detail)
{
  conversation->cause = cause;
  conversation->detail = detail;
}

/* A verdict in words that quote no peer bytes. */
static void
set_verdict (CcConversation *conversation, CcCauseId cause, char *detail)
{
  set_verdict_raw (conversation, cause, g_string_new (detail));
  g_free (detail);
}

/* before, then length raw bytes of what the server said, then after. */
static GString *
around (const char *before, const char *said, gsize length, const char *after)
{
  GString *out = g_string_new (before);

  g_string_append_len (out, said, (gssize) length);
  g_string_append (out, after);
  return out;
}

static void
string_free (gpointer string)
{
  g_string_free (string, TRUE);
}

static void
add_evidence (CcConversation *conversation, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
add_evidence (CcConversation *conversation, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (conversation->evidence, g_string_new (NULL));
  g_string_vprintf (g_ptr_array_index (conversation->evidence, conversation->evidence->len - 1),
                    format, args);
  va_end (args);
}

static char *
duration (gint64 microseconds)
{
  return g_strdup (cc_format_duration (MAX (microseconds, 0)).text);
}

static void
judge_refused (CcConversation *conversation)
{
  g_autofree char *after = duration (conversation->to_client.rst_us - conversation->first_syn_us);
  g_autofree char *server = cc_peer_text (conversation->family, &conversation->server);

  /* A capture cannot tell the host's own reset from a firewall's in front of it. */
  set_verdict (conversation, CC_CAUSE_REFUSED_NOT_LISTENING,
               g_strdup_printf ("connection refused: the host, or a firewall in front of it, "
                                "answered with a reset (RST) on port %u",
                                conversation->server.port));
  add_evidence (conversation, "SYN answered by RST from %s after %s", server, after);
  conversation->deciding_frame = conversation->to_client.rst_frame;
}

static void
judge_icmp (CcConversation *conversation)
{
  IcmpMeaning meaning = icmp_meaning (conversation->family, conversation->icmp_code);
  g_autofree char *after = duration (conversation->icmp_us - conversation->first_syn_us);
  char from[INET6_ADDRSTRLEN];

  inet_ntop (conversation->family, conversation->icmp_sender, from, sizeof from);
  if (meaning.firewall)
    set_verdict (conversation, meaning.cause,
                 g_strdup_printf ("rejected by a firewall at %s: ICMP %s", from,
                                  meaning.words));
  else
    set_verdict (conversation, meaning.cause,
                 g_strdup_printf ("ICMP %s from %s", meaning.words, from));
  add_evidence (conversation, "SYN answered by ICMP%s destination unreachable (code %u, %s) "
                "from %s after %s", conversation->family == AF_INET6 ? "v6" : "",
                conversation->icmp_code, meaning.words, from, after);
  conversation->deciding_frame = conversation->icmp_frame;
}

static void
judge_no_answer (CcConversation *conversation)
{
  gint64 span = conversation->last_syn_us - conversation->first_syn_us;
  g_autofree char *over = duration (span);
  g_autofree char *waited = duration (conversation->ended_us - conversation->last_syn_us);

  conversation->deciding_frame = conversation->last_syn_frame;

  /* Linux resends a SYN after 1 s: a capture that stops sooner cannot tell a timeout. */
  if (conversation->syn_count == 1
      && conversation->ended_us - conversation->last_syn_us < TOO_SOON_US)
    {
      set_verdict (conversation, CC_CAUSE_NONE,
                   g_strdup_printf ("not judged: the capture ends %s after the SYN, too soon "
                                    "to call it a timeout", waited));
      return;
    }

  set_verdict (conversation, CC_CAUSE_TIMEOUT_NO_ANSWER,
               g_strdup_printf ("connection timed out: %u SYN%s over %s, no answer",
                                conversation->syn_count,
                                conversation->syn_count == 1 ? "" : "s", over));
  add_evidence (conversation, "SYN sent %u time%s (%u retransmission%s) over %s; no SYN-ACK, "
                "RST or ICMP error followed within %s", conversation->syn_count,
                conversation->syn_count == 1 ? "" : "s", conversation->syn_count - 1,
                conversation->syn_count == 2 ? "" : "s", over, waited);
}

/* The start of what the server sent, raw: at most one line, at most QUOTE_BYTES. */
static GString *
first_line (const CcStream *stream)
{
  gsize end = 0;

  while (end < stream->kept && end < QUOTE_BYTES && stream->bytes[end] != '\r'
         && stream->bytes[end] != '\n')
    end++;
  return g_string_new_len ((const char *) stream->bytes, (gssize) end);
}

/* What the server sent, in words: its dissector's ("HTTP 400 Bad Request", "an SSH-2.0
 * banner (...)"), else the first line quoted, raw. */
static GString *
describe_reply (const CcStream *stream, const CcDissector *server)
{
  g_autoptr (GString) line = first_line (stream);
  g_autofree char *title = NULL;
  GString *out;

  if (server != NULL && server->said != NULL)
    {
      out = g_string_new (NULL);
      server->said (stream->bytes, stream->kept, out);
      return out;
    }
  title = server != NULL ? g_strdup_printf ("%s: \"", server->title) : g_strdup ("\"");
  return around (title, line->str, line->len, "\"");
}

static guint
http_status (const CcStream *stream)
{
  CcHttpStatus status;

  if (cc_http_parse_status (stream->bytes, stream->kept, &status) != CC_SCORE_CERTAIN)
    return 0;
  return status.status;
}

static gboolean
is_tls_record (const CcStream *stream, guint8 type)
{
  return stream->kept >= 3 && stream->bytes[0] == type && stream->bytes[1] == 0x03;
}

#define TLS_HANDSHAKE 0x16
#define TLS_ALERT 0x15
#define TLS_1_3 0x0304

/* What certificates are judged with. */
typedef struct {
  const CcEndpoint *settings; /* --insecure, --certificate-days */
  CcTlsTrust *trust;
} TlsJudging;
#define HTTP_SWITCHING_PROTOCOLS 101

/* "2026-12-01 06:31:02 UTC" */
static char *
utc_time (gint64 microseconds)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (microseconds / G_USEC_PER_SEC);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S UTC")
                      : g_strdup ("an unreadable time");
}

static char *
tls_version_name (guint16 version)
{
  if (version >= 0x0301 && version <= TLS_1_3)
    return g_strdup_printf ("TLS 1.%u", (version & 0xff) - 1);
  return g_strdup_printf ("TLS (version 0x%04x)", version);
}

/* The certificate's verdict, as a live check words it, between before and after, and
 * when it holds. */
static void
set_certificate_verdict (CcConversation *conversation, CcCauseId cause, const char *before,
                         const GString *verdict, const char *after, const char *when)
{
  GString *detail = g_string_new (before);

  g_string_append_len (detail, verdict->str, (gssize) verdict->len);
  g_string_append_printf (detail, "%s, as of the capture's time (%s)", after, when);
  set_verdict_raw (conversation, cause, detail);
}

/* A chain that could be judged: its own verdict, else --certificate-days', else fine. */
static void
conclude_certificates (CcConversation *conversation, const CcTlsCertificateVerdict *verdict,
                       const CcEndpoint *settings, const char *version, const char *when)
{
  g_autofree char *before = NULL;

  if (verdict->cause != CC_CAUSE_NONE)
    {
      set_certificate_verdict (conversation, verdict->cause, NULL, verdict->detail, "", when);
      return;
    }
  if (verdict->has_days_left && cc_endpoint_certificate_expiring (settings, verdict->days_left))
    {
      before = g_strdup_printf ("TLS certificate expires in %" G_GINT64_FORMAT " day%s (",
                                verdict->days_left, verdict->days_left == 1 ? "" : "s");
      set_certificate_verdict (conversation, CC_CAUSE_TLS_CERT_EXPIRING, before,
                               verdict->detail, ")", when);
      if (cc_endpoint_certificate_critical (settings, verdict->days_left))
        conversation->state = CC_STATE_CRITICAL;
      return;
    }
  before = g_strdup_printf ("connected, server speaks %s: ", version);
  set_certificate_verdict (conversation, CC_CAUSE_NONE, before, verdict->detail, "", when);
}

/* Up to TLS 1.2 the server's certificates cross the wire in clear: judged by the code
 * that judges a live check's, at the time the capture saw them. */
static void
judge_certificates (CcConversation *conversation, const CcTlsServerFlight *flight,
                    const TlsJudging *judging)
{
  const CcEndpoint *settings = judging->settings;
  const CcStream *up = &conversation->to_server;
  g_autofree char *name = cc_tls_client_hello_name (up->bytes, up->kept);
  g_autofree char *version = tls_version_name (flight->version);
  g_autofree char *when = utc_time (conversation->to_client.first_us);
  CcTlsCertificateVerdict verdict = { 0 };
  g_autoptr (GError) error = NULL;

  if (flight->version == TLS_1_3)
    {
      set_verdict (conversation, CC_CAUSE_NONE,
                   g_strdup ("connected, server speaks TLS 1.3: its certificate crosses the "
                             "wire encrypted, so the capture judges nothing of it"));
      return;
    }
  if (flight->certificates == NULL || settings->insecure || judging->trust == NULL)
    {
      set_verdict (conversation, CC_CAUSE_NONE,
                   g_strdup_printf ("connected, server speaks %s; certificate not judged: %s",
                                    version, settings->insecure ? "--insecure"
                                             : judging->trust == NULL ? "no trusted roots"
                                             : flight->no_certificates));
      return;
    }
  if (cc_tls_judge_certificates (judging->trust, flight->certificates, name,
                                 conversation->to_client.first_us / G_USEC_PER_SEC, &verdict,
                                 &error))
    {
      add_evidence (conversation, "the server sent %u certificate%s in clear (%s), judged "
                    "at the capture's time %s against %s, for %s%s", flight->certificates->len,
                    flight->certificates->len == 1 ? "" : "s", version, when,
                    settings->ca_file != NULL ? "--ca-file" : "the system store",
                    name != NULL ? "the name the client asked for (SNI) " : "no name: the "
                    "client asked for none (no SNI)", name != NULL ? name : "");
      conclude_certificates (conversation, &verdict, settings, version, when);
    }
  else
    {
      add_evidence (conversation, "the server sent %u certificate%s in clear (%s), not "
                    "judged: %s", flight->certificates->len,
                    flight->certificates->len == 1 ? "" : "s", version, error->message);
      set_verdict (conversation, CC_CAUSE_NONE,
                   g_strdup_printf ("connected, server speaks %s; certificate not judged: %s",
                                    version, error->message));
    }
  cc_tls_certificate_verdict_clear (&verdict);
}

static void
judge_tls_request (CcConversation *conversation, const CcDissector *server,
                   const TlsJudging *judging)
{
  const CcStream *reply = &conversation->to_client;
  g_autoptr (GString) words = describe_reply (reply, server);
  CcTlsServerFlight flight;
  GString *alert;

  if (!is_tls_record (reply, TLS_HANDSHAKE) && !is_tls_record (reply, TLS_ALERT))
    {
      set_verdict_raw (conversation, CC_CAUSE_TLS_PLAINTEXT_REPLY,
                       around ("TLS expected, but the server answered in plain text: ",
                               words->str, words->len, ""));
      return;
    }
  cc_tls_server_flight_read (reply->bytes, reply->kept, &flight);
  if (flight.has_alert)
    {
      /* The words and the cause a live check gives for the same alert. */
      alert = g_string_new (NULL);
      set_verdict_raw (conversation,
                       cc_tls_alert_verdict (alert, flight.alert_level, flight.alert,
                                             flight.certificate_request),
                       alert);
    }
  else
    judge_certificates (conversation, &flight, judging);
  if (flight.certificate_request)
    add_evidence (conversation, "the server asked for a client certificate "
                  "(CertificateRequest)");
  cc_tls_server_flight_clear (&flight);
}

/* An HTTP answer to an HTTP request or WebSocket upgrade, judged as a live check judges
 * it: a proxy whose upstream failed, or (to plain HTTP) a 4xx or 5xx. TRUE when that
 * gave a verdict. */
static gboolean
judge_http_answer (CcConversation *conversation, gboolean websocket, const CcDissector *server)
{
  const CcStream *reply = &conversation->to_client;
  GString *words;
  CcCauseId cause;

  if (server == NULL || strcmp (server->name, "http") != 0)
    return FALSE;
  words = g_string_new (websocket ? "WebSocket handshake failed: " : NULL);
  cause = websocket ? cc_http_answer_gateway (reply->bytes, reply->kept, words)
                    : cc_http_answer_judge (reply->bytes, reply->kept, NULL, words);
  if (cause == CC_CAUSE_NONE)
    {
      g_string_free (words, TRUE);
      return FALSE;
    }
  set_verdict_raw (conversation, cause, words);
  return TRUE;
}

/* A server answered a plain-text request in its own protocol: say which, in the words
 * a browser or client library would use. */
static void
judge_plain_request (CcConversation *conversation, const CcRequestKind *request,
                     const CcDissector *server)
{
  const CcStream *reply = &conversation->to_client;
  const CcDissector *expected = cc_dissector_find (request->name);
  g_autoptr (GString) words = describe_reply (reply, server);
  g_autofree char *not_it = g_strdup_printf ("not %s %s server: it sent ", request->article,
                                             request->title);
  gboolean websocket = strcmp (request->name, "websocket") == 0;
  CcCauseId mismatch = server != NULL ? CC_CAUSE_PROTOCOL_MISMATCH : CC_CAUSE_PROTOCOL_UNKNOWN;
  GString *special;

  /* nginx answers plain HTTP on its TLS port with a plain 400 that says so: the live
   * check calls that TLS on a plain port, and so must the capture. */
  if (is_tls_record (reply, TLS_HANDSHAKE) || is_tls_record (reply, TLS_ALERT)
      || (server != NULL && server->asks_for_tls != NULL
          && server->asks_for_tls (reply->bytes, reply->kept)))
    {
      set_verdict (conversation, CC_CAUSE_TLS_ON_PLAIN_PORT,
                   g_strdup_printf ("%s request sent, but the server speaks TLS here",
                                    request->title));
      return;
    }
  /* Without the client's key a capture cannot check the accept: any 101 to an upgrade
   * passes. */
  if (websocket && http_status (reply) == HTTP_SWITCHING_PROTOCOLS)
    return;
  if ((websocket || server == expected) && judge_http_answer (conversation, websocket, server))
    return;
  if (server != NULL && server == expected)
    return;
  /* The requested protocol's own words for this answer, when it has some. */
  if (expected != NULL && expected->mismatch != NULL)
    {
      special = g_string_new (NULL);
      if (expected->mismatch (reply->bytes, reply->kept, special))
        {
          set_verdict_raw (conversation, CC_CAUSE_PROTOCOL_MISMATCH, special);
          return;
        }
      g_string_free (special, TRUE);
    }
  set_verdict_raw (conversation, mismatch, around (not_it, words->str, words->len, ""));
}

/* How many bytes at the start of reply make the server's whole answer to upgrade step
 * step (its verdict in answer), or 0 while the kept bytes end before it is whole. */
static gsize
upgrade_answer_length (const CcDissector *server, guint step, const guint8 *reply,
                       gsize length, CcStarttlsAnswer *answer)
{
  /* Answers are lines, but a refusal can show in its first byte (PostgreSQL's 'N', "-ERR"):
   * asked there, at each line end and at the end, not at every byte. */
  for (gsize n = 1; n <= length; n++)
    {
      if (n > 1 && n < length && reply[n - 1] != '\n')
        continue;
      *answer = server->starttls_answer (step, reply, n);
      if (*answer != CC_STARTTLS_MORE)
        return n;
    }
  return 0;
}

/* The client asked for TLS within the protocol (its last upgrade request is in what it
 * sent): the server's answers replayed step by step as a live check reads them, then the
 * first TLS record after a yes. TRUE when that gave a verdict: a refusal, or an alert. */
static gboolean
judge_upgrade (CcConversation *conversation, const CcDissector *server)
{
  const CcStream *up = &conversation->to_server;
  const CcStream *down = &conversation->to_client;
  g_autoptr (GBytes) last = NULL;
  CcStarttlsAnswer answer = CC_STARTTLS_GO;
  gsize offset = 0;
  gsize asked_length;
  const guint8 *asked;
  GString *words;

  if (server == NULL || server->starttls_steps == 0)
    return FALSE;
  last = server->starttls_request (server->starttls_steps - 1);
  asked = g_bytes_get_data (last, &asked_length);
  if (up->kept == 0 || memmem (up->bytes, up->kept, asked, asked_length) == NULL)
    return FALSE;
  for (guint step = 0; step < server->starttls_steps && answer == CC_STARTTLS_GO; step++)
    {
      gsize used = upgrade_answer_length (server, step, down->bytes + offset,
                                          down->kept - offset, &answer);
      if (used == 0)
        return FALSE;
      if (answer == CC_STARTTLS_REFUSED)
        {
          g_autofree char *before = g_strdup_printf ("the server does not offer TLS (%s): "
                                                     "it answered \"", server->starttls_name);
          gsize end = offset;
          /* The whole line: a refusal can be plain from its first byte ("-ERR"). */
          while (end < down->kept && end - offset < QUOTE_BYTES && down->bytes[end] != '\r'
                 && down->bytes[end] != '\n')
            end++;
          set_verdict_raw (conversation, CC_CAUSE_TLS_NOT_OFFERED,
                           around (before, (const char *) down->bytes + offset, end - offset,
                                   "\" to the client's request for it"));
          return TRUE;
        }
      offset += used;
    }
  if (down->kept - offset < 7 || down->bytes[offset] != TLS_ALERT
      || down->bytes[offset + 1] != 0x03)
    return FALSE;
  words = g_string_new (NULL);
  cc_tls_alert_describe (words, down->bytes[offset + 5], down->bytes[offset + 6]);
  set_verdict_raw (conversation, cc_tls_alert_cause (down->bytes[offset + 6]), words);
  return TRUE;
}

static void
judge_reply (CcConversation *conversation, const CcRequestKind *request,
             const TlsJudging *judging)
{
  const CcStream *reply = &conversation->to_client;
  int score = 0;
  const CcDissector *server = cc_dissect_identify (reply->bytes, reply->kept,
                                                   conversation->server.port, NULL, &score);
  g_autoptr (GString) line = first_line (reply);
  g_autofree char *sent = NULL;

  conversation->server_speaks = server != NULL ? server->name : NULL;
  conversation->deciding_frame = reply->first_frame;
  if (server != NULL && server->describe != NULL)
    server->describe (reply->bytes, reply->kept, conversation->fields);
  sent = g_strdup_printf ("server sent %" G_GUINT64_FORMAT " bytes%s%s, starting \"",
                          reply->total, server != NULL ? ", dissected as " : "",
                          server != NULL ? server->title : "");
  g_ptr_array_add (conversation->evidence, around (sent, line->str, line->len, "\""));
  if (judge_upgrade (conversation, server))
    return;
  if (request != NULL && strcmp (request->name, "tls") == 0)
    judge_tls_request (conversation, server, judging);
  else if (request != NULL)
    judge_plain_request (conversation, request, server);
}

static gint64
first_of (gint64 a, gint64 b)
{
  return a == 0 ? b : b == 0 ? a : MIN (a, b);
}

/* Connected, and the server sent nothing: it closed on us, or it kept quiet. */
static void
judge_quiet (CcConversation *conversation, const CcRequestKind *request)
{
  const CcStream *up = &conversation->to_server;
  const CcStream *down = &conversation->to_client;
  gint64 server_close = first_of (down->rst_us, down->fin_us);
  gint64 client_close = first_of (up->rst_us, up->fin_us);
  gint64 accepted = conversation->synack_us ?: conversation->first_us;
  g_autofree char *after = duration (server_close - accepted);
  g_autofree char *quiet = duration ((client_close ?: conversation->ended_us) - up->first_us);

  if (server_close != 0 && (client_close == 0 || server_close <= client_close))
    {
      set_verdict (conversation, CC_CAUSE_CONN_RESET,
                   g_strdup_printf ("the server %s the connection %s after accepting it, "
                                    "before sending a byte",
                                    server_close == down->rst_us ? "reset" : "closed", after));
      add_evidence (conversation, "server %s after %s; the client had sent %" G_GUINT64_FORMAT
                    " bytes%s%s", server_close == down->rst_us ? "RST" : "FIN", after,
                    up->total, request != NULL ? " of " : "",
                    request != NULL ? request->title : "");
      conversation->deciding_frame = server_close == down->rst_us ? down->rst_frame
                                                                  : down->fin_frame;
    }
  else if (up->total > 0
           && (client_close != 0
               || conversation->ended_us - up->first_us >= SILENT_AFTER_US))
    {
      set_verdict (conversation, CC_CAUSE_PROTOCOL_SILENT,
                   g_strdup_printf ("connected, but the server said nothing in %s after the "
                                    "client's %s%srequest", quiet,
                                    request != NULL ? request->title : "",
                                    request != NULL ? " " : ""));
      add_evidence (conversation, "the server sent nothing; %s after %s",
                    client_close != 0 ? "the client gave up" : "the capture ends", quiet);
      if (client_close != 0)
        conversation->deciding_frame = client_close == up->rst_us ? up->rst_frame
                                                                  : up->fin_frame;
    }
}

static void
judge_connected (CcConversation *conversation, const TlsJudging *judging)
{
  const CcStream *up = &conversation->to_server;
  const CcRequestKind *request = cc_request_identify (up->bytes, up->kept);
  g_autofree char *took = duration (conversation->synack_us - conversation->first_syn_us);

  conversation->client_speaks = request != NULL ? request->name : NULL;
  if (conversation->synack_us != 0 && conversation->saw_syn)
    add_evidence (conversation, "connected: SYN-ACK after %s", took);
  else
    add_evidence (conversation, "the capture starts after the connection was made");
  if (up->total > 0)
    add_evidence (conversation, "client sent %" G_GUINT64_FORMAT " bytes%s%s", up->total,
                  request != NULL ? ": a request in " : "", request != NULL ? request->title : "");
  if (conversation->to_client.kept > 0)
    judge_reply (conversation, request, judging);
  else
    judge_quiet (conversation, request);
  if (conversation->detail == NULL)
    set_verdict (conversation, CC_CAUSE_NONE,
                 g_strdup_printf ("connected%s%s", conversation->server_speaks ? ", server speaks " : "",
                                  conversation->server_speaks ?: ""));
}

void
cc_conversation_judge (CcConversation *conversation, const CcEndpoint *settings,
                       CcTlsTrust *trust)
{
  static const CcEndpoint defaults = { 0 };
  TlsJudging judging = { settings != NULL ? settings : &defaults, trust };

  gboolean connected = conversation->synack_us != 0 || conversation->to_client.total > 0
                       || conversation->to_server.total > 0 || !conversation->saw_syn;

  conversation->evidence = g_ptr_array_new_with_free_func (string_free);
  conversation->fields = cc_fields_new ();
  if (connected)
    judge_connected (conversation, &judging);
  else if (conversation->to_client.rst_us != 0)
    judge_refused (conversation);
  else if (conversation->icmp_us != 0)
    judge_icmp (conversation);
  else
    judge_no_answer (conversation);
  if (conversation->deciding_frame == 0)
    conversation->deciding_frame = conversation->last_frame;
  conversation->state = cc_state_worst (conversation->state,
                                        cc_cause_get (conversation->cause)->state);
}
