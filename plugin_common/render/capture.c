/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "render/capture.h"

#include <arpa/inet.h>
#include <time.h>

#include "knowledge/dissect/dissect.h"
#include "base/escape.h"
#include "base/format.h"
#include "render/csv.h"
#include "render/json.h"
#include "render/openmetrics.h"
#include "render/perfdata.h"

CcCaptureSummary *
cc_capture_summary_new (int verbosity, CcCaptureListing listing)
{
  CcCaptureSummary *summary = g_new0 (CcCaptureSummary, 1);

  summary->state = CC_STATE_OK;
  summary->lines = g_ptr_array_new_with_free_func (g_free);
  summary->verbosity = verbosity;
  summary->listing = listing;
  if (listing != CC_CAPTURE_LISTING_NONE)
    summary->rows = g_string_new (NULL);
  return summary;
}

void
cc_capture_summary_free (CcCaptureSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->worst);
  g_ptr_array_unref (summary->lines);
  if (summary->rows != NULL)
    g_string_free (summary->rows, TRUE);
  g_free (summary);
}

/* "2026-11-24T15:04:05.123456Z" */
static char *
iso_time (gint64 microseconds)
{
  time_t seconds = (time_t) (microseconds / G_USEC_PER_SEC);
  struct tm parts;
  char text[32];

  if (gmtime_r (&seconds, &parts) == NULL
      || strftime (text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts) == 0)
    g_strlcpy (text, "?", sizeof text);
  return g_strdup_printf ("%s.%06" G_GINT64_FORMAT "Z", text, microseconds % G_USEC_PER_SEC);
}

static void
json_key_string (GString *out, const char *key, const char *value)
{
  g_string_append_printf (out, "\"%s\":", key);
  cc_json_append_string (out, value);
}

static void
json_peer (GString *out, const char *role, int family, const CcPeer *peer)
{
  char text[INET6_ADDRSTRLEN];

  inet_ntop (family, peer->address, text, sizeof text);
  g_string_append_printf (out, "\"%s\":", role);
  cc_json_append_string (out, text);
  g_string_append_printf (out, ",\"%s_port\":%u,", role, peer->port);
}

static void
append_json (GString *out, const CcConversation *conversation)
{
  const CcCause *cause = cc_cause_get (conversation->cause);
  g_autofree char *start = iso_time (conversation->first_us);
  g_autofree char *end = iso_time (conversation->last_us);

  if (out->len > 0)
    g_string_append (out, ",\n");
  g_string_append_c (out, '{');
  json_peer (out, "client", conversation->family, &conversation->client);
  json_peer (out, "server", conversation->family, &conversation->server);
  g_string_append_printf (out, "\"start\":\"%s\",\"end\":\"%s\",\"packets\":%" G_GUINT64_FORMAT
                          ",\"bytes_to_server\":%" G_GUINT64_FORMAT ",\"bytes_to_client\":%"
                          G_GUINT64_FORMAT ",\"syn_count\":%u,", start, end,
                          conversation->packets, conversation->to_server.total,
                          conversation->to_client.total, conversation->syn_count);
  json_key_string (out, "cause", cause->name);
  g_string_append_c (out, ',');
  json_key_string (out, "state", cc_state_name (conversation->state));
  g_string_append_c (out, ',');
  g_string_append (out, "\"detail\":");
  cc_json_append_raw (out, conversation->detail);
  g_string_append (out, ",\"evidence\":[");
  for (guint i = 0; i < conversation->evidence->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      cc_json_append_raw (out, g_ptr_array_index (conversation->evidence, i));
    }
  g_string_append (out, "],");
  json_key_string (out, "client_speaks", conversation->client_speaks);
  g_string_append_c (out, ',');
  json_key_string (out, "server_speaks", conversation->server_speaks);
  g_string_append (out, ",\"fields\":{");
  for (guint i = 0; i < conversation->fields->len; i++)
    {
      const CcField *field = g_ptr_array_index (conversation->fields, i);
      if (i > 0)
        g_string_append_c (out, ',');
      cc_json_append_string (out, field->name);
      g_string_append_c (out, ':');
      cc_json_append_string (out, field->value);
    }
  g_string_append (out, "}}");
}

static const char csv_header[] =
  "client,client_port,server,server_port,start,end,packets,bytes_to_server,bytes_to_client,"
  "syn_count,state,cause,detail,advice\r\n";

static void
csv_peer (GString *out, int family, const CcPeer *peer)
{
  char text[INET6_ADDRSTRLEN];
  char port[8];

  inet_ntop (family, peer->address, text, sizeof text);
  g_snprintf (port, sizeof port, "%u", peer->port);
  cc_csv_append (out, text, FALSE);
  cc_csv_append (out, port, FALSE);
}

static void
append_csv (GString *out, const CcConversation *conversation)
{
  const CcCause *cause = cc_cause_get (conversation->cause);
  g_autofree char *start = iso_time (conversation->first_us);
  g_autofree char *end = iso_time (conversation->last_us);
  g_autofree char *counts = g_strdup_printf ("%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%"
                                             G_GUINT64_FORMAT ",%u", conversation->packets,
                                             conversation->to_server.total,
                                             conversation->to_client.total,
                                             conversation->syn_count);

  csv_peer (out, conversation->family, &conversation->client);
  csv_peer (out, conversation->family, &conversation->server);
  cc_csv_append (out, start, FALSE);
  cc_csv_append (out, end, FALSE);
  /* Four numbers, written as they are: CSV needs no quoting for digits and commas
   * between them. */
  g_string_append_printf (out, "%s,", counts);
  cc_csv_append (out, cc_state_name (conversation->state), FALSE);
  cc_csv_append (out, cause->name, FALSE);
  cc_csv_append_bytes (out, conversation->detail->str, conversation->detail->len, FALSE);
  cc_csv_append (out, conversation->cause != CC_CAUSE_NONE ? cause->advice : NULL, TRUE);
}

static char *
escape_raw (const GString *text)
{
  return cc_escape_bytes ((const guint8 *) text->str, text->len);
}

/* "10.0.0.1:40000 -> 10.0.0.2:81 connection timed out: ... (timeout.no_answer)" */
static char *
describe_conversation (const CcConversation *conversation)
{
  g_autofree char *client = cc_peer_text (conversation->family, &conversation->client);
  g_autofree char *server = cc_peer_text (conversation->family, &conversation->server);
  g_autofree char *detail = escape_raw (conversation->detail);

  return g_strdup_printf ("%s -> %s %s (%s)", client, server, detail,
                          cc_cause_get (conversation->cause)->name);
}

static char *
conversation_line (const CcConversation *conversation, int verbosity)
{
  g_autofree char *when = iso_time (conversation->first_us);
  g_autofree char *what = describe_conversation (conversation);
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%s %s", when, what);
  for (guint i = 0; verbosity >= 1 && i < conversation->evidence->len; i++)
    {
      g_autofree char *evidence = escape_raw (g_ptr_array_index (conversation->evidence, i));
      g_string_append_printf (line, "\n  evidence: %s", evidence);
    }
  for (guint i = 0; verbosity >= 2 && i < conversation->fields->len; i++)
    {
      const CcField *field = g_ptr_array_index (conversation->fields, i);
      g_autofree char *name = cc_escape_text (field->name);
      g_autofree char *value = cc_escape_text (field->value);
      g_string_append_printf (line, "\n  %s: %s", name, value);
    }
  return g_string_free (line, FALSE);
}

void
cc_capture_summary_add (CcConversation *conversation, gpointer user_data)
{
  CcCaptureSummary *summary = user_data;
  CcState state = conversation->state;

  summary->conversations++;
  summary->per_cause[conversation->cause]++;
  if (summary->listing == CC_CAPTURE_LISTING_JSON)
    append_json (summary->rows, conversation);
  else if (summary->listing == CC_CAPTURE_LISTING_CSV)
    append_csv (summary->rows, conversation);
  if (conversation->cause == CC_CAUSE_NONE)
    return;
  summary->failing++;
  if (summary->worst == NULL || cc_state_worst (summary->state, state) != summary->state)
    {
      g_free (summary->worst);
      summary->worst = describe_conversation (conversation);
      summary->state = cc_state_worst (summary->state, state);
    }
  if (summary->lines->len < CC_CAPTURE_MAX_LINES)
    g_ptr_array_add (summary->lines, conversation_line (conversation, summary->verbosity));
}

CcState
cc_capture_summary_state (const CcCaptureSummary *summary, const GError *error)
{
  if (error != NULL || summary->conversations == 0)
    return CC_STATE_UNKNOWN;
  return summary->state;
}

static void
append_perfdata (GString *perf, const CcCaptureSummary *summary, const CcCaptureStats *stats)
{
  cc_perfdata_append (perf, "conversations", (double) summary->conversations, "", NULL, NULL, 0);
  cc_perfdata_append (perf, "failing", (double) summary->failing, "", NULL, NULL, 0);
  for (guint cause = CC_CAUSE_NONE + 1; cause < CC_CAUSE_LAST; cause++)
    if (summary->per_cause[cause] > 0)
      cc_perfdata_append (perf, cc_cause_get (cause)->name, (double) summary->per_cause[cause],
                          "", NULL, NULL, 0);
  cc_perfdata_append (perf, "frames", (double) stats->frames, "", NULL, NULL, 0);
  cc_perfdata_append (perf, "bytes", (double) stats->bytes, "B", NULL, NULL, 0);
}

/* Why there is no verdict, raw: the reader's error, or nothing to judge. */
static const char *
unknown_reason (const GError *error)
{
  if (error != NULL)
    return error->message;
  return "no TCP conversation in the capture (check the file and the filter)";
}

char *
cc_capture_render_nagios (const CcCaptureSummary *summary, const CcCaptureStats *stats,
                          const char *label, const GError *error)
{
  CcState state = cc_capture_summary_state (summary, error);
  g_autofree char *name = cc_escape_text (label);
  g_autoptr (GString) perf = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "CONN %s - capture %s: ", cc_state_name (state), name);
  if (state == CC_STATE_UNKNOWN)
    {
      g_autofree char *reason = cc_escape_text (unknown_reason (error));
      g_string_append (out, reason);
    }
  else if (summary->failing == 0)
    g_string_append_printf (out, "%" G_GUINT64_FORMAT " TCP conversations, none failed",
                            summary->conversations);
  else
    g_string_append_printf (out, "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                            " TCP conversations failed; first of the worst: %s",
                            summary->failing, summary->conversations, summary->worst);
  append_perfdata (perf, summary, stats);
  g_string_append_printf (out, " | %s", perf->str);
  for (guint i = 0; i < summary->lines->len; i++)
    g_string_append_printf (out, "\n%s", (const char *) g_ptr_array_index (summary->lines, i));
  if (summary->failing > summary->lines->len)
    g_string_append_printf (out, "\n... and %" G_GUINT64_FORMAT " more failed conversations "
                            "(--format json or csv lists all)",
                            summary->failing - summary->lines->len);
  for (guint cause = CC_CAUSE_NONE + 1; cause < CC_CAUSE_LAST; cause++)
    if (summary->per_cause[cause] > 0)
      g_string_append_printf (out, "\nadvice (%s): %s", cc_cause_get (cause)->name,
                              cc_cause_get (cause)->advice);
  if (summary->verbosity >= 1)
    g_string_append_printf (out, "\ncapture: %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT
                            " neither TCP nor ICMP errors, %" G_GUINT64_FORMAT " malformed, %"
                            G_GUINT64_FORMAT " from conversations begun before the capture; "
                            "at most %u conversations open at once", stats->frames,
                            stats->ignored, stats->malformed, stats->stray, stats->open_peak);
  if (stats->evicted > 0)
    g_string_append_printf (out, "\nnote: %" G_GUINT64_FORMAT " conversations were judged "
                            "early: more than %u were open at once", stats->evicted,
                            CC_CAPTURE_DEFAULT_MAX_OPEN);
  return g_string_free (out, FALSE);
}

char *
cc_capture_render_json (const CcCaptureSummary *summary, const CcCaptureStats *stats,
                        const char *label, const GError *error)
{
  CcState state = cc_capture_summary_state (summary, error);
  GString *out = g_string_new ("{");

  json_key_string (out, "capture", label);
  g_string_append_c (out, ',');
  json_key_string (out, "state", cc_state_name (state));
  if (state == CC_STATE_UNKNOWN)
    {
      g_string_append_c (out, ',');
      json_key_string (out, "error", unknown_reason (error));
    }
  g_string_append_printf (out, ",\"frames\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT
                          ",\"failing\":%" G_GUINT64_FORMAT ",\"conversations\":[\n%s]}",
                          stats->frames, stats->bytes, summary->failing,
                          summary->rows != NULL ? summary->rows->str : "");
  return g_string_free (out, FALSE);
}

char *
cc_capture_render_csv (const CcCaptureSummary *summary, const CcCaptureStats *stats,
                       const char *label, const GError *error)
{
  if (cc_capture_summary_state (summary, error) == CC_STATE_UNKNOWN)
    return cc_capture_render_nagios (summary, stats, label, error);
  return g_strconcat (csv_header, summary->rows != NULL ? summary->rows->str : "", NULL);
}

static void
capture_count (GString *out, const char *name, const char *help, const char *labels,
               guint64 value)
{
  cc_openmetrics_family (out, name, help);
  cc_openmetrics_count (out, name, labels, value);
}

char *
cc_capture_render_openmetrics (const CcCaptureSummary *summary, const CcCaptureStats *stats,
                               const char *label, const GError *error)
{
  CcState state = cc_capture_summary_state (summary, error);
  g_autoptr (GString) capture = g_string_new (NULL);
  g_autoptr (GString) with_state = NULL;
  GString *out;

  if (state == CC_STATE_UNKNOWN)
    return cc_capture_render_nagios (summary, stats, label, error);
  out = g_string_new (NULL);
  cc_openmetrics_label (capture, "capture", label);
  with_state = g_string_new (capture->str);
  cc_openmetrics_label (with_state, "state", cc_state_name (state));
  capture_count (out, "check_conn_capture_state", "Capture state as the plugin exit code "
                 "(worst conversation); label state names it", with_state->str, state);
  capture_count (out, "check_conn_capture_conversations", "TCP conversations judged",
                 capture->str, summary->conversations);
  capture_count (out, "check_conn_capture_failing", "Conversations that failed",
                 capture->str, summary->failing);
  cc_openmetrics_family (out, "check_conn_capture_cause_conversations",
                         "Conversations by cause, ok included");
  for (guint cause = CC_CAUSE_NONE; cause < CC_CAUSE_LAST; cause++)
    if (summary->per_cause[cause] > 0)
      {
        g_autoptr (GString) labels = g_string_new (capture->str);
        cc_openmetrics_label (labels, "cause", cc_cause_get (cause)->name);
        cc_openmetrics_count (out, "check_conn_capture_cause_conversations", labels->str,
                              summary->per_cause[cause]);
      }
  capture_count (out, "check_conn_capture_frames", "Frames read", capture->str,
                 stats->frames);
  capture_count (out, "check_conn_capture_bytes", "Bytes of the frames read", capture->str,
                 stats->bytes);
  cc_openmetrics_end (out);
  return g_string_free (out, FALSE);
}

#define STATS_RULE "===================================================================\n"

char *
cc_capture_render_cause_counts (const guint64 per_cause[CC_CAUSE_LAST], const char *filter)
{
  g_autofree char *shown_filter = filter != NULL ? cc_escape_text (filter) : NULL;
  GString *out = g_string_new (STATS_RULE "check_conn causes\n");
  guint64 total = 0;

  g_string_append_printf (out, "Filter: %s\n", shown_filter ?: "<none>");
  g_string_append_printf (out, "%-32s %10s  %-8s  %s\n", "Cause", "Count", "State", "Summary");
  for (guint cause = CC_CAUSE_NONE + 1; cause < CC_CAUSE_LAST; cause++)
    {
      const CcCause *row = cc_cause_get (cause);

      if (per_cause[cause] == 0)
        continue;
      total += per_cause[cause];
      g_string_append_printf (out, "%-32s %10" G_GUINT64_FORMAT "  %-8s  %s\n", row->name,
                              per_cause[cause], cc_state_name (row->state), row->summary);
    }
  g_string_append_printf (out, "%-32s %10" G_GUINT64_FORMAT "\n" STATS_RULE, "Total", total);
  return g_string_free (out, FALSE);
}
