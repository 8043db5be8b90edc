/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP/2 with prior knowledge (RFC 9113, 3.3 and 3.4): the client preface and an empty
 * SETTINGS frame; an HTTP/2 server's first frame is SETTINGS on stream 0. */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

static const guint16 http2_ports[] = { 80, 8080, 0 };

enum {
  FRAME_SETTINGS = 0x4,
  FRAME_GOAWAY = 0x7,
  FLAG_ACK = 0x1,
};

#define FRAME_HEADER 9
#define SETTING_SIZE 6
#define MAX_FRAME 16384 /* SETTINGS_MAX_FRAME_SIZE's initial value */
#define MAX_FRAMES 8    /* frames described, whatever the reply holds */

static const char preface[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

static const char *const setting_names[] = {
  NULL,
  "header_table_size",
  "enable_push",
  "max_concurrent_streams",
  "initial_window_size",
  "max_frame_size",
  "max_header_list_size",
};

/* RFC 9113 7: error codes, indexed by value. */
static const char *const error_names[] = {
  "NO_ERROR",
  "PROTOCOL_ERROR",
  "INTERNAL_ERROR",
  "FLOW_CONTROL_ERROR",
  "SETTINGS_TIMEOUT",
  "STREAM_CLOSED",
  "FRAME_SIZE_ERROR",
  "REFUSED_STREAM",
  "CANCEL",
  "COMPRESSION_ERROR",
  "CONNECT_ERROR",
  "ENHANCE_YOUR_CALM",
  "INADEQUATE_SECURITY",
  "HTTP_1_1_REQUIRED",
};

typedef struct {
  guint32 length;
  guint8 type;
  guint8 flags;
  guint32 stream;
} Frame;

static gboolean
read_frame_header (CcCursor *cursor, Frame *frame)
{
  guint32 type;
  guint32 flags;

  if (!cc_cursor_uint_be (cursor, 3, &frame->length) || !cc_cursor_uint_be (cursor, 1, &type)
      || !cc_cursor_uint_be (cursor, 1, &flags) || !cc_cursor_uint_be (cursor, 4, &frame->stream))
    return FALSE;
  frame->type = type;
  frame->flags = flags;
  frame->stream &= 0x7fffffff;
  return TRUE;
}

static GBytes *
http2_build_probe (const CcProbeContext *context)
{
  static const guint8 empty_settings[FRAME_HEADER] = { 0, 0, 0, FRAME_SETTINGS, 0, 0, 0, 0, 0 };
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) preface, sizeof preface - 1);
  g_byte_array_append (out, empty_settings, sizeof empty_settings);
  return g_byte_array_free_to_bytes (out);
}

static int
http2_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  Frame frame;

  /* The length's high byte is 0 for any SETTINGS frame, and the type byte must say so. */
  if (length >= 1 && reply[0] != 0)
    return CC_SCORE_NONE;
  if (length >= 4 && reply[3] != FRAME_SETTINGS)
    return CC_SCORE_NONE;
  if (!read_frame_header (&cursor, &frame))
    return -(int) (FRAME_HEADER - length);
  if (frame.stream != 0 || (frame.flags & ~FLAG_ACK) != 0 || frame.length % SETTING_SIZE != 0
      || frame.length > MAX_FRAME || ((frame.flags & FLAG_ACK) && frame.length != 0))
    return CC_SCORE_NONE;
  return CC_SCORE_CERTAIN;
}

static void
describe_settings (CcCursor *payload, GPtrArray *fields)
{
  guint32 id;
  guint32 value;

  while (cc_cursor_uint_be (payload, 2, &id) && cc_cursor_uint_be (payload, 4, &value))
    {
      g_autofree char *name = NULL;
      if (id < G_N_ELEMENTS (setting_names) && setting_names[id] != NULL)
        name = g_strconcat ("http2.settings.", setting_names[id], NULL);
      else
        name = g_strdup_printf ("http2.settings.0x%04x", id);
      cc_field_addf (fields, name, "%u", value);
    }
}

static void
describe_goaway (CcCursor *payload, GPtrArray *fields)
{
  guint32 last_stream;
  guint32 code;

  if (!cc_cursor_uint_be (payload, 4, &last_stream) || !cc_cursor_uint_be (payload, 4, &code))
    return;
  if (code < G_N_ELEMENTS (error_names))
    cc_field_addf (fields, "http2.goaway", "%s", error_names[code]);
  else
    cc_field_addf (fields, "http2.goaway", "0x%x", code);
  if (cc_cursor_remaining (payload) > 0)
    cc_field_add (fields, "http2.goaway_debug", cc_cursor_here (payload),
                  cc_cursor_remaining (payload));
}

static void
http2_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  Frame frame;

  if (http2_score (reply, length, NULL) != CC_SCORE_CERTAIN)
    return;
  for (guint n = 0; n < MAX_FRAMES && read_frame_header (&cursor, &frame); n++)
    {
      const guint8 *body;
      CcCursor payload;

      if (!cc_cursor_bytes (&cursor, frame.length, &body))
        break;
      payload = cc_cursor_make (body, frame.length);
      if (frame.type == FRAME_SETTINGS && !(frame.flags & FLAG_ACK))
        describe_settings (&payload, fields);
      else if (frame.type == FRAME_GOAWAY)
        describe_goaway (&payload, fields);
    }
}

const CcDissector cc_dissector_http2 = {
  .name = "http2",
  .title = "HTTP/2",
  .kind = "an HTTP",
  .tls_scheme = "https",
  .ports = http2_ports,
  .server_speaks_first = FALSE,
  .probe_order = 8,
  .build_probe = http2_build_probe,
  .score = http2_score,
  .describe = http2_describe,
};
