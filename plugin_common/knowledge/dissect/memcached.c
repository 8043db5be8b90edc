/* SPDX-License-Identifier: GPL-3.0-or-later */
/* memcached text protocol (github.com/memcached/memcached, doc/protocol.txt): "version"
 * is answered "VERSION <version>". */
#include "knowledge/dissect/internal.h"
#include "knowledge/dissect/cursor.h"

static const guint16 memcached_ports[] = { 11211, 0 };

static GBytes *
memcached_build_probe (const CcProbeContext *context)
{
  return g_bytes_new_static ("version\r\n", 9);
}

static int
memcached_score (const guint8 *reply, gsize length, const CcProbeContext *context)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  int prefix = cc_match_prefix (reply, length, "VERSION ");
  const guint8 *line;
  gsize line_length;

  if (prefix != CC_SCORE_CERTAIN)
    return prefix;
  if (!cc_cursor_line (&cursor, &line, &line_length))
    return -1;
  if (line_length == 8 || line[line_length] != '\r')
    return CC_SCORE_NONE;
  for (gsize i = 8; i < line_length; i++)
    if (line[i] <= ' ' || line[i] >= 0x7f)
      return CC_SCORE_NONE;
  return CC_SCORE_CERTAIN;
}

static void
memcached_describe (const guint8 *reply, gsize length, GPtrArray *fields)
{
  CcCursor cursor = cc_cursor_make (reply, length);
  const guint8 *line;
  gsize line_length;

  if (memcached_score (reply, length, NULL) != CC_SCORE_CERTAIN
      || !cc_cursor_line (&cursor, &line, &line_length))
    return;
  cc_field_add (fields, "memcached.version", line + 8, line_length - 8);
}

const CcDissector cc_dissector_memcached = {
  .name = "memcached",
  .title = "memcached",
  .kind = "a memcached",
  .ports = memcached_ports,
  .server_speaks_first = FALSE,
  .probe_order = 3,
  .build_probe = memcached_build_probe,
  .score = memcached_score,
  .describe = memcached_describe,
};
