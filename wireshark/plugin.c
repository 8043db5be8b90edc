/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Wireshark plugin: a postdissector that hands every frame of the first pass to the
 * same conversation tracker and judgement as check_conn --pcap, then, on later passes,
 * puts a check_conn tree and an Expert Info entry on the frame that settled each failed
 * conversation, and queues the verdict for the causes tap. */
/* Wireshark's own headers expect its base header first. */
#include <wireshark.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <pcap/dlt.h>
#include <wiretap/wtap.h>

#include "wireshark/causes_tap.h"
#include "wireshark/frame_verdicts.h"

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PACKAGE_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
WS_DLL_PUBLIC void plugin_register (void);

/* Wireshark's registration API hands out ids through static variables, and dissects
 * one capture file at a time: its verdicts live from the file's init to its cleanup. */
static int proto_check_conn = -1;
static int tap_check_conn = -1;
static int ett_check_conn = -1;
static int ett_evidence = -1;
static int hf_cause = -1;
static int hf_state = -1;
static int hf_summary = -1;
static int hf_advice = -1;
static int hf_detail = -1;
static int hf_evidence = -1;
static int hf_identified = -1;
static int hf_expected = -1;
static int hf_client = -1;
static int hf_server = -1;
static expert_field ei_critical = EI_INIT;
static expert_field ei_warning = EI_INIT;
static expert_field ei_unknown = EI_INIT;
static CcFrameVerdicts *file_verdicts;

/* The pcap link type of a frame, for the decoder; -1 for one it has no DLT for. */
static int
frame_linktype (const packet_info *pinfo)
{
  if (pinfo->rec->rec_type != REC_TYPE_PACKET)
    return -1;
  switch (pinfo->rec->rec_header.packet_header.pkt_encap)
    {
    case WTAP_ENCAP_ETHERNET: return DLT_EN10MB;
    case WTAP_ENCAP_SLL: return DLT_LINUX_SLL;
    case WTAP_ENCAP_SLL2: return DLT_LINUX_SLL2;
    case WTAP_ENCAP_RAW_IP: return DLT_RAW;
    case WTAP_ENCAP_RAW_IP4: return DLT_IPV4;
    case WTAP_ENCAP_RAW_IP6: return DLT_IPV6;
    case WTAP_ENCAP_NULL: return DLT_NULL;
    case WTAP_ENCAP_LOOP: return DLT_LOOP;
    default: return -1;
    }
}

/* Files lie about time: a stamp never overflows microseconds, as in the pcap reader. */
static gint64
frame_time_us (const nstime_t *stamp)
{
  gint64 seconds = CLAMP ((gint64) stamp->secs, 0, G_MAXINT64 / G_USEC_PER_SEC - 1);
  return seconds * G_USEC_PER_SEC + CLAMP (stamp->nsecs / 1000, 0, G_USEC_PER_SEC - 1);
}

static void
read_frame (tvbuff_t *tvb, packet_info *pinfo)
{
  guint captured = tvb_captured_length (tvb);

  if (captured == 0)
    return;
  cc_frame_verdicts_add_frame (file_verdicts, frame_linktype (pinfo), pinfo->num,
                               frame_time_us (&pinfo->abs_ts),
                               tvb_get_ptr (tvb, 0, captured), captured);
}

/* Only failed conversations carry a verdict: none is OK. UNKNOWN is a Note. */
static expert_field *
expert_for (CcState state)
{
  switch (state)
    {
    case CC_STATE_CRITICAL: return &ei_critical;
    case CC_STATE_WARNING: return &ei_warning;
    default: return &ei_unknown;
    }
}

static void
add_string (proto_tree *tree, int hf, tvbuff_t *tvb, const char *value)
{
  if (value != NULL)
    proto_item_set_generated (proto_tree_add_string (tree, hf, tvb, 0, 0, value));
}

static void
add_evidence (proto_tree *tree, tvbuff_t *tvb, const GPtrArray *evidence)
{
  proto_item *item;
  proto_tree *lines;

  if (evidence->len == 0)
    return;
  lines = proto_tree_add_subtree_format (tree, tvb, 0, 0, ett_evidence, &item,
                                         "Evidence (%u)", evidence->len);
  proto_item_set_generated (item);
  for (guint i = 0; i < evidence->len; i++)
    add_string (lines, hf_evidence, tvb, g_ptr_array_index (evidence, i));
}

static void
show_verdict (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
              const CcFrameVerdict *verdict)
{
  const CcCause *cause = cc_cause_get (verdict->cause);
  proto_item *item = proto_tree_add_protocol_format (tree, proto_check_conn, tvb, 0, 0,
                                                     "check_conn: %s (%s)", verdict->detail,
                                                     cause->name);
  proto_tree *subtree = proto_item_add_subtree (item, ett_check_conn);

  proto_item_set_generated (item);
  add_string (subtree, hf_cause, tvb, cause->name);
  add_string (subtree, hf_state, tvb, cc_state_name (cause->state));
  add_string (subtree, hf_summary, tvb, cause->summary);
  add_string (subtree, hf_detail, tvb, verdict->detail);
  add_string (subtree, hf_advice, tvb, cause->advice);
  add_string (subtree, hf_client, tvb, verdict->client);
  add_string (subtree, hf_server, tvb, verdict->server);
  add_string (subtree, hf_identified, tvb, verdict->identified);
  add_string (subtree, hf_expected, tvb, verdict->expected);
  add_evidence (subtree, tvb, verdict->evidence);
  expert_add_info_format (pinfo, item, expert_for (cause->state), "%s: %s", cause->name,
                          cause->summary);
  col_append_fstr (pinfo->cinfo, COL_INFO, " [check_conn: %s]", cause->name);
  tap_queue_packet (tap_check_conn, pinfo, verdict);
}

static int
dissect_check_conn (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
  const GPtrArray *verdicts;

  if (file_verdicts == NULL)
    return 0;
  if (!PINFO_FD_VISITED (pinfo))
    {
      read_frame (tvb, pinfo);
      return 0;
    }
  /* The first pass has read every frame: only now is every conversation over. */
  cc_frame_verdicts_settle (file_verdicts);
  verdicts = cc_frame_verdicts_at (file_verdicts, pinfo->num);
  for (guint i = 0; verdicts != NULL && i < verdicts->len; i++)
    show_verdict (tvb, pinfo, tree, g_ptr_array_index (verdicts, i));
  return 0;
}

static void
file_init (void)
{
  cc_frame_verdicts_free (file_verdicts);
  file_verdicts = cc_frame_verdicts_new ();
}

static void
file_cleanup (void)
{
  g_clear_pointer (&file_verdicts, cc_frame_verdicts_free);
}

#define STRING_FIELD(id, name, abbrev, blurb) \
  { &id, { name, abbrev, FT_STRING, BASE_NONE, NULL, 0x0, blurb, HFILL } }

static void
register_fields (void)
{
  static hf_register_info fields[] = {
    STRING_FIELD (hf_cause, "Cause", "check_conn.cause",
                  "Why the connection failed: a cause id, as check_conn names it"),
    STRING_FIELD (hf_state, "State", "check_conn.state", "OK, WARNING or CRITICAL"),
    STRING_FIELD (hf_summary, "Summary", "check_conn.summary", "What the cause means"),
    STRING_FIELD (hf_detail, "Detail", "check_conn.detail",
                  "What went wrong in this conversation"),
    STRING_FIELD (hf_advice, "Advice", "check_conn.advice", "What to do about it"),
    STRING_FIELD (hf_client, "Client", "check_conn.client", "Who opened the connection"),
    STRING_FIELD (hf_server, "Server", "check_conn.server", "Where the client connected"),
    STRING_FIELD (hf_identified, "Identified", "check_conn.identified",
                  "The protocol the server answered in"),
    STRING_FIELD (hf_expected, "Expected", "check_conn.expected",
                  "The protocol the client spoke"),
    STRING_FIELD (hf_evidence, "Evidence", "check_conn.evidence", "What the packets showed"),
  };
  static gint *subtrees[] = { &ett_check_conn, &ett_evidence };

  proto_register_field_array (proto_check_conn, fields, G_N_ELEMENTS (fields));
  proto_register_subtree_array (subtrees, G_N_ELEMENTS (subtrees));
}

#define VERDICT_EXPERT(id, abbrev, severity, what) \
  { &id, { abbrev, PI_SEQUENCE, severity, what, EXPFILL } }

static void
register_expert_infos (void)
{
  static ei_register_info infos[] = {
    VERDICT_EXPERT (ei_critical, "check_conn.critical", PI_ERROR, "a CRITICAL verdict"),
    VERDICT_EXPERT (ei_warning, "check_conn.warning", PI_WARN, "a WARNING verdict"),
    VERDICT_EXPERT (ei_unknown, "check_conn.unknown", PI_NOTE, "an UNKNOWN verdict"),
  };

  expert_register_field_array (expert_register_protocol (proto_check_conn), infos,
                               G_N_ELEMENTS (infos));
}

static void
register_protocol (void)
{
  proto_check_conn = proto_register_protocol ("check_conn: why a connection failed",
                                              "check_conn", "check_conn");
  register_fields ();
  register_expert_infos ();
  tap_check_conn = register_tap ("check_conn");
  register_init_routine (file_init);
  register_cleanup_routine (file_cleanup);
  cc_causes_tap_register (&file_verdicts);
}

static void
register_handoff (void)
{
  register_postdissector (create_dissector_handle (dissect_check_conn, proto_check_conn));
}

void
plugin_register (void)
{
  static proto_plugin plugin = { register_protocol, register_handoff };

  proto_register_plugin (&plugin);
}
